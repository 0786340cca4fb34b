/**
 * npm run eir: the equipment identity check server (lib/eir/eir-server.ts), HTTP/1.1 and h2c on
 * EIR_PORT (default 3040), on the portal's database (DATABASE_URL, set by scripts/with-db.ts).
 * Stops gracefully on SIGINT or SIGTERM: no new connections, requests under way answered, the
 * pool closed.
 */
import { config } from '../lib/config';
import { startEirServer } from '../lib/eir/eir-server';

async function main() {
  const c = config();
  const server = await startEirServer({ databaseUrl: c.databaseUrl, port: c.eirPort, poolMax: c.poolMax, rules: c.rules });
  console.log(`eir: listening on port ${server.port} (HTTP/1.1 and h2c): GET /n5g-eir-eic/v1/equipment-status, GET /healthz`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`eir: ${signal}: stopping`);
    server.close().then(
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
