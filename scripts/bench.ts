/**
 * npm run bench [-- --devices N] [--duration S] [--connections C] [--port P]
 *                  [--skip-api | --api-only | --eir-only] [--skip-eir] [--build] [--keep] [--rounds R]
 * BENCH_ONLY=eir npm run bench    the same as --eir-only
 *
 * Runs through `tsx scripts/with-db.ts --tests`, which gives it TEST_DATABASE_URL: a PostgreSQL
 * server it may create databases on (the user's TEST_DATABASE_URL, else the embedded server,
 * started if it is not running). A benchmark, not a test: it exits 0 once it has figures (1 only
 * when it could not run). Every figure is printed beside a yardstick measured in the same run on
 * the same server, because the machine is shared and absolute figures drift.
 *
 *  1. writes synthetic CSV feeds for N devices (default 200,000) into bench-out/ (streamed);
 *  2. creates two fresh databases on that server (portal_bench_<random>, migrated with the
 *     project's `deploy`; the second cloned from the first) and, feed by feed:
 *     - imports the file through the real CLI (scripts/data-import.ts, one child process, run as
 *       `npm run data:import` runs it) into the first: wall time, rows/s, peak RSS;
 *     - loads the same file the bare way into the second (scripts/bench-bare-load.ts: COPY into
 *       a staging table of text columns, INSERT … SELECT with casts, no validation);
 *     then re-imports one feed through the CLI (idempotence: 0 rows changed), and checks that
 *     both databases hold the same rows;
 *  3. starts, all on 127.0.0.1 against the CLI's database: two production Next servers
 *     (`npm start`'s server, scripts/server.ts, built first if .next/BUILD_ID is missing or with --build) and the bare
 *     node:http + pg server (scripts/bench-bare-server.ts); loads GET /api/v1/imei/<imei> at C
 *     connections (default 10) for S seconds (default 10) with autocannon, in this process, on
 *     the bare server, on one Next instance, and on both (the connections round-robin over the
 *     two ports), that sequence R times (default 2, interleaved so that other work on a shared
 *     machine hits all three alike; each keeps its best round); measures the CPU time of the
 *     servers, of their PostgreSQL backends and of the load generator (this process);
 *  4. the equipment identity check (EIR, lib/eir): the EIR server (scripts/eir.ts) beside the bare
 *     server on the same database, GET /n5g-eir-eic/v1/equipment-status?pei=imei-… for the same
 *     IMEIs with a bearer token (an `eir` client the bench adds), HTTP/1.1 at C connections, R
 *     interleaved rounds; then once with a SUPI per device (registration attempts: each device's
 *     first one writes a row). Prints req/s, p99 and EIR ÷ bare (targets ≥ 0.5, p99 < 5 ms).
 *  5. prints the figures and ratios beside the targets, and drops its databases (--keep keeps
 *     them, until the next run without --keep, and prints their names; a run also drops those
 *     that an interrupted run left behind).
 * --skip-api: the import part only. --api-only: the databases are filled by the bare load alone
 * (no CLI) and only the APIs (check API and EIR) are measured. --eir-only (or BENCH_ONLY=eir): as
 * --api-only, the EIR part only (no Next, no build). --skip-eir: no EIR part.
 * Every child process is stopped at the end, also on error or Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from '../lib/database/embedded-server';
import { TOKEN_PREFIX } from '../lib/domain/api-clients';
import { adminQuery, createDatabase, dropDatabase } from '../lib/database/test-databases';
import { deploy } from './db-migrate';
import { bareLoad, fingerprints, type BareLoad } from './bench-bare-load';
import {
  blacklistedImei,
  generateFeeds,
  requestPaths,
  type FeedFile,
  type FeedKindName,
} from './bench-feeds';
import {
  CLOCK_TICKS,
  RSS_HOOK_SOURCE,
  cpuTimes,
  otherLoad,
  readCpuMs,
  readPeakRssKb,
  run,
  start,
  stopAll,
  stopAndWait,
  sumCpuMs,
} from './bench-proc';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Options and targets

type Options = {
  devices: number;
  duration: number;
  connections: number;
  port: number;
  skipApi: boolean;
  apiOnly: boolean;
  /** The EIR part: beside the rest, alone, or not at all. */
  eir: 'also' | 'only' | 'skip';
  build: boolean;
  keep: boolean;
  rounds: number;
};

const TARGETS = {
  /** CLI rows/s ÷ bare COPY rows/s, all feeds together. */
  importRatio: 0.5,
  /** Peak RSS of the importer (the target is set at 1,000,000 devices). */
  importPeakRssMb: 300,
  apiRequestsPerSecond: 570,
  apiP99Ms: 50,
  apiConnections: 10,
  /** EIR req/s ÷ bare server req/s, same database and IMEIs. */
  eirRatio: 0.5,
  eirP99Ms: 5,
};

const USAGE =
  'usage: npm run bench -- [--devices N] [--duration S] [--connections C] [--port P] [--skip-api | --api-only | --eir-only] [--skip-eir] [--build] [--keep] [--rounds R]\n' +
  '       (BENCH_ONLY=eir: the same as --eir-only)';

