/** npm run db:seed: loads the demo TAC list and one device for every outcome (see the README). */
import { seedDemo } from '../lib/data/demo-seed';
import { db } from '../lib/data/prisma';
import { refreshLists } from '../lib/data/device-lists';
import { runCli } from './run-cli';
import { DEMO_DEVICES, DEMO_WRONG_CHECK_DIGIT } from '../lib/demo-devices';

async function main() {
  const n = await seedDemo(await db());
  console.log(`seeded ${n} demo devices:`);
  for (const d of DEMO_DEVICES) console.log(`  ${d.imei}  ${d.description}`);
  console.log(
    `  ${DEMO_WRONG_CHECK_DIGIT}  not a valid IMEI: wrong check digit (type it to see the explanation)`,
  );
  const lists = await refreshLists();
  console.log(`operators' lists up to date (${lists.changes} change(s) recorded)`);
}

runCli(main, 'seed failed');
