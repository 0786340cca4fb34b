/**
 * npm run worker: delivers the outbox (SMS and email, with retries and backoff) and runs the
 * periodic scan (grey and respond-by reminders, applications no longer needed, watched devices).
 * Its own process in production, beside the web instances; any number may run. SIGINT or SIGTERM
 * stops it after the jobs under way.
 */
import http from 'node:http';
import { config, startupWarnings } from '../lib/config';
import { closeDb, db } from '../lib/data/prisma';
import { closeListPools } from '../lib/data/device-lists';
import { startWorker } from '../lib/notify/worker';

async function main() {
  const c = config();
  for (const w of startupWarnings(c)) console.warn(`warning: ${w}`);
  const worker = await startWorker({ prisma: await db() });
  console.log(
    `notification worker started: SMS ${c.notify.sms?.transport ?? 'off'}, email ${c.notify.email?.transport ?? 'off'}, scan every ${c.notify.scanSeconds} s`,
  );
  // WORKER_HEALTH_PORT (optional): GET /healthz answers 200 while the worker runs, for a
  // supervisor's liveness probe (and for Playwright, which waits for it before the tests start).
  let health: http.Server | undefined;
  if (process.env.WORKER_HEALTH_PORT) {
    health = http.createServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url === '/healthz' ? '{"status":"UP"}' : '{}');
    });
    health.listen(Number(process.env.WORKER_HEALTH_PORT), '127.0.0.1');
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    health?.close();
    await worker.stop();
    await closeListPools();
    await closeDb();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`worker: ${(e as Error).message}`);
  process.exit(1);
});