function parseOptions(argv: string[]): Options {
  const o: Options = {
    devices: 200_000,
    duration: 10,
    connections: TARGETS.apiConnections,
    port: 3300,
    skipApi: false,
    apiOnly: false,
    eir: process.env.BENCH_ONLY === 'eir' ? 'only' : 'also',
    build: false,
    keep: false,
    rounds: 2,
  };
  const int = (name: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      console.error(`error: ${name} must be an integer from ${min} to ${max}`);
      process.exit(2);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--devices':
        o.devices = int(flag, value(), 1_000, 5_000_000);
        break;
      case '--duration':
        o.duration = int(flag, value(), 1, 600);
        break;
      case '--connections':
        o.connections = int(flag, value(), 1, 1_000);
        break;
      case '--port':
        o.port = int(flag, value(), 1_024, 65_533);
        break;
      case '--skip-api':
        o.skipApi = true;
        break;
      case '--api-only':
        o.apiOnly = true;
        break;
      case '--eir-only':
        o.eir = 'only';
        break;
      case '--skip-eir':
        o.eir = 'skip';
        break;
      case '--build':
        o.build = true;
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--rounds':
        o.rounds = int(flag, value(), 1, 10);
        break;
      default:
        console.error(`error: unknown option ${argv[i]}\n${USAGE}`);
        process.exit(2);
    }
  }
  if (o.skipApi && o.apiOnly) {
    console.error(`error: --skip-api and --api-only exclude each other\n${USAGE}`);
    process.exit(2);
  }
  if (o.eir === 'only') {
    if (o.skipApi) {
      console.error(
        `error: --skip-api and --eir-only (BENCH_ONLY=eir) exclude each other\n${USAGE}`,
      );
      process.exit(2);
    }
    o.apiOnly = true; // the database filled the bare way, no CLI
  }
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'eir') {
    console.error(`error: BENCH_ONLY may only be "eir"\n${USAGE}`);
    process.exit(2);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Databases: fresh ones of the bench's own, dropped at the end (also on error or Ctrl-C).

const ROOT = process.cwd();
const OUT = path.join(ROOT, 'bench-out');
const RSS_HOOK = path.join(OUT, 'rss-hook.cjs');

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? '';
const databases: string[] = [];
let keepDatabases = false;

const dbName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** portal_bench_p<pid>_<random>: the PID tells a later run whether the run that made it is still alive. */
const DB_PREFIX = `portal_bench_p${process.pid}`;

async function freshDatabase(template?: string): Promise<string> {
  const url = await createDatabase(ADMIN_URL, DB_PREFIX, template);
  databases.push(url);
  return url;
}

async function dropDatabases() {
  if (keepDatabases) {
    if (databases.length)
      console.log(
        `› kept (--keep): ${databases.map(dbName).join(', ')} on the TEST_DATABASE_URL server`,
      );
    return;
  }
  while (databases.length) {
    const url = databases.pop()!;
    await dropDatabase(ADMIN_URL, url).catch((e: unknown) =>
      console.error(
        `  could not drop ${dbName(url)}: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  }
}

/**
 * Drops the databases an earlier run left behind (killed, or its server stopped by the same
 * Ctrl-C before it could drop them): those whose run's process is gone and that nobody uses.
 */
async function dropStaleDatabases() {
  const r = await adminQuery(
    ADMIN_URL,
    `SELECT datname FROM pg_database d WHERE datname ~ '^portal_bench_p[0-9]+_'
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
  );
  for (const { datname } of r.rows as { datname: string }[]) {
    const pid = Number(/^portal_bench_p(\d+)_/.exec(datname)![1]);
    if (fs.existsSync(`/proc/${pid}`)) continue;
    await dropDatabase(ADMIN_URL, withDatabase(ADMIN_URL, datname)).then(
      () => console.log(`  dropped ${datname}, left by an earlier run`),
      () => {},
    );
  }
}

let stopping = false;
async function interrupted(code: number) {
  if (stopping) return;
  stopping = true;
  console.error('\ninterrupted: stopping child processes, dropping the bench databases');
  stopAll();
  await Promise.race([dropDatabases(), new Promise((r) => setTimeout(r, 10_000))]);
  process.exit(code);
}
process.on('SIGINT', () => void interrupted(130));
process.on('SIGTERM', () => void interrupted(143));
process.on('exit', stopAll);

/**
 * The CPU time of the PostgreSQL backends serving one database (when the server runs on this
 * machine): polls pg_stat_activity and /proc every 250 ms, so backends that a pool opens or
 * closes meanwhile count too (give or take their last 250 ms). null when none could be read.
 */
async function trackBackendCpu(
  databaseUrl: string,
): Promise<{ stop: () => Promise<number | null> }> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  client.on('error', () => {});
  await client.connect();
  const seen = new Map<number, { first: number; last: number }>();
  let initial = true;
  const sample = async () => {
    const r = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [dbName(databaseUrl)],
    );
    for (const { pid } of r.rows) {
      const ms = readCpuMs(pid);
      if (ms === null) continue;
      const known = seen.get(pid);
      if (known) known.last = ms;
      else seen.set(pid, { first: initial ? ms : 0, last: ms }); // opened during the load: all its CPU is in it
    }
    initial = false;
  };
  await sample();
  let busy: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    busy = busy.then(sample).catch(() => {});
  }, 250);
  return {
    stop: async () => {
      clearInterval(timer);
      await busy;
      await sample().catch(() => {});
      await client.end().catch(() => {});
      if (!seen.size) return null;
      let total = 0;
      for (const { first, last } of seen.values()) total += last - first;
      return total;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Import: the CLI beside the bare load

type ImportFigure = {
  kind: FeedKindName;
  label: string;
  rows: number;
  changed: number | null;
  seconds: number;
  /** The time the CLI itself prints (without node's start-up). */
  inProcessSeconds: number | null;
  cpuSeconds: number | null;
  othersCpuSeconds: number | null;
  peakRssMb: number;
  /** The CLI failed (the feed was then loaded the bare way so the API still has data). */
  failed: string | null;
  bare: BareLoad | null;
};

/**
 * The node options `npm run data:import` gives the CLI (its last `tsx …`'s flags, e.g.
 * --conditions=react-server --max-old-space-size=96), so the CLI runs here as it does for its
 * users, but as `node <options> --import tsx …`: one process, whose PID is the importer's.
 */
function cliNodeOptions(script: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const words = (pkg.scripts?.[script] ?? '').trim().split(/\s+/);
  const at = words.lastIndexOf('tsx');
  const options: string[] = [];
  if (at >= 0) {
    for (const w of words.slice(at + 1)) {
      if (!w.startsWith('-')) break;
      options.push(w);
    }
  }
  return options.length ? options : ['--conditions=react-server', '--max-old-space-size=96'];
}

function childEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, ...extra };
  delete env.TEST_DATABASE_URL;
  return env;
}

/**
 * Flushes the dirty pages of the previous load before the next timed one, so neither the CLI nor
 * the bare load pays for the other's writes (needs superuser or pg_checkpoint; skipped otherwise).
 */
async function checkpoint() {
  await adminQuery(ADMIN_URL, 'CHECKPOINT').catch(() => {});
}

