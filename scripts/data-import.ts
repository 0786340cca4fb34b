/**
 * npm run data:import -- <kind> <file> [--no-lists]
 * Loads one CSV data feed into DATABASE_URL, all or nothing (lib/data/feed-import.ts: one pass,
 * COPY into a staging table, one merge). Exit status: 0 imported, 1 refused (nothing written;
 * every bad row listed), 2 wrong usage or unreadable file. The operators' lists are brought up to
 * date afterwards, unless --no-lists (then the next list reader or `npm run lists:refresh` does it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FEED_COLUMNS, FEED_KINDS, rowErrorText, type FeedKind } from '../lib/feeds/feed-kinds';
import { importFeed } from '../lib/data/feed-import';
import { systemActor } from '../lib/domain/actor';
import { db } from '../lib/data/prisma';
import { refreshLists } from '../lib/data/device-lists';
import { runCli } from './run-cli';

function usage(message?: string): never {
  if (message) console.error(`error: ${message}\n`);
  console.error(
    'usage: npm run data:import -- <kind> <file.csv> [--no-lists]\n\nkinds and their header columns:',
  );
  for (const k of FEED_KINDS) console.error(`  ${k.padEnd(15)} ${FEED_COLUMNS[k].join(',')}`);
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  const noLists = args.includes('--no-lists');
  const [kind, file, extra] = args.filter((a) => a !== '--no-lists');
  if (extra) usage(`unexpected argument ${extra}`);
  if (!kind || !file) usage();
  if (!(FEED_KINDS as readonly string[]).includes(kind)) usage(`unknown kind "${kind}"`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    usage(`cannot read ${file}`);
  }
  if (!stat.isFile()) usage(`${file} is not a file`);

  const started = process.hrtime.bigint();
  const report = await importFeed(
    await db(),
    kind as FeedKind,
    () => fs.createReadStream(file, { highWaterMark: 1 << 20 }),
    {
      actor: systemActor('cli'),
      fileName: path.basename(file),
      onProgress: (rows) => process.stderr.write(`  … ${rows.toLocaleString('en')} rows checked\n`),
      onStage: (stage, r) => {
        if (stage === 'merge')
          process.stderr.write(
            `  … all ${r.rows.toLocaleString('en')} rows good; merging into the database\n`,
          );
      },
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  if (report.ok) {
    console.log(
      `imported ${report.kind} from ${report.fileName}: ${report.rows} rows, ${report.changed} new or changed, ` +
        `${report.rows - report.changed} already up to date (${seconds.toFixed(1)} s)`,
    );
    if (report.changed > 0 && !noLists) {
      // The operators' lists follow at once (a reader would bring them up to date anyway, later).
      const t = process.hrtime.bigint();
      const lists = await refreshLists();
      console.log(
        `lists brought up to date: ${lists.devices} device(s) looked at, ${lists.changes} list change(s) (${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s)`,
      );
    }
    return 0;
  }
  console.error(`refused ${report.fileName}: nothing was written.`);
  if (report.empty) console.error('  the file is empty: the first line must be the header row');
  if (report.invalidEncoding)
    console.error('  the file is not UTF-8 text: save it as UTF-8 (CSV UTF-8) and try again');
  if (report.missingColumns) {
    console.error(`  line 1: the header lacks the column(s) ${report.missingColumns.join(', ')}`);
    console.error(`  expected: ${FEED_COLUMNS[report.kind].join(',')}`);
  }
  for (const e of report.errors)
    console.error(
      `  line ${e.line}: ${e.column}: ${rowErrorText(e.code, e.firstLine)} (${e.code})`,
    );
  if (report.badRows > 0) {
    const shown = new Set(report.errors.map((e) => e.line)).size;
    console.error(
      `${report.badRows} bad row(s) of ${report.rows}` +
        (shown < report.badRows ? ` (first ${shown} listed)` : ''),
    );
  }
  return 1;
}

runCli(main, 'import failed');
