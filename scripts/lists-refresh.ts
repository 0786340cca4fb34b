/**
 * npm run lists:refresh [-- --rebuild]
 * Brings the operators' lists (device_lists, list_changes) up to date: devices whose facts changed
 * and devices whose time has come (a grey window ending). The list interfaces and the EIR server
 * do this themselves; run it from cron when neither runs. --rebuild looks at every known device
 * again (after restoring a backup, or a change of GREY_WINDOW_DAYS or GRANDFATHER_CUTOFF).
 */
import { rebuildLists, refreshLists } from '../lib/data/device-lists';
import { runCli } from './run-cli';

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--rebuild');
  if (unknown.length) {
    console.error(`unknown argument ${unknown[0]}\nusage: npm run lists:refresh [-- --rebuild]`);
    return 2;
  }
  const started = process.hrtime.bigint();
  const report = args.includes('--rebuild') ? await rebuildLists() : await refreshLists();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `lists up to date: ${report.devices} device(s) looked at, ${report.changes} list change(s) recorded (${seconds.toFixed(1)} s)`,
  );
  return 0;
}

runCli(main, 'lists refresh failed');