async function importOne(
  feed: FeedFile,
  label: string,
  databaseUrl: string,
): Promise<ImportFigure> {
  await checkpoint();
  // --no-lists: the operators' lists are brought up to date once, after all the imports, and measured on their own (listsOne).
  const args = [
    ...cliNodeOptions('data:import'),
    '--import',
    'tsx',
    'scripts/data-import.ts',
    feed.kind,
    feed.file,
    '--no-lists',
  ];
  const r = await run(ROOT, args, childEnv(databaseUrl), RSS_HOOK);
  const m = /: (\d+) rows, (\d+) new or changed, .*\(([\d.]+) s\)/.exec(r.stdout);
  const figure: ImportFigure = {
    kind: feed.kind,
    label,
    rows: m ? Number(m[1]) : feed.rows,
    changed: m ? Number(m[2]) : null,
    seconds: r.seconds,
    inProcessSeconds: m ? Number(m[3]) : null,
    cpuSeconds: r.cpuSeconds,
    othersCpuSeconds: r.othersCpuSeconds,
    peakRssMb: r.peakRssKb / 1024,
    failed: r.code === 0 ? null : `exit ${r.code}: ${(r.stdout + r.stderr).trim().slice(-1_500)}`,
    bare: null,
  };
  if (!figure.failed && figure.rows !== feed.rows)
    figure.failed = `the CLI read ${figure.rows} rows, ${feed.rows} written`;
  if (figure.failed) {
    console.log(`  ${label.padEnd(24)} CLI FAILED (${figure.failed})`);
    return figure;
  }
  console.log(
    `  ${label.padEnd(24)} CLI  ${fmtInt(figure.rows).padStart(9)} rows  ${figure.seconds.toFixed(2).padStart(6)} s  ` +
      `${fmtInt(figure.rows / figure.seconds).padStart(7)} rows/s  peak RSS ${figure.peakRssMb.toFixed(0)} MB  ` +
      `CPU ${figure.cpuSeconds?.toFixed(1) ?? '?'} s  (${figure.changed ?? '?'} changed)` +
      (figure.othersCpuSeconds !== null
        ? `  [other CPU meanwhile, PostgreSQL included: ${figure.othersCpuSeconds.toFixed(1)} s]`
        : ''),
  );
  return figure;
}

async function bareOne(
  feed: FeedFile,
  databaseUrl: string,
  label: string = feed.kind,
): Promise<BareLoad> {
  await checkpoint();
  const b = await bareLoad(databaseUrl, feed.kind, feed.file);
  console.log(
    `  ${label.padEnd(24)} bare ${fmtInt(b.rows).padStart(9)} rows  ${b.seconds.toFixed(2).padStart(6)} s  ` +
      `${fmtInt(b.rows / b.seconds).padStart(7)} rows/s  (COPY ${b.copySeconds.toFixed(2)} s, INSERT … SELECT ${(b.seconds - b.copySeconds).toFixed(2)} s)`,
  );
  if (b.rows !== feed.rows)
    console.log(`  note: the bare load inserted ${b.rows} rows, ${feed.rows} written`);
  return b;
}

type ListsFigure = {
  refresh: { devices: number; changes: number; seconds: number };
  exports: { list: string; rows: number; bytes: number; seconds: number }[];
  peakRssMb: number;
  failed: string | null;
};

/** The operators' lists after the imports: the reconciler over every imported device, then each full list streamed (scripts/bench-lists.ts). */
async function listsOne(databaseUrl: string): Promise<ListsFigure> {
  await checkpoint();
  const r = await run(
    ROOT,
    [
      '--conditions=react-server',
      '--max-old-space-size=96',
      '--import',
      'tsx',
      'scripts/bench-lists.ts',
    ],
    childEnv(databaseUrl),
    RSS_HOOK,
  );
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.code !== 0 || !line.startsWith('{')) {
    console.log(`  lists FAILED (exit ${r.code}: ${(r.stdout + r.stderr).trim().slice(-500)})`);
    return {
      refresh: { devices: 0, changes: 0, seconds: 0 },
      exports: [],
      peakRssMb: r.peakRssKb / 1024,
      failed: `exit ${r.code}`,
    };
  }
  const f = {
    ...(JSON.parse(line) as Omit<ListsFigure, 'peakRssMb' | 'failed'>),
    peakRssMb: r.peakRssKb / 1024,
    failed: null,
  };
  console.log(
    `  lists refresh: ${fmtInt(f.refresh.devices)} devices in ${f.refresh.seconds.toFixed(1)} s (${fmtInt(f.refresh.devices / f.refresh.seconds)} devices/s), ${fmtInt(f.refresh.changes)} changes`,
  );
  for (const e of f.exports) {
    console.log(
      `  GET /api/v1/lists/${e.list.padEnd(6)} ${fmtInt(e.rows).padStart(9)} rows  ${(e.bytes / 1e6).toFixed(1)} MB  ${e.seconds.toFixed(2)} s  ${fmtInt(e.rows / Math.max(e.seconds, 1e-6))} rows/s`,
    );
  }
  console.log(`  peak RSS ${f.peakRssMb.toFixed(0)} MB`);
  return f;
}

type ImportResult = {
  imports: ImportFigure[];
  reimport: ImportFigure | null;
  sameRows: boolean | null;
  lists: ListsFigure | null;
};

async function runImports(feeds: FeedFile[], cliDb: string, bareDb: string): Promise<ImportResult> {
  const cli = [
    'node',
    ...cliNodeOptions('data:import'),
    '--import tsx scripts/data-import.ts <kind> <file>',
  ].join(' ');
  console.log(
    `› each feed: the CLI (${cli}) into ${dbName(cliDb)}, then the bare load into ${dbName(bareDb)}`,
  );
  await otherLoad('the imports');
  const imports: ImportFigure[] = [];
  for (const f of feeds) {
    const fig = await importOne(f, f.kind, cliDb);
    if (fig.failed) await bareOne(f, cliDb, `${f.kind} (for the API)`);
    fig.bare = await bareOne(f, bareDb);
    imports.push(fig);
  }
  const again = feeds.find((f) => f.kind === 'registrations')!;
  let reimport: ImportFigure | null = null;
  if (!imports.find((f) => f.kind === again.kind)?.failed) {
    reimport = await importOne(again, `${again.kind} (again)`, cliDb);
    if (!reimport.failed && reimport.changed !== 0)
      console.log(`  note: the re-import changed ${reimport.changed} rows (expected 0)`);
  }
  let sameRows: boolean | null = null;
  if (imports.every((f) => !f.failed)) {
    const [a, b] = await Promise.all([fingerprints(cliDb), fingerprints(bareDb)]);
    sameRows = true;
    for (const kind of Object.keys(a) as FeedKindName[]) {
      if (a[kind] !== b[kind]) {
        sameRows = false;
        console.log(`  ⚠ ${kind}: the CLI's database holds ${a[kind]}, the bare load's ${b[kind]}`);
      }
    }
    if (sameRows)
      console.log('  both databases hold the same rows (row counts and row hashes per table)');
  }
  const lists = imports.every((f) => !f.failed) ? await listsOne(cliDb) : null;
  return { imports, reimport, sameRows, lists };
}

// ---------------------------------------------------------------------------------------------
// API load

