/**
 * npm run eir: the equipment identity check server (lib/eir/eir-server.ts), HTTP/1.1 and h2c on
 * EIR_PORT (default 3040), on the portal's database (DATABASE_URL, set by scripts/with-db.ts).
 * Stops gracefully on SIGINT or SIGTERM: no new connections, requests under way answered, the
 * pool closed. Every 30 seconds it also brings the operators' lists up to date (lib/data/device-lists.ts),
 * so a change made by time alone (grey → black at the deadline) is recorded when it happens.
 */
import { config } from '../lib/config';
import { startEirServer } from '../lib/eir/eir-server';
import { closeListPools, refreshLists } from '../lib/data/device-lists';

const LISTS_EVERY_MS = 30_000;

async function main() {
  const c = config();
  const server = await startEirServer({
    databaseUrl: c.databaseUrl,
    port: c.eirPort,
    poolMax: c.poolMax,
    rules: c.rules,
  });
  console.log(
    `eir: listening on port ${server.port} (HTTP/1.1 and h2c): GET /n5g-eir-eic/v1/equipment-status, GET /healthz`,
  );
  // The lists' reconciler: the next run 30 s after the last one ended, never two at once here
  // (other processes' runs take turns on its lock).
  let refreshing: Promise<unknown> = Promise.resolve();
  let failures = 0;
  let tick: NodeJS.Timeout;
  const schedule = () => {
    tick = setTimeout(() => {
      refreshing = refreshLists()
        .then(
          () => (failures = 0),
          (e: unknown) => {
            if (failures++ === 0)
              console.error(
                `eir: lists refresh failed (${(e as { code?: string }).code ?? (e instanceof Error ? e.name : 'error')}); retrying every ${LISTS_EVERY_MS / 1000} s`,
              );
          },
        )
        .then(() => {
          if (!stopping) schedule();
        });
    }, LISTS_EVERY_MS);
  };
  schedule();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`eir: ${signal}: stopping`);
    clearTimeout(tick);
    Promise.all([server.close(), refreshing.then(closeListPools)]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`eir: could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
