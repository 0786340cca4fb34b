/**
 * npm run worker: delivers the outbox (SMS and email, with retries and backoff) and runs the
 * periodic scan (grey and respond-by reminders, applications no longer needed, watched devices).
 * Its own process in production, beside the web instances; any number may run. SIGINT or SIGTERM
 * stops it after the jobs under way.
 */
import { config, startupWarnings } from '../lib/config';
import { closeDb, db } from '../lib/data/prisma';
import { closeListPools } from '../lib/data/device-lists';
import { startWorker } from '../lib/notify/worker';

async function main() {
  const c = config();
  for (const w of startupWarnings(c)) console.warn(`warning: ${w}`);
  const worker = await startWorker({ prisma: await db() });
  console.log(`notification worker started: SMS ${c.notify.sms?.transport ?? 'off'}, email ${c.notify.email?.transport ?? 'off'}, scan every ${c.notify.scanSeconds} s`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
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