type LoadFigure = {
  label: string;
  instances: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU time of the server processes (all threads) per request, in ms. */
  serverCpuMsPerRequest: number | null;
  /** CPU time of the PostgreSQL backends serving the bench database per request, in ms. */
  pgCpuMsPerRequest: number | null;
  /** CPU time of this process (the load generator) over the wall time: 1 = one whole core. */
  loadGenCores: number;
  /** CPU time the rest of the machine used meanwhile, in s. */
  othersCpuSeconds: number | null;
  /** Wall time of the load, in s. */
  wall: number;
  loadBefore: number;
  serverPeakRssMb: number;
};

type ApiResult = {
  connections: number;
  duration: number;
  rounds: number;
  buildReused: boolean;
  bare: LoadFigure;
  one: LoadFigure;
  two: LoadFigure;
  /** The same route answering 400 (no database): what the framework alone allows, one instance. */
  floor: LoadFigure | null;
  /** Sample answers compared between Next and the bare server. */
  sameAnswers: { compared: number; differing: number };
};

type Autocannon = (opts: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}>;

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function fetchJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

type Server = { name: string; base: string; child: ChildProcess; log: () => string };

function startServer(name: string, args: string[], port: number, env: NodeJS.ProcessEnv): Server {
  const child = start(ROOT, args, env);
  let log = '';
  const keep = (s: string) => {
    log = (log + s).slice(-20_000);
  };
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  return { name, base: `http://127.0.0.1:${port}`, child, log: () => log };
}

async function waitUp(s: Server, probe: string, seconds = 90) {
  const deadline = Date.now() + seconds * 1_000;
  for (;;) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) {
      throw new Error(
        `${s.name} exited (${s.child.exitCode ?? s.child.signalCode}):\n${s.log().slice(-2_000)}`,
      );
    }
    try {
      const r = await fetchJson(s.base + probe);
      if (r.status === 200) return;
      throw new Error(
        `${s.name}: GET ${probe} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`,
      );
    } catch (e) {
      if (e instanceof Error && e.message.startsWith(`${s.name}: GET`)) throw e;
      if (Date.now() > deadline)
        throw new Error(`${s.name} did not answer within ${seconds} s:\n${s.log().slice(-2_000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Loads servers with autocannon and measures them (req/s, latency, CPU of the servers, of their
 * PostgreSQL backends and of this process): the check API's and the EIR's figures alike.
 * `headers` go with every request (the EIR's bearer token).
 */
function loadMeasurer(
  o: Options,
  databaseUrl: string,
  paths: string[],
  headers: Record<string, string> = {},
) {
  const autocannon = require('autocannon') as Autocannon;
  const load = (urls: string[], duration: number, pool = paths) =>
    autocannon({
      url: urls.length === 1 ? urls[0] : urls, // several: the connections round-robin over them
      connections: o.connections,
      duration,
      pipelining: 1,
      timeout: 10,
      headers,
      requests: [
        {
          method: 'GET',
          // A random IMEI from the pool for each request.
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            path: pool[Math.floor(Math.random() * pool.length)],
          }),
        },
      ],
    });

  const measure = async (
    label: string,
    targets: Server[],
    duration: number,
    pool = paths,
    warm = true,
  ): Promise<LoadFigure> => {
    const urls = targets.map((s) => s.base);
    if (warm) {
      console.log(`› ${label}: warming up (3 s)`);
      await load(urls, 3, pool);
    } else {
      console.log(`› ${label}`);
    }
    const pids = targets.map((s) => s.child.pid!);
    const loadBefore = await otherLoad(label);
    console.log(
      `  ${o.connections} connections for ${duration} s${targets.length > 1 ? ` over ${targets.length} ports` : ''}`,
    );
    const server0 = sumCpuMs(pids);
    const pgCpu = await trackBackendCpu(databaseUrl);
    const client0 = process.cpuUsage();
    const machine0 = cpuTimes();
    const t0 = process.hrtime.bigint();
    const r = await load(urls, duration, pool);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const clientCpu = process.cpuUsage(client0);
    const serverMs = sumCpuMs(pids) - server0;
    const machine1 = cpuTimes();
    const pgMs = await pgCpu.stop();
    const clientMs = (clientCpu.user + clientCpu.system) / 1000;
    const fig: LoadFigure = {
      label,
      instances: targets.length,
      requests: r.requests.total,
      rps: r.requests.total / wall,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      serverCpuMsPerRequest: r.requests.total ? serverMs / r.requests.total : null,
      pgCpuMsPerRequest: pgMs !== null && r.requests.total ? pgMs / r.requests.total : null,
      loadGenCores: clientMs / 1000 / wall,
      othersCpuSeconds:
        machine0 && machine1
          ? Math.max(
              0,
              (machine1.busy - machine0.busy) / CLOCK_TICKS -
                (serverMs + (pgMs ?? 0) + clientMs) / 1000,
            )
          : null,
      wall,
      loadBefore,
      serverPeakRssMb: Math.max(...pids.map((pid) => readPeakRssKb(pid) ?? 0)) / 1024,
    };
    console.log(
      `  ${fmtInt(fig.requests)} requests, ${fmtInt(fig.rps)} req/s, p50 ${fig.p50} ms, p99 ${fig.p99} ms, max ${fig.max} ms, ` +
        `non-2xx ${fig.non2xx}, errors ${fig.errors}, timeouts ${fig.timeouts}; load generator ${pct(fig.loadGenCores)} of one core`,
    );
    await new Promise((res) => setTimeout(res, 1_000));
    return fig;
  };

  return { load, measure };
}

async function loadApi(o: Options, databaseUrl: string): Promise<ApiResult> {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  let buildReused = true;
  if (o.build || !fs.existsSync(buildId)) {
    buildReused = false;
    console.log(
      o.build ? '› building (--build)' : '› .next/BUILD_ID is missing: building (next build)',
    );
    const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
    delete env.TEST_DATABASE_URL;
    const r = await run(ROOT, ['node_modules/next/dist/bin/next', 'build'], env);
    if (r.code !== 0) throw new Error(`next build failed:\n${(r.stdout + r.stderr).slice(-4_000)}`);
  } else {
    console.log(
      `› reusing the existing build (.next/BUILD_ID ${fs.readFileSync(buildId, 'utf8').trim()})`,
    );
  }

  const ports = [o.port, o.port + 1, o.port + 2];
  for (const p of ports) {
    if (await portInUse(p))
      throw new Error(
        `port ${p} is already in use on 127.0.0.1: choose other ports with --port (it uses P, P+1 and P+2)`,
      );
  }
  const env = childEnv(databaseUrl, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    RATE_LIMIT: 'off',
    ALTCHA_HMAC_KEY: process.env.ALTCHA_HMAC_KEY ?? randomBytes(36).toString('base64url'),
  });
  const next = (port: number, n: number) =>
    startServer(`portal #${n}`, ['--import', 'tsx', 'scripts/server.ts', '-H', '127.0.0.1'], port, {
      ...env,
      PORT: String(port),
    });
  const servers = [
    next(ports[0], 1),
    next(ports[1], 2),
    startServer(
      'bare server',
      ['--import', 'tsx', 'scripts/bench-bare-server.ts', String(ports[2])],
      ports[2],
      env,
    ),
  ];
  const [next1, next2, bare] = servers;
  try {
    const paths = requestPaths(o.devices, 20_000);
    await Promise.all(servers.map((s) => waitUp(s, paths[0])));
    console.log(
      `› up: ${servers.map((s) => `${s.name} ${s.base} (pid ${s.child.pid})`).join(', ')}`,
    );

    // Every server must read the bench database: a device on the generated blacklist answers "black".
    const black = blacklistedImei(o.devices);
    if (black) {
      for (const s of servers) {
        const r = await fetchJson(`${s.base}/api/v1/imei/${black}`);
        const list = (r.body as { list?: string } | null)?.list;
        if (r.status !== 200 || list?.toLowerCase() !== 'black') {
          throw new Error(
            `${s.name}: GET /api/v1/imei/${black} should be on the black list; got ${r.status} ${JSON.stringify(r.body)}`,
          );
        }
      }
      console.log(`  sanity: ${black} → BLACK on all three servers`);
    }
    // The bare server must answer what the app answers.
    const sample = paths.slice(0, 200);
    let differing = 0;
    for (const p of sample) {
      const [a, b] = await Promise.all([fetchJson(next1.base + p), fetchJson(bare.base + p)]);
      if (a.status !== b.status || JSON.stringify(a.body) !== JSON.stringify(b.body)) {
        if (differing === 0)
          console.log(
            `  ⚠ ${p}: next ${a.status} ${JSON.stringify(a.body)}\n    bare ${b.status} ${JSON.stringify(b.body)}`,
          );
        differing++;
      }
    }
    console.log(
      `  same answers: the bare server and Next agree on ${sample.length - differing} of ${sample.length} sample IMEIs`,
    );

    const { measure } = loadMeasurer(o, databaseUrl, paths);

    const best = (a: LoadFigure | undefined, b: LoadFigure) => (a && a.rps >= b.rps ? a : b);
    let bareFig: LoadFigure | undefined, one: LoadFigure | undefined, two: LoadFigure | undefined;
    for (let round = 1; round <= o.rounds; round++) {
      const tag = o.rounds > 1 ? ` [round ${round} of ${o.rounds}]` : '';
      bareFig = best(
        bareFig,
        await measure('bare node:http + pg' + tag, [bare], o.duration, paths, round === 1),
      );
      one = best(
        one,
        await measure('Next, 1 instance' + tag, [next1], o.duration, paths, round === 1),
      );
      two = best(
        two,
        await measure('Next, 2 instances' + tag, [next1, next2], o.duration, paths, round === 1),
      );
    }
    const floor = await measure('Next, 1 instance, 400 without database', [next1], 5, [
      '/api/v1/imei/not-an-imei',
    ]);
    return {
      connections: o.connections,
      duration: o.duration,
      rounds: o.rounds,
      buildReused,
      bare: bareFig!,
      one: one!,
      two: two!,
      floor,
      sameAnswers: { compared: sample.length, differing },
    };
  } finally {
    await Promise.all(servers.map((s) => stopAndWait(s.child)));
    for (const s of servers)
      if (/api check failed/.test(s.log()))
        console.log(`  ${s.name} logged database errors during the load`);
  }
}

