/**
 * Fault: the import is killed (SIGKILL, no chance to clean up) while it writes, once in the middle
 * of its COPY into the staging table and once while it merges into the real table. The database
 * must be exactly as before (every feed and list table: row counts and a checksum of the rows), and
 * the next import must run to the end: nothing the killed one left (its temp staging table, its
 * transaction, its row locks) may stand in the way.
 *
 * The import is the real CLI, started as `npm run data:import` starts it (same heap limit). When
 * to kill is read from the database, never from a clock: the COPY, and then the merge query (the
 * `INSERT … SELECT … FROM feed_stage` into network_registrations, seconds for this many rows), are
 * seen running in pg_stat_activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDb } from '../lib/data/test-db';
import { importFeed } from '../lib/data/feed-import';
import { luhnCheckDigit } from '../lib/domain/imei';
import type { Db } from '../lib/data/prisma';
import { systemActor } from '../lib/domain/actor';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-import-kill-'));
let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
let watcher: pg.Client;

const npmScript: string = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts[
  'data:import'
];
const heap = /--max-old-space-size=\d+/.exec(npmScript)![0];

const ROWS = 200_000;
const identity = (n: number) => `35290200${String(n).padStart(6, '0')}`;
const big = path.join(dir, 'registrations.csv');

beforeAll(async () => {
  ({ prisma, databaseUrl, dispose } = await createTestDb());
  watcher = new pg.Client({ connectionString: databaseUrl });
  await watcher.connect();
  // What is there before: every kind, and registrations the big feed would change.
  const feeds: [Parameters<typeof importFeed>[1], string][] = [
    ['tac', 'tac,brand,model\n35290200,Samsung,Galaxy A55\n35209900,Apple,iPhone 15\n'],
    ['gsma-blacklist', `imei,reason,listed_at,removed_at\n${identity(7)},stolen,2026-10-01,\n`],
    [
      'legal-imports',
      `imei,source,organisation,document,recorded_at\n${identity(8)},importer,Alem LLP,GTD-1,2026-01-10\n`,
    ],
    [
      'registrations',
      `imei,imsi,msisdn,operator,seen_at\n${identity(1)},401011234500001,77015550001,Kcell,2026-11-10\n${identity(2)},401011234500002,77015550002,Kcell,2026-11-10\n`,
    ],
  ];
  for (const [kind, text] of feeds) {
    const r = await importFeed(
      prisma,
      kind,
      async function* () {
        yield text;
      },
      { actor: systemActor('cli'), fileName: `${kind}.csv`, databaseUrl },
    );
    expect(r.ok).toBe(true);
  }
  // The big feed: the two known devices seen earlier (their rows would change), and new ones.
  const fd = fs.openSync(big, 'w');
  fs.writeSync(fd, 'imei,imsi,msisdn,operator,seen_at\n');
  let chunk = '';
  for (let n = 1; n <= ROWS; n++) {
    chunk += `${identity(n)}${luhnCheckDigit(identity(n))},40101${String(n).padStart(10, '0')},7701${String(n).padStart(7, '0')},Kcell,2026-11-01T10:00:00+05:00\n`;
    if (n === 1 || n === 2)
      chunk += `${identity(n)},40101123450000${n},7701555000${n},Kcell,2026-11-01\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}, 300_000);

afterAll(async () => {
  await watcher?.end();
  await dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const TABLES = [
  'tac_records',
  'gsma_blacklist',
  'legality_records',
  'network_registrations',
  'feed_imports',
  'device_lists',
  'list_changes',
  'list_dirty',
];

/** Each table's row count and a checksum of its rows (in a stable order). */
async function snapshot() {
  const out: Record<string, { rows: number; md5: string | null }> = {};
  for (const t of TABLES) {
    const { rows } = await watcher.query(
      `SELECT count(*)::int AS rows, md5(string_agg(x::text, '|' ORDER BY x::text)) AS md5 FROM ${t} x`,
    );
    out[t] = rows[0];
  }
  return out;
}

/** The import's backend (application_name 'feed-import') and what it runs, if any. */
async function importBackend(): Promise<{ pid: number; state: string; query: string } | undefined> {
  const { rows } = await watcher.query(
    `SELECT pid, state, query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'feed-import'`,
  );
  return rows[0];
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  child?: ChildProcess,
): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (child && child.exitCode !== null)
      throw new Error(`the import ended (status ${child.exitCode}) before ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function startImport(...args: string[]) {
  const child = spawn(
    process.execPath,
    [heap, '--conditions=react-server', '--import', 'tsx', 'scripts/data-import.ts', ...args],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  let out = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, ended, stderr: () => err, stdout: () => out };
}

async function expectUnchangedAfterKill(
  before: Awaited<ReturnType<typeof snapshot>>,
  run: ReturnType<typeof startImport>,
) {
  run.child.kill('SIGKILL');
  await run.ended;
  // The server ends the dead client's backend (and rolls its transaction back) when it notices.
  await until('the killed backend ended', async () => (await importBackend()) === undefined);
  expect(await snapshot()).toEqual(before);
}

describe('an import killed while it writes', () => {
  it('in the middle of its COPY leaves the database unchanged', async () => {
    const before = await snapshot();
    const run = startImport('registrations', big, '--no-lists');
    await until(
      'its COPY',
      async () => {
        const b = await importBackend();
        return b?.state === 'active' && b.query.startsWith('COPY feed_stage');
      },
      run.child,
    );
    await expectUnchangedAfterKill(before, run);
  }, 300_000);

  it('while it merges into the real table leaves the database unchanged', async () => {
    const before = await snapshot();
    const run = startImport('registrations', big, '--no-lists');
    await until(
      'its merge',
      async () => {
        const b = await importBackend();
        return b?.state === 'active' && b.query.startsWith('INSERT INTO network_registrations');
      },
      run.child,
    );
    await expectUnchangedAfterKill(before, run);
  }, 300_000);

  it('leaves nothing in the way of the next import', async () => {
    const run = startImport('registrations', big, '--no-lists');
    expect(await run.ended).toBe(0);
    // every row is new but the two known devices' earlier sightings, which move their first seen back
    expect(run.stdout()).toContain(`${ROWS + 2} rows, ${ROWS + 2} new or changed`);
    expect(await prisma.networkRegistration.count()).toBe(ROWS + 2);
    const known = await prisma.networkRegistration.findFirst({
      where: { identity: identity(1), imsi: '401011234500001' },
    });
    expect(known?.firstSeenAt).toEqual(new Date('2026-10-31T19:00:00Z'));
    expect(await prisma.feedImport.count()).toBe(5);
  }, 300_000);
});
