// Runs a command with a PostgreSQL to talk to.
//
//   tsx scripts/with-db.ts -- <command> [args…]          the portal's database
//   tsx scripts/with-db.ts --tests -- <command> [args…]  a server the tests may create databases on
//
// The portal's database: DATABASE_URL when it is set (nothing is started); otherwise the embedded
// PostgreSQL (lib/database/embedded-server.ts), started if it is not running, with its `portal`
// database, passed to the command as DATABASE_URL.
//
// For the tests: TEST_DATABASE_URL when it is set (an account allowed to create databases, on a
// server of your own); otherwise the embedded server's `postgres` database, passed as
// TEST_DATABASE_URL. DATABASE_URL is removed from the tests' environment: tests never create or
// drop databases through it.
//
// When this command started the embedded server, it stops it once the command ends (also on
// Ctrl-C or SIGTERM), unless other commands still use it (then the last of them stops it); when
// it found one running, it leaves it running (lib/database/embedded-server.ts, "Leases").
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import {
  EMBEDDED_DATABASE,
  embeddedSettings,
  ensureDatabase,
  ensureEmbeddedServer,
  withDatabase,
  type EmbeddedHandle,
} from '../lib/database/embedded-server';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const tests = argv[0] === '--tests';
  const sep = argv.indexOf('--');
  const command = sep >= 0 ? argv.slice(sep + 1) : argv.slice(tests ? 1 : 0);
  if (!command.length) {
    console.error('Usage: tsx scripts/with-db.ts [--tests] -- <command> [args…]');
    return 64;
  }

  const env = { ...process.env };
  let server: EmbeddedHandle | undefined;
  // Ctrl-C or SIGTERM before the command runs: end the lease (stopping a server started here).
  let child: ChildProcess | undefined;
  const onSignal = (signal: NodeJS.Signals) => () => {
    if (child) child.kill(signal);
    else
      void (server?.release() ?? Promise.resolve()).finally(() =>
        process.exit(128 + (os.constants.signals[signal] ?? 15)),
      );
  };
  process.on('SIGINT', onSignal('SIGINT'));
  process.on('SIGTERM', onSignal('SIGTERM'));
  try {
    if (tests) {
      delete env.DATABASE_URL;
      if (!env.TEST_DATABASE_URL) {
        server = await startEmbedded();
        env.TEST_DATABASE_URL = server.adminUrl;
      }
    } else if (!env.DATABASE_URL) {
      server = await startEmbedded();
      await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
      env.DATABASE_URL = withDatabase(server.adminUrl, EMBEDDED_DATABASE);
    }

    child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
    return await new Promise<number>((resolve) => {
      child!.on('error', (e) => {
        console.error(`could not run ${command[0]}: ${e.message}`);
        resolve(127);
      });
      child!.on('exit', (c, signal) =>
        resolve(c ?? 128 + (signal ? (os.constants.signals[signal] ?? 15) : 1)),
      );
    });
  } finally {
    await server?.release();
  }
}

async function startEmbedded(): Promise<EmbeddedHandle> {
  const settings = embeddedSettings();
  const server = await ensureEmbeddedServer(settings);
  if (server.started)
    console.error(
      `› embedded PostgreSQL started on 127.0.0.1:${settings.port} (data: ${settings.dataDir})`,
    );
  return server;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`with-db: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