// ---------------------------------------------------------------------------------------------
// The equipment identity check (EIR): the EIR server beside the bare server

type EirResult = {
  connections: number;
  duration: number;
  rounds: number;
  bare: LoadFigure;
  eir: LoadFigure;
  /** The same IMEIs with a SUPI each: registration attempts (a device's first one writes its row). */
  attach: LoadFigure;
  sameAnswers: { compared: number; differing: number };
};

const EIR_LIST_STATUS: Record<string, string> = {
  WHITE: 'WHITELISTED',
  GREY: 'GREYLISTED',
  BLACK: 'BLACKLISTED',
};

/** /api/v1/imei/<imei> → the EIR's query for the same IMEI (imei-<15> or imeisv-<16>). */
function eirPath(checkPath: string, withSupi: boolean): string {
  const imei = checkPath.slice('/api/v1/imei/'.length);
  let q = `/n5g-eir-eic/v1/equipment-status?pei=${imei.length === 16 ? 'imeisv' : 'imei'}-${imei}`;
  // One SIM and number per device, so only a device's first attach writes.
  if (withSupi) q += `&supi=imsi-401${imei.slice(2, 14)}&gpsi=msisdn-7701${imei.slice(7, 14)}`;
  return q;
}

async function loadEir(o: Options, databaseUrl: string): Promise<EirResult> {
  const ports = [o.port + 2, o.port + 3];
  for (const p of ports) {
    if (await portInUse(p))
      throw new Error(
        `port ${p} is already in use on 127.0.0.1: choose other ports with --port (the EIR part uses P+2 and P+3)`,
      );
  }
  // A client with the eir scope whose token only this run knows (the table holds its SHA-256).
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO api_clients (name, scopes, operator, "tokenHash", "createdAt", "createdBy") VALUES ($1, ARRAY['eir'], 'Bench', $2, now(), 'bench')`,
      [
        `bench-eir-${randomBytes(4).toString('hex')}`,
        createHash('sha256').update(token, 'utf8').digest('hex'),
      ],
    );
  } finally {
    await db.end();
  }

  const env = childEnv(databaseUrl, { EIR_PORT: String(ports[1]), PGPOOL_MAX: '10' });
  const servers = [
    startServer(
      'bare server',
      ['--import', 'tsx', 'scripts/bench-bare-server.ts', String(ports[0])],
      ports[0],
      env,
    ),
    startServer(
      'EIR server',
      ['--conditions=react-server', '--import', 'tsx', 'scripts/eir.ts'],
      ports[1],
      env,
    ),
  ];
  const [bare, eir] = servers;
  try {
    const checkPaths = requestPaths(o.devices, 20_000);
    const eirPaths = checkPaths.map((p) => eirPath(p, false));
    const attachPaths = checkPaths.map((p) => eirPath(p, true));
    await Promise.all([waitUp(bare, checkPaths[0]), waitUp(eir, '/healthz')]);
    console.log(
      `› up: ${servers.map((s) => `${s.name} ${s.base} (pid ${s.child.pid})`).join(', ')}`,
    );

    // The EIR must answer what the bare server's verdict says, and read the bench database.
    const auth = { authorization: `Bearer ${token}` };
    const sample = checkPaths.slice(0, 200);
    let differing = 0;
    const seen = new Set<string>();
    for (const p of sample) {
      const [a, b] = await Promise.all([
        fetchJson(bare.base + p),
        fetch(eir.base + eirPath(p, false), { headers: auth }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { status?: string },
        })),
      ]);
      const expected = EIR_LIST_STATUS[(a.body as { list?: string } | null)?.list ?? ''];
      seen.add(b.body.status ?? '?');
      if (b.status !== 200 || b.body.status !== expected) {
        if (differing === 0)
          console.log(
            `  ⚠ ${p}: bare ${a.status} ${JSON.stringify(a.body)}\n    EIR ${b.status} ${JSON.stringify(b.body)}`,
          );
        differing++;
      }
    }
    console.log(
      `  same answers: the EIR agrees with the bare server's list on ${sample.length - differing} of ${sample.length} sample IMEIs (${[...seen].sort().join(', ')})`,
    );

    const { measure } = loadMeasurer(o, databaseUrl, checkPaths, auth);
    const best = (a: LoadFigure | undefined, b: LoadFigure) => (a && a.rps >= b.rps ? a : b);
    let bareFig: LoadFigure | undefined, eirFig: LoadFigure | undefined;
    for (let round = 1; round <= o.rounds; round++) {
      const tag = o.rounds > 1 ? ` [round ${round} of ${o.rounds}]` : '';
      bareFig = best(
        bareFig,
        await measure(
          'bare node:http + pg (check API)' + tag,
          [bare],
          o.duration,
          checkPaths,
          round === 1,
        ),
      );
      eirFig = best(
        eirFig,
        await measure('EIR server' + tag, [eir], o.duration, eirPaths, round === 1),
      );
    }
    // Last: it writes (each device's first attach), which the other figures must not see.
    const attach = await measure(
      'EIR server, with a SUPI (registration attempts)',
      [eir],
      o.duration,
      attachPaths,
      false,
    );
    return {
      connections: o.connections,
      duration: o.duration,
      rounds: o.rounds,
      bare: bareFig!,
      eir: eirFig!,
      attach,
      sameAnswers: { compared: sample.length, differing },
    };
  } finally {
    await Promise.all(servers.map((s) => stopAndWait(s.child)));
    for (const s of servers)
      if (/failed \(|api check failed/.test(s.log()))
        console.log(`  ${s.name} logged errors during the load:\n${s.log().slice(-1_000)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmtInt = (n: number) => Math.round(n).toLocaleString('en');
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const ratio = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function table(rows: string[][]) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

function reportImports(o: Options, r: ImportResult) {
  console.log(
    `Import: the CLI (one process per feed, wall time including node + tsx start-up) beside the bare load ` +
      `(COPY + INSERT … SELECT, no validation) of the same file on the same server\n`,
  );
  const rows: string[][] = [
    [
      'feed',
      'rows',
      'CLI s',
      'CLI rows/s',
      'CLI in-proc s',
      'peak RSS',
      'bare s',
      'bare rows/s',
      'ratio',
      'ratio in-proc',
    ],
  ];
  const total = { rows: 0, cli: 0, inProc: 0, bare: 0, peak: 0, failed: false };
  for (const f of [...r.imports, ...(r.reimport ? [r.reimport] : [])]) {
    const again = f === r.reimport;
    const b = again ? null : f.bare;
    if (f.failed) {
      rows.push([
        f.label,
        fmtInt(f.rows),
        'FAILED',
        '',
        '',
        '',
        b ? b.seconds.toFixed(2) : '',
        b ? fmtInt(b.rows / b.seconds) : '',
        '',
        '',
      ]);
      total.failed = true;
      continue;
    }
    const cliRps = f.rows / f.seconds;
    const inProcRps = f.inProcessSeconds ? f.rows / f.inProcessSeconds : NaN;
    const bareRps = b ? b.rows / b.seconds : NaN;
    rows.push([
      f.label,
      fmtInt(f.rows),
      f.seconds.toFixed(2),
      fmtInt(cliRps),
      f.inProcessSeconds?.toFixed(2) ?? '?',
      `${f.peakRssMb.toFixed(0)} MB`,
      b ? b.seconds.toFixed(2) : '',
      b ? fmtInt(bareRps) : '',
      b ? ratio(cliRps / bareRps) : '',
      b ? ratio(inProcRps / bareRps) : '',
    ]);
    if (!again && b) {
      total.rows += f.rows;
      total.cli += f.seconds;
      total.inProc += f.inProcessSeconds ?? f.seconds;
      total.bare += b.seconds;
    }
    total.peak = Math.max(total.peak, f.peakRssMb);
  }
  const overall = total.rows / total.cli / (total.rows / total.bare);
  rows.push([
    'all four feeds',
    fmtInt(total.rows),
    total.cli.toFixed(2),
    fmtInt(total.rows / total.cli),
    total.inProc.toFixed(2),
    `${total.peak.toFixed(0)} MB`,
    total.bare.toFixed(2),
    fmtInt(total.rows / total.bare),
    ratio(overall),
    ratio(total.rows / total.inProc / (total.rows / total.bare)),
  ]);
  table(rows);
  console.log(
    '(ratio = CLI rows/s ÷ bare rows/s; "in-proc" uses the time the CLI prints itself, without node + tsx start-up)',
  );
  if (r.sameRows === false) console.log('⚠ the two databases do not hold the same rows: see above');
  const others = r.imports.reduce((a, f) => a + (f.othersCpuSeconds ?? 0), 0);
  const wall = r.imports.reduce((a, f) => a + f.seconds, 0);
  if (r.imports.some((f) => f.othersCpuSeconds !== null)) {
    console.log(
      `(other processes, PostgreSQL included, used ${others.toFixed(1)} CPU-s during the ${wall.toFixed(0)} s of CLI imports)`,
    );
  }
  console.log();
  table([
    ['import target', 'measured', 'target', 'result'],
    [
      'CLI rows/s ÷ bare rows/s, all feeds',
      total.failed ? 'CLI failed' : ratio(overall),
      `≥ ${TARGETS.importRatio}`,
      total.failed ? 'MISSED' : verdict(overall >= TARGETS.importRatio),
    ],
    [
      `importer peak RSS (${fmtInt(o.devices)} devices)`,
      `${total.peak.toFixed(0)} MB`,
      `< ${TARGETS.importPeakRssMb} MB at 1,000,000`,
      verdict(total.peak < TARGETS.importPeakRssMb) +
        (o.devices === 1_000_000 ? '' : ' (not at 1,000,000)'),
    ],
    [
      're-import: rows changed',
      r.reimport && !r.reimport.failed ? String(r.reimport.changed ?? '?') : '—',
      '0',
      verdict(r.reimport?.changed === 0),
    ],
    [
      'same rows as the bare load',
      r.sameRows === null ? '—' : r.sameRows ? 'yes' : 'NO',
      'yes',
      verdict(r.sameRows === true),
    ],
  ]);
  if (r.lists && !r.lists.failed) {
    const l = r.lists;
    const biggest = [...l.exports].sort((a, b) => b.rows - a.rows)[0];
    console.log(
      `\nOperators' lists: the reconciler over every imported device, then each full list streamed as CSV (one process, --max-old-space-size=96)\n`,
    );
    table([
      ['what', 'rows', 'seconds', 'rows/s', 'peak RSS'],
      [
        'lists refresh (verify every device, log its change)',
        fmtInt(l.refresh.devices),
        l.refresh.seconds.toFixed(1),
        fmtInt(l.refresh.devices / l.refresh.seconds),
        '',
      ],
      ...l.exports.map((e) => [
        `GET /api/v1/lists/${e.list} (full)`,
        fmtInt(e.rows),
        e.seconds.toFixed(2),
        fmtInt(e.rows / Math.max(e.seconds, 1e-6)),
        '',
      ]),
      ['the process', '', '', '', `${l.peakRssMb.toFixed(0)} MB`],
    ]);
    const perMillion = biggest && biggest.rows > 0 ? (biggest.seconds / biggest.rows) * 1e6 : null;
    console.log(
      `  a million rows at the rate of the largest list (${biggest?.list}): ${perMillion === null ? '—' : perMillion.toFixed(1) + ' s'} (target < 15 s, memory flat)`,
    );
  }
}

function reportApi(api: ApiResult) {
  const cores = os.cpus().length;
  console.log(
    `\nCheck API: GET /api/v1/imei/<imei>, ${api.connections} connections, ${api.duration} s each, ` +
      (api.rounds > 1 ? `best of ${api.rounds} interleaved rounds, ` : '') +
      `${api.buildReused ? 'existing build' : 'fresh build'}, load generator (autocannon) in the bench process on the same ${cores} cores\n`,
  );
  const figs = [api.bare, api.one, api.two];
  const ms = (x: number | null) => (x === null ? '?' : x.toFixed(2));
  table([
    [
      'server',
      'req/s',
      'p50',
      'p99',
      'max',
      'vs bare',
      'server CPU/req',
      'PG CPU/req',
      'load gen CPU',
      'others CPU',
      'non-2xx+err',
      'peak RSS',
    ],
    ...figs.map((f) => [
      f.label,
      fmtInt(f.rps),
      `${f.p50} ms`,
      `${f.p99} ms`,
      `${f.max} ms`,
      f === api.bare ? '1.00' : ratio(f.rps / api.bare.rps),
      `${ms(f.serverCpuMsPerRequest)} ms`,
      `${ms(f.pgCpuMsPerRequest)} ms`,
      `${pct(f.loadGenCores / cores)} of ${cores} cores`,
      f.othersCpuSeconds === null
        ? '?'
        : `${pct(f.othersCpuSeconds / f.wall / cores)} of ${cores} cores`,
      String(f.non2xx + f.errors + f.timeouts),
      `${f.serverPeakRssMb.toFixed(0)} MB`,
    ]),
  ]);
  if (api.floor) {
    const f = api.floor;
    console.log(
      `(for comparison, Next answering 400 without the database: ${fmtInt(f.rps)} req/s, p99 ${f.p99} ms, ` +
        `server CPU ${ms(f.serverCpuMsPerRequest)} ms per request)`,
    );
  }
  console.log(
    '(load gen CPU: CPU time of the load-generating process (this one) ÷ wall time ÷ cores; PG CPU: the backends serving ' +
      "the bench database; others CPU: the rest of the machine (other engineers' work, the idle servers) during the load)",
  );
  for (const f of figs) {
    const warn = [];
    if (f.loadBefore > 0.1) warn.push(`the CPUs were ${pct(f.loadBefore)} busy just before`);
    if (f.othersCpuSeconds !== null && f.othersCpuSeconds > 0.1 * api.duration)
      warn.push(`other processes used ${f.othersCpuSeconds.toFixed(1)} CPU-s during it`);
    if (warn.length) console.log(`⚠ ${f.label}: ${warn.join('; ')}: figures may be low`);
  }
  if (api.sameAnswers.differing)
    console.log(
      `⚠ the bare server and Next disagreed on ${api.sameAnswers.differing} of ${api.sameAnswers.compared} sample IMEIs`,
    );
  const note =
    api.connections === TARGETS.apiConnections
      ? ''
      : ` (targets are for ${TARGETS.apiConnections} connections)`;
  console.log();
  table([
    ['API target', '1 instance', '2 instances', 'target', 'result (1 / 2)'],
    [
      'requests/s',
      fmtInt(api.one.rps),
      fmtInt(api.two.rps),
      `≥ ${TARGETS.apiRequestsPerSecond}`,
      `${verdict(api.one.rps >= TARGETS.apiRequestsPerSecond)} / ${verdict(api.two.rps >= TARGETS.apiRequestsPerSecond)}${note}`,
    ],
    [
      'latency p99',
      `${api.one.p99} ms`,
      `${api.two.p99} ms`,
      `< ${TARGETS.apiP99Ms} ms`,
      `${verdict(api.one.p99 < TARGETS.apiP99Ms)} / ${verdict(api.two.p99 < TARGETS.apiP99Ms)}${note}`,
    ],
    [
      'ratio to the bare server',
      ratio(api.one.rps / api.bare.rps),
      ratio(api.two.rps / api.bare.rps),
      '',
      '',
    ],
    ['2 instances ÷ 1 instance', '', ratio(api.two.rps / api.one.rps), '', ''],
  ]);
}

function reportEir(r: EirResult) {
  const cores = os.cpus().length;
  console.log(
    `\nEIR: GET /n5g-eir-eic/v1/equipment-status?pei=… (bearer token) beside the bare server's GET /api/v1/imei/<imei>, same ` +
      `database and IMEIs, HTTP/1.1, ${r.connections} connections, ${r.duration} s each` +
      (r.rounds > 1 ? `, best of ${r.rounds} interleaved rounds` : '') +
      `, load generator (autocannon) in the bench process on the same ${cores} cores\n`,
  );
  const ms = (x: number | null) => (x === null ? '?' : x.toFixed(2));
  table([
    [
      'server',
      'req/s',
      'p50',
      'p99',
      'max',
      'vs bare',
      'server CPU/req',
      'PG CPU/req',
      'load gen CPU',
      'non-2xx+err',
      'peak RSS',
    ],
    ...[r.bare, r.eir, r.attach].map((f) => [
      f.label,
      fmtInt(f.rps),
      `${f.p50} ms`,
      `${f.p99} ms`,
      `${f.max} ms`,
      f === r.bare ? '1.00' : ratio(f.rps / r.bare.rps),
      `${ms(f.serverCpuMsPerRequest)} ms`,
      `${ms(f.pgCpuMsPerRequest)} ms`,
      `${pct(f.loadGenCores / cores)} of ${cores} cores`,
      String(f.non2xx + f.errors + f.timeouts),
      `${f.serverPeakRssMb.toFixed(0)} MB`,
    ]),
  ]);
  console.log(
    "(with a SUPI: one SIM and number per device, so a device's first attach inserts its row and marks it dirty, later ones only read)",
  );
  for (const f of [r.bare, r.eir, r.attach]) {
    const warn = [];
    if (f.loadBefore > 0.1) warn.push(`the CPUs were ${pct(f.loadBefore)} busy just before`);
    if (f.othersCpuSeconds !== null && f.othersCpuSeconds > 0.1 * r.duration)
      warn.push(`other processes used ${f.othersCpuSeconds.toFixed(1)} CPU-s during it`);
    if (warn.length) console.log(`⚠ ${f.label}: ${warn.join('; ')}: figures may be low`);
  }
  if (r.sameAnswers.differing)
    console.log(
      `⚠ the EIR and the bare server disagreed on ${r.sameAnswers.differing} of ${r.sameAnswers.compared} sample IMEIs`,
    );
  const note =
    r.connections === TARGETS.apiConnections
      ? ''
      : ` (targets are for ${TARGETS.apiConnections} connections)`;
  const eirRatio = r.eir.rps / r.bare.rps;
  console.log();
  table([
    ['EIR target', 'measured', 'target', 'result'],
    [
      'EIR req/s ÷ bare req/s',
      ratio(eirRatio),
      `≥ ${TARGETS.eirRatio}`,
      verdict(eirRatio >= TARGETS.eirRatio) + note,
    ],
    [
      'EIR latency p99',
      `${r.eir.p99} ms`,
      `< ${TARGETS.eirP99Ms} ms`,
      verdict(r.eir.p99 < TARGETS.eirP99Ms) + note,
    ],
    ['EIR with a SUPI: req/s ÷ bare', ratio(r.attach.rps / r.bare.rps), '', ''],
    ['EIR with a SUPI: latency p99', `${r.attach.p99} ms`, '', ''],
  ]);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const o = parseOptions(process.argv.slice(2));
  keepDatabases = o.keep;
  if (!ADMIN_URL) {
    throw new Error(
      'TEST_DATABASE_URL is not set: run `npm run bench` (tsx scripts/with-db.ts --tests -- tsx scripts/bench.ts)',
    );
  }
  fs.mkdirSync(OUT, { recursive: true });
  fs.rmSync(path.join(OUT, 'bench.db'), { force: true }); // left by the SQLite version of this script
  fs.writeFileSync(RSS_HOOK, RSS_HOOK_SOURCE);

  console.log(`› generating feeds for ${fmtInt(o.devices)} devices in bench-out/`);
  let t = process.hrtime.bigint();
  const feeds = await generateFeeds(OUT, o.devices);
  for (const f of feeds) {
    console.log(
      `  ${path.basename(f.file).padEnd(20)} ${fmtInt(f.rows).padStart(10)} rows  ${(fs.statSync(f.file).size / 1e6).toFixed(1)} MB`,
    );
  }
  console.log(`  (${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s)`);

  const server = new URL(ADMIN_URL);
  console.log(`› fresh databases on ${server.hostname}:${server.port || 5432}: migrating`);
  t = process.hrtime.bigint();
  if (!o.keep) await dropStaleDatabases();
  const cliDb = await freshDatabase();
  await deploy({ databaseUrl: cliDb, cwd: ROOT, log: () => {} });
  const bareDb = o.apiOnly ? null : await freshDatabase(dbName(cliDb)); // a clone of the migrated, empty one
  console.log(
    `  ${[cliDb, bareDb]
      .filter((u): u is string => !!u)
      .map(dbName)
      .join(', ')} ` + `(${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s)`,
  );

  let imports: ImportResult | null = null;
  if (o.apiOnly) {
    console.log('› --api-only: loading the feeds the bare way (no CLI)');
    for (const f of feeds) await bareOne(f, cliDb);
  } else {
    imports = await runImports(feeds, cliDb, bareDb!);
  }

  let api: ApiResult | null = null;
  let apiError: string | null = null;
  if (!o.skipApi && o.eir !== 'only') {
    try {
      api = await loadApi(o, cliDb);
    } catch (e) {
      if (!imports) throw e;
      apiError = e instanceof Error ? e.message : String(e); // the import figures are still worth printing
    }
  }
  let eir: EirResult | null = null;
  let eirError: string | null = null;
  if (!o.skipApi && o.eir !== 'skip') {
    try {
      eir = await loadEir(o, cliDb);
    } catch (e) {
      if (o.eir === 'only') throw e;
      eirError = e instanceof Error ? e.message : String(e);
    }
  }

  console.log(
    `\n═══ Results: ${fmtInt(o.devices)} devices, ${os.cpus().length} cores, PostgreSQL at ${server.hostname}:${server.port || 5432} ═══\n`,
  );
  if (imports) reportImports(o, imports);
  else console.log(`Import: not measured (${o.eir === 'only' ? '--eir-only' : '--api-only'})`);
  if (api) reportApi(api);
  else
    console.log(
      apiError
        ? `\nCheck API: FAILED: ${apiError}`
        : `\nCheck API: skipped (${o.eir === 'only' ? '--eir-only' : '--skip-api'})`,
    );
  if (eir) reportEir(eir);
  else
    console.log(
      eirError
        ? `\nEIR: FAILED: ${eirError}`
        : `\nEIR: skipped (${o.skipApi ? '--skip-api' : '--skip-eir'})`,
    );
  console.log();
}

main()
  .then(
    () => 0,
    (e: unknown) => {
      console.error(`\nbench failed: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    },
  )
  .then(async (code) => {
    stopAll();
    await dropDatabases();
    process.exit(code);
  });
