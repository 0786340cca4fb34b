/**
 * npm run bench [-- --devices N] [--duration S] [--connections C] [--port P] [--skip-api | --api-only] [--build]
 *
 * --skip-api: the import part only. --api-only: load the API against the bench-out/bench.db of an
 * earlier run (with the same --devices). --build: run `next build` even if a build exists.
 *
 * A benchmark, not a test: it always exits 0 once it has figures (1 only when it could not run).
 *  1. writes synthetic CSV feeds for N devices into bench-out/ (streamed);
 *  2. migrates a fresh bench-out/bench.db and imports each feed through the real CLI
 *     (scripts/data-import.ts, one child process per feed), measuring wall time, rows/s and the
 *     child's peak RSS; then imports one feed again (the idempotent re-import);
 *  3. starts the production server (`next start`, built first if .next/BUILD_ID is missing) on
 *     127.0.0.1 against bench.db and loads GET /api/v1/imei/<imei> with autocannon for a fixed
 *     duration, each request a random known or unknown IMEI;
 *  4. prints the figures beside the targets, marking each "ok" or "MISSED".
 * Everything stays on the loopback interface and every child process is stopped at the end,
 * also on error or Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { luhnCheckDigit } from '../lib/domain/imei';

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
  build: boolean;
};

const TARGETS = {
  importRowsPerSecond: 16_700,
  importPeakRssMb: 300,
  apiRequestsPerSecond: 570,
  apiP99Ms: 50,
  apiConnections: 10,
};

function parseOptions(argv: string[]): Options {
  const o: Options = { devices: 200_000, duration: 15, connections: 10, port: 3300, skipApi: false, apiOnly: false, build: false };
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
        o.port = int(flag, value(), 1_024, 65_535);
        break;
      case '--skip-api':
        o.skipApi = true;
        break;
      case '--api-only':
        o.apiOnly = true;
        break;
      case '--build':
        o.build = true;
        break;
      default:
        console.error(
          `error: unknown option ${argv[i]}\n` +
            'usage: npm run bench -- [--devices N] [--duration S] [--connections C] [--port P] [--skip-api | --api-only] [--build]',
        );
        process.exit(2);
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Child processes: every one is started in its own process group and stopped at the end.

const ROOT = process.cwd();
const OUT = path.join(ROOT, 'bench-out');
const DB_FILE = path.join(OUT, 'bench.db');
const DATABASE_URL = `file:${DB_FILE}`;
const RSS_HOOK = path.join(OUT, 'rss-hook.cjs');

const children = new Set<ChildProcess>();

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the group this script created (detached: true)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

async function stopAndWait(child: ChildProcess, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  stopChild(child, 'SIGTERM');
  const timer = setTimeout(() => stopChild(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function stopAll() {
  for (const child of children) stopChild(child, 'SIGKILL');
}

process.on('SIGINT', () => {
  console.error('\ninterrupted: stopping child processes');
  stopAll();
  process.exit(130);
});
process.on('SIGTERM', () => {
  stopAll();
  process.exit(143);
});
process.on('exit', stopAll);

function start(args: string[], env: NodeJS.ProcessEnv, stdio: 'pipe' | 'inherit' = 'pipe'): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', stdio, stdio], detached: true });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** VmHWM (peak resident set) of a live process, in kB; null once it has gone. */
function readPeakRssKb(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** utime + stime of a live process (all its threads), in ms; null once it has gone. */
function readCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Busy and total jiffies of all CPUs, from /proc/stat. */
function cpuTimes(): { busy: number; total: number } | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0); // idle + iowait
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * How busy the CPUs are (0 to 1) over the next second, while this benchmark itself is idle: other
 * work on the machine (a build, another test run) lowers every figure.
 */
async function otherLoad(phase: string): Promise<number> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, 1_000));
  const b = cpuTimes();
  const busy = a && b && b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
  const warn = busy > 0.1 ? `  ⚠ other processes keep the CPUs ${(busy * 100).toFixed(0)}% busy: figures may be low` : '';
  console.log(`  (CPUs ${(busy * 100).toFixed(0)}% busy before ${phase}, ${os.cpus().length} cores)${warn}`);
  return busy;
}

type RunResult = {
  code: number | null;
  seconds: number;
  stdout: string;
  stderr: string;
  peakRssKb: number;
  cpuSeconds: number | null;
  /** CPU time the rest of the machine used meanwhile (not this script, not the child). */
  othersCpuSeconds: number | null;
};

/**
 * Runs `node <args>`, the PID being the node process doing the work. Peak RSS: the highest VmHWM
 * seen while polling /proc, and the child's own getrusage maxRSS reported from its exit hook.
 */
async function run(args: string[], env: NodeJS.ProcessEnv, withRssHook = false): Promise<RunResult> {
  const started = process.hrtime.bigint();
  const machine0 = cpuTimes();
  const self0 = process.cpuUsage();
  const child = start(withRssHook ? ['--require', RSS_HOOK, ...args] : args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  let peak = 0;
  const poll = setInterval(() => {
    const kb = readPeakRssKb(child.pid!);
    if (kb !== null && kb > peak) peak = kb;
  }, 20);
  const [code] = (await once(child, 'close')) as [number | null];
  clearInterval(poll);
  const machine1 = cpuTimes();
  const self = process.cpuUsage(self0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const hook = /BENCH_MAXRSS_KB (\d+) CPU_US (\d+)/.exec(stderr);
  if (hook) peak = Math.max(peak, Number(hook[1]));
  return {
    code,
    seconds,
    stdout,
    stderr: stderr.replace(/\n?BENCH_MAXRSS_KB .*\n?/, ''),
    peakRssKb: peak,
    cpuSeconds: hook ? Number(hook[2]) / 1e6 : null,
    othersCpuSeconds:
      hook && machine0 && machine1
        ? Math.max(0, (machine1.busy - machine0.busy) / CLOCK_TICKS - Number(hook[2]) / 1e6 - (self.user + self.system) / 1e6)
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Synthetic feeds. Deterministic: device i's rows depend only on i (and today's date).

const TAC_COUNT = 2_000;
const DAY = 86_400_000;

/** A well-mixed 32-bit hash of (i, salt). */
function hash(i: number, salt: number): number {
  let x = Math.imul(i ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(salt + 0x27d4eb2f, 0x85ebca6b);
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
const frac = (i: number, salt: number) => hash(i, salt) / 4_294_967_296;
const pick = <T>(list: readonly T[], i: number, salt: number): T => list[hash(i, salt) % list.length];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const luhn = luhnCheckDigit;

/** RFC 4180 quoting when needed. */
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const TAC_PREFIXES = ['35', '86', '01', '49'];
const tacOf = (k: number) => TAC_PREFIXES[k % TAC_PREFIXES.length] + pad((k * 7_919 + 100_003) % 1_000_000, 6);
const TACS = Array.from({ length: TAC_COUNT }, (_, k) => tacOf(k));

/** Device i's 14-digit identity: one of the TACs and a serial unique within it. */
function identityOf(i: number): string {
  const j = Math.floor(i / TAC_COUNT);
  return TACS[i % TAC_COUNT] + pad((j * 104_729 + 12_345) % 1_000_000, 6);
}

/** Identities that are in no feed: unused serials of known TACs, and TACs in no TAC list. */
function unknownIdentity(k: number, devices: number): string {
  if (k % 4 === 0) return '99' + pad(hash(k, 99) % 1_000_000, 6) + pad(hash(k, 98) % 1_000_000, 6);
  const j = Math.ceil(devices / TAC_COUNT) + Math.floor(k / TAC_COUNT);
  return TACS[k % TAC_COUNT] + pad((j * 104_729 + 12_345) % 1_000_000, 6);
}
const imei15 = (identity: string) => identity + luhn(identity);

/** The imei cell of a feed row: mostly the 15-digit IMEI, some 14-digit identities and 16-digit IMEISVs. */
function imeiCell(i: number, salt: number): string {
  const id = identityOf(i);
  const r = hash(i, salt) % 100;
  if (r < 5) return id;
  if (r < 10) return id + pad(hash(i, salt + 1) % 100, 2);
  return imei15(id);
}

const BRANDS = ['Samsung', 'Apple', 'Xiaomi', 'HUAWEI', 'OPPO', 'vivo', 'realme', 'HONOR', 'TECNO', 'Nokia, HMD Global'];
const OPERATORS = ['Beeline', 'Kcell', 'Tele2', 'Altel', 'Activ'];
const SOURCES = ['manufacturer', 'importer', 'service_centre'];
const REASONS = ['stolen', 'lost', 'blocked'];
const ORGS = Array.from({ length: 60 }, (_, k) =>
  k % 10 === 0 ? `Importer ${k}, LLP` : k % 7 === 0 ? `"Mobile ${k}" TOO` : `Importer ${k} LLP`,
);

/** Times in the past: up to ~3 years back, ending 400 days ago (so later rows stay in the past). */
const END_MS = Math.floor((Date.now() - 400 * DAY) / 1000) * 1000;

/** A supplier's time, in the formats the importer accepts (date only, local, with offset, UTC). */
function instant(ms: number, style: number): string {
  const almaty = new Date(ms + 5 * 3_600_000).toISOString(); // Almaty wall clock (UTC+5)
  switch (style % 4) {
    case 0:
      return almaty.slice(0, 10);
    case 1:
      return `${almaty.slice(0, 10)} ${almaty.slice(11, 19)}`;
    case 2:
      return `${almaty.slice(0, 19)}+05:00`;
    default:
      return new Date(ms).toISOString().slice(0, 19) + 'Z';
  }
}
const pastMs = (i: number, salt: number) => END_MS - (hash(i, salt) % (1_000 * 86_400)) * 1000;

type FeedFile = { kind: 'tac' | 'legal-imports' | 'registrations' | 'gsma-blacklist'; file: string; rows: number };

async function writeFeed(
  kind: FeedFile['kind'],
  header: string,
  count: number,
  rowsOf: (i: number, out: string[]) => void,
  eol = '\n',
): Promise<FeedFile> {
  const file = path.join(OUT, `${kind}.csv`);
  const stream = fs.createWriteStream(file);
  let buf = header + eol;
  let rows = 0;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.length = 0;
    rowsOf(i, out);
    for (const line of out) {
      buf += line + eol;
      rows++;
    }
    if (buf.length >= 1 << 20) {
      if (!stream.write(buf)) await once(stream, 'drain');
      buf = '';
    }
  }
  stream.end(buf);
  await once(stream, 'finish');
  return { kind, file, rows };
}

async function generateFeeds(devices: number): Promise<FeedFile[]> {
  const feeds: FeedFile[] = [];
  // The TAC list: a BOM and CRLF line ends, some quoted brands and models.
  feeds.push(
    await writeFeed(
      'tac',
      '\uFEFFtac,brand,model',
      TAC_COUNT,
      (k, out) => {
        const brand = pick(BRANDS, k, 1);
        const model = k % 9 === 0 ? `Galaxy "A${k % 100}"` : `Model ${k}`;
        out.push(`${TACS[k]},${csvCell(brand)},${csvCell(model)}`);
      },
      '\r\n',
    ),
  );
  // Legal imports: ~60% of devices.
  feeds.push(
    await writeFeed('legal-imports', 'imei,source,organisation,document,recorded_at', devices, (i, out) => {
      if (frac(i, 10) >= 0.6) return;
      const doc = `GTD-${pad(hash(i, 12) % 100_000, 5)}/${i}`;
      out.push(`${imeiCell(i, 13)},${pick(SOURCES, i, 14)},${csvCell(pick(ORGS, i, 15))},${doc},${instant(pastMs(i, 16), i)}`);
    }),
  );
  // Network registrations: ~80% of devices, a quarter of them seen twice.
  feeds.push(
    await writeFeed('registrations', 'imei,imsi,msisdn,operator,seen_at', devices, (i, out) => {
      if (frac(i, 20) >= 0.8) return;
      const cell = imeiCell(i, 21);
      const imsi = `40101${pad(hash(i, 22) % 100_000, 5)}${pad(hash(i, 23) % 100_000, 5)}`;
      const msisdn = `+7701${pad(hash(i, 24) % 10_000_000, 7)}`;
      const operator = pick(OPERATORS, i, 25);
      const seen = pastMs(i, 26);
      out.push(`${cell},${imsi},${msisdn},${operator},${instant(seen, i)}`);
      if (frac(i, 27) < 0.25) {
        const later = seen + (1 + (hash(i, 28) % 60)) * DAY;
        out.push(`${cell},${imsi},${msisdn},${pick(OPERATORS, i, 29)},${instant(later, i + 1)}`);
      }
    }),
  );
  // The GSMA blacklist: ~2% of devices, a third of them removed since.
  feeds.push(
    await writeFeed('gsma-blacklist', 'imei,reason,listed_at,removed_at', devices, (i, out) => {
      if (frac(i, 30) >= 0.02) return;
      const listed = pastMs(i, 31);
      const removed = frac(i, 32) < 0.33 ? instant(listed + (1 + (hash(i, 33) % 200)) * DAY, i + 2) : '';
      out.push(`${imeiCell(i, 34)},${pick(REASONS, i, 35)},${instant(listed, i)},${removed}`);
    }),
  );
  return feeds;
}

/** Request paths for the load: ~80% devices in the feeds, ~20% unknown; 15- and 16-digit forms. */
function requestPaths(devices: number, count: number): string[] {
  const paths: string[] = [];
  for (let k = 0; k < count; k++) {
    const identity = hash(k, 40) % 100 < 80 ? identityOf(hash(k, 41) % devices) : unknownIdentity(k, devices);
    const imei = hash(k, 42) % 10 === 0 ? identity + '01' : imei15(identity);
    paths.push(`/api/v1/imei/${imei}`);
  }
  return paths;
}

/** A device on the generated blacklist and not removed, to check the server reads bench.db. */
function blacklistedImei(devices: number): string | null {
  for (let i = 0; i < devices; i++) {
    if (frac(i, 30) < 0.02 && frac(i, 32) >= 0.33) return imei15(identityOf(i));
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Import

type ImportFigure = {
  label: string;
  rows: number;
  changed: number | null;
  seconds: number;
  inProcessSeconds: number | null;
  cpuSeconds: number | null;
  othersCpuSeconds: number | null;
  peakRssMb: number;
};

function freshDatabase() {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(DB_FILE + suffix, { force: true });
}

/**
 * The node options `npm run <script>` gives tsx (e.g. --conditions=react-server), so the CLI runs
 * here exactly as it does for its users, but as `node --import tsx …`: one process, whose PID
 * is the importer's.
 */
function tsxNodeOptions(script: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.[script] ?? '').trim().split(/\s+/);
  const at = words.indexOf('tsx');
  const options: string[] = [];
  if (at >= 0) {
    for (const w of words.slice(at + 1)) {
      if (!w.startsWith('-')) break;
      options.push(w);
    }
  }
  return options;
}

async function importOne(feed: FeedFile, label: string): Promise<ImportFigure> {
  const env = { ...process.env, DATABASE_URL };
  const args = [...tsxNodeOptions('data:import'), '--import', 'tsx', 'scripts/data-import.ts', feed.kind, feed.file];
  const r = await run(args, env, true);
  if (r.code !== 0) {
    throw new Error(`import of ${feed.kind} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`.slice(0, 4_000));
  }
  const m = /: (\d+) rows, (\d+) new or changed, .*\(([\d.]+) s\)/.exec(r.stdout);
  const figure: ImportFigure = {
    label,
    rows: m ? Number(m[1]) : feed.rows,
    changed: m ? Number(m[2]) : null,
    seconds: r.seconds,
    inProcessSeconds: m ? Number(m[3]) : null,
    cpuSeconds: r.cpuSeconds,
    othersCpuSeconds: r.othersCpuSeconds,
    peakRssMb: r.peakRssKb / 1024,
  };
  if (figure.rows !== feed.rows) throw new Error(`${feed.kind}: the CLI read ${figure.rows} rows, ${feed.rows} written`);
  console.log(
    `  ${label.padEnd(26)} ${fmtInt(figure.rows).padStart(10)} rows  ${figure.seconds.toFixed(2).padStart(7)} s  ` +
      `${fmtInt(figure.rows / figure.seconds).padStart(8)} rows/s  peak RSS ${figure.peakRssMb.toFixed(0)} MB  ` +
      `CPU ${figure.cpuSeconds?.toFixed(1) ?? '?'} s` +
      (figure.othersCpuSeconds !== null && figure.othersCpuSeconds > Math.max(0.5, 0.1 * figure.seconds)
        ? `  ⚠ other processes used ${figure.othersCpuSeconds.toFixed(1)} CPU-s meanwhile`
        : '') +
      `  (${figure.changed ?? '?'} changed)`,
  );
  return figure;
}

// ---------------------------------------------------------------------------------------------
// API load

type ApiFigure = {
  connections: number;
  duration: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  serverPeakRssMb: number;
  /** CPU time of the server process (all threads) per request, in ms. */
  serverCpuMsPerRequest: number | null;
  /** CPU time of this process (the load generator) per request, in ms. */
  clientCpuMsPerRequest: number;
  /** How busy other processes kept the CPUs just before the load (0 to 1). */
  loadBefore: number;
  /** CPU time other processes used during the load. */
  othersCpuSeconds: number | null;
  /** The same route without database work (400 to a non-IMEI): what the framework alone costs. */
  floor: { rps: number; p99: number; cpuMsPerRequest: number | null; ok: boolean };
  buildReused: boolean;
};

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

type Autocannon = (opts: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}>;

async function loadApi(o: Options): Promise<ApiFigure> {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  let buildReused = true;
  if (o.build || !fs.existsSync(buildId)) {
    buildReused = false;
    console.log(o.build ? '› building (--build)' : '› .next/BUILD_ID is missing: building (next build)');
    const r = await run(['node_modules/next/dist/bin/next', 'build'], { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
    if (r.code !== 0) throw new Error(`next build failed:\n${(r.stdout + r.stderr).slice(-4_000)}`);
  } else {
    console.log(`› reusing the existing build (.next/BUILD_ID ${fs.readFileSync(buildId, 'utf8').trim()})`);
  }

  if (await portInUse(o.port)) throw new Error(`port ${o.port} is already in use on 127.0.0.1: choose another with --port`);
  const base = `http://127.0.0.1:${o.port}`;
  const server = start(
    ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(o.port)],
    { ...process.env, DATABASE_URL, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  );
  let serverLog = '';
  server.stdout!.setEncoding('utf8').on('data', (s: string) => (serverLog += s));
  server.stderr!.setEncoding('utf8').on('data', (s: string) => (serverLog += s));
  try {
    const paths = requestPaths(o.devices, 20_000);
    // Wait for the server (60 s at most).
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}):\n${serverLog.slice(-2_000)}`);
      try {
        const r = await fetchJson(base + paths[0]);
        if (r.status === 200) break;
        throw new Error(`GET ${paths[0]} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('GET ')) throw e;
        if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${serverLog.slice(-2_000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    console.log(`› next start is up on ${base} (pid ${server.pid})`);

    // The server must be reading bench.db: a device on the generated blacklist answers "black".
    const black = blacklistedImei(o.devices);
    if (black) {
      const r = await fetchJson(`${base}/api/v1/imei/${black}`);
      const list = (r.body as { list?: string } | null)?.list;
      if (r.status !== 200 || list?.toLowerCase() !== 'black') {
        throw new Error(`GET /api/v1/imei/${black} should be on the black list; got ${r.status} ${JSON.stringify(r.body)}`);
      }
      console.log(`  sanity: ${black} → ${list} (the server reads bench-out/bench.db)`);
    }

    const autocannon = require('autocannon') as Autocannon;
    const load = async (duration: number, connections: number, pool = paths) => {
      return autocannon({
        url: base,
        connections,
        duration,
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            method: 'GET',
            // A random IMEI from the pool for each request.
            setupRequest: (req: Record<string, unknown>) => ({ ...req, path: pool[Math.floor(Math.random() * pool.length)] }),
          },
        ],
      });
    };
    console.log('› warming up (3 s)');
    await load(3, o.connections);
    await new Promise((r) => setTimeout(r, 1_000));
    console.log(`› load: ${o.connections} connections for ${o.duration} s`);
    const loadBefore = await otherLoad('the load');
    const serverCpu0 = readCpuMs(server.pid!);
    const clientCpu0 = process.cpuUsage();
    const machine0 = cpuTimes();
    const r = await load(o.duration, o.connections);
    const clientCpu = process.cpuUsage(clientCpu0);
    const serverCpu1 = readCpuMs(server.pid!);
    const machine1 = cpuTimes();
    const othersCpuSeconds =
      machine0 && machine1 && serverCpu0 !== null && serverCpu1 !== null
        ? Math.max(
            0,
            (machine1.busy - machine0.busy) / CLOCK_TICKS -
              (serverCpu1 - serverCpu0) / 1000 -
              (clientCpu.user + clientCpu.system) / 1e6,
          )
        : null;
    const serverPeak = readPeakRssKb(server.pid!) ?? 0;

    const fig: ApiFigure = {
      connections: o.connections,
      duration: o.duration,
      requests: r.requests.total,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      serverPeakRssMb: serverPeak / 1024,
      serverCpuMsPerRequest:
        serverCpu0 !== null && serverCpu1 !== null && r.requests.total ? (serverCpu1 - serverCpu0) / r.requests.total : null,
      clientCpuMsPerRequest: r.requests.total ? (clientCpu.user + clientCpu.system) / 1000 / r.requests.total : 0,
      loadBefore,
      othersCpuSeconds,
      floor: { rps: 0, p99: 0, cpuMsPerRequest: null, ok: false },
      buildReused,
    };
    console.log(
      `  ${fmtInt(fig.requests)} requests, ${fmtInt(fig.rps)} req/s, p50 ${fig.p50} ms, p99 ${fig.p99} ms, ` +
        `max ${fig.max} ms, non-2xx ${fig.non2xx}, errors ${fig.errors}, timeouts ${fig.timeouts}`,
    );
    console.log(
      `  CPU per request: server ${fig.serverCpuMsPerRequest?.toFixed(2) ?? '?'} ms, load generator ` +
        `${fig.clientCpuMsPerRequest.toFixed(2)} ms (${os.cpus().length} cores in all)`,
    );

    // The framework's share: the same route answering 400 to a non-IMEI, which reads no database.
    await new Promise((r) => setTimeout(r, 1_000));
    console.log(`› for comparison: GET /api/v1/imei/not-an-imei (400, no database access), 5 s`);
    const floorCpu0 = readCpuMs(server.pid!);
    const floor = await load(5, o.connections, ['/api/v1/imei/not-an-imei']);
    const floorCpu1 = readCpuMs(server.pid!);
    fig.floor = {
      rps: floor.requests.average,
      p99: floor.latency.p99,
      cpuMsPerRequest:
        floorCpu0 !== null && floorCpu1 !== null && floor.requests.total ? (floorCpu1 - floorCpu0) / floor.requests.total : null,
      ok: floor.non2xx === floor.requests.total && floor.errors === 0,
    };
    console.log(
      `  ${fmtInt(fig.floor.rps)} req/s, p99 ${fig.floor.p99} ms, server CPU ${fig.floor.cpuMsPerRequest?.toFixed(2) ?? '?'} ms per request` +
        (fig.floor.ok ? '' : ' (unexpected: not all answered 400)'),
    );

    return fig;
  } finally {
    await stopAndWait(server);
    if (/api check failed/.test(serverLog)) console.log('  the server logged database errors during the load');
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmtInt = (n: number) => Math.round(n).toLocaleString('en');
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function table(rows: string[][]) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

function report(o: Options, done: { imports: ImportFigure[]; reimport: ImportFigure } | null, api: ApiFigure | null) {
  console.log(`\n═══ Results: ${fmtInt(o.devices)} devices ═══\n`);
  if (done) reportImports(done.imports, done.reimport);
  else console.log('import: not run (--api-only)');
  reportApi(api);
}

function reportImports(imports: ImportFigure[], reimport: ImportFigure) {
  const rows: string[][] = [
    ['import (wall time of the CLI process)', 'rows', 'seconds', 'rows/s', 'CPU s', 'peak RSS', 'target', 'result'],
  ];
  const total = { rows: 0, seconds: 0, cpu: 0, peak: 0 };
  for (const f of [...imports, reimport]) {
    const rps = f.rows / f.seconds;
    // Under 100,000 rows the figure mostly times node's start-up: no rows/s verdict for those.
    const judged = f.rows >= 100_000;
    const missed = [
      ...(judged && rps < TARGETS.importRowsPerSecond ? ['rows/s'] : []),
      ...(f.peakRssMb >= TARGETS.importPeakRssMb ? ['RSS'] : []),
    ];
    rows.push([
      f.label,
      fmtInt(f.rows),
      f.seconds.toFixed(2),
      fmtInt(rps),
      f.cpuSeconds?.toFixed(1) ?? '?',
      `${f.peakRssMb.toFixed(0)} MB`,
      judged ? `≥ ${fmtInt(TARGETS.importRowsPerSecond)}/s, < ${TARGETS.importPeakRssMb} MB` : `< ${TARGETS.importPeakRssMb} MB`,
      missed.length ? `MISSED (${missed.join(', ')})` : 'ok',
    ]);
    if (f !== reimport) {
      total.rows += f.rows;
      total.seconds += f.seconds;
      total.cpu += f.cpuSeconds ?? 0;
      total.peak = Math.max(total.peak, f.peakRssMb);
    }
  }
  const totalRps = total.rows / total.seconds;
  rows.push([
    'all four feeds (first import)',
    fmtInt(total.rows),
    total.seconds.toFixed(2),
    fmtInt(totalRps),
    total.cpu.toFixed(1),
    `${total.peak.toFixed(0)} MB`,
    `≥ ${fmtInt(TARGETS.importRowsPerSecond)}/s, < ${TARGETS.importPeakRssMb} MB`,
    (() => {
      const missed = [
        ...(totalRps < TARGETS.importRowsPerSecond ? ['rows/s'] : []),
        ...(total.peak >= TARGETS.importPeakRssMb ? ['RSS'] : []),
      ];
      return missed.length ? `MISSED (${missed.join(', ')})` : 'ok';
    })(),
  ]);
  table(rows);
  console.log('(wall time includes node + tsx start-up, ~1 s per feed; the in-process time the CLI prints is shorter)');
  const others = [...imports, reimport].reduce((a, f) => a + (f.othersCpuSeconds ?? 0), 0);
  const wall = [...imports, reimport].reduce((a, f) => a + f.seconds, 0);
  if (others > Math.max(0.5, 0.1 * wall)) {
    console.log(`⚠ other processes used ${others.toFixed(1)} CPU-s during the ${wall.toFixed(0)} s of imports: figures may be low.`);
  }
}

function reportApi(api: ApiFigure | null) {
  if (!api) {
    console.log('\nAPI: skipped (--skip-api)');
    return;
  }
  console.log(
    `\nAPI: GET /api/v1/imei/<imei>, ${api.connections} connections, ${api.duration} s, ` +
      `${api.buildReused ? 'existing build' : 'fresh build'}, server peak RSS ${api.serverPeakRssMb.toFixed(0)} MB\n`,
  );
  const tenConnections = api.connections === TARGETS.apiConnections;
  const note = tenConnections ? '' : ` (targets are for ${TARGETS.apiConnections} connections)`;
  if (api.loadBefore > 0.1) {
    console.log(`⚠ other processes kept the CPUs ${(api.loadBefore * 100).toFixed(0)}% busy just before the load: figures may be low.\n`);
  }
  if (api.othersCpuSeconds !== null && api.othersCpuSeconds > 0.1 * api.duration) {
    console.log(`⚠ other processes used ${api.othersCpuSeconds.toFixed(1)} CPU-s during the ${api.duration} s load: figures may be low.\n`);
  }
  table([
    ['API', 'measured', 'target', 'result'],
    ['requests/s (mean)', fmtInt(api.rps), `≥ ${TARGETS.apiRequestsPerSecond}`, verdict(api.rps >= TARGETS.apiRequestsPerSecond) + note],
    ['latency p50', `${api.p50} ms`, '', ''],
    ['latency p99', `${api.p99} ms`, `< ${TARGETS.apiP99Ms} ms`, verdict(api.p99 < TARGETS.apiP99Ms) + note],
    ['latency max', `${api.max} ms`, '', ''],
    ['requests in all', fmtInt(api.requests), '', ''],
    ['server CPU per request', `${api.serverCpuMsPerRequest?.toFixed(2) ?? '?'} ms`, '', ''],
    ['load generator CPU per request', `${api.clientCpuMsPerRequest.toFixed(2)} ms`, '', ''],
    ['no-database 400s: requests/s', fmtInt(api.floor.rps), '(for comparison)', ''],
    ['no-database 400s: server CPU per request', `${api.floor.cpuMsPerRequest?.toFixed(2) ?? '?'} ms`, '(for comparison)', ''],
    ['non-2xx responses', String(api.non2xx), '0', verdict(api.non2xx === 0)],
    ['errors + timeouts', String(api.errors + api.timeouts), '0', verdict(api.errors + api.timeouts === 0)],
  ]);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const o = parseOptions(process.argv.slice(2));
  fs.mkdirSync(OUT, { recursive: true });
  if (o.apiOnly) {
    if (!fs.existsSync(DB_FILE)) throw new Error('--api-only needs the bench-out/bench.db of an earlier run');
    console.log(`› --api-only: reusing bench-out/bench.db (generated for ${fmtInt(o.devices)} devices, it is assumed)`);
    report(o, null, await loadApi(o));
    return;
  }
  fs.writeFileSync(
    RSS_HOOK,
    "process.on('exit', () => { try { const u = process.resourceUsage(); require('fs').writeSync(2, '\\nBENCH_MAXRSS_KB ' + u.maxRSS + ' CPU_US ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); } catch {} });\n",
  );

  console.log(`› generating feeds for ${fmtInt(o.devices)} devices in bench-out/`);
  let t = process.hrtime.bigint();
  const feeds = await generateFeeds(o.devices);
  for (const f of feeds) {
    console.log(`  ${path.basename(f.file).padEnd(20)} ${fmtInt(f.rows).padStart(10)} rows  ${(fs.statSync(f.file).size / 1e6).toFixed(1)} MB`);
  }
  console.log(`  (${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s)`);

  console.log('› fresh database bench-out/bench.db: migrating');
  freshDatabase();
  t = process.hrtime.bigint();
  const migrated = await run([...tsxNodeOptions('db:migrate'), '--import', 'tsx', 'scripts/db-migrate.ts', 'deploy'], {
    ...process.env,
    DATABASE_URL,
  });
  if (migrated.code !== 0) throw new Error(`migration failed:\n${migrated.stdout}${migrated.stderr}`);
  console.log(`  (${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s)`);

  const cli = ['node', ...tsxNodeOptions('data:import'), '--import tsx scripts/data-import.ts <kind> <file>'].join(' ');
  console.log(`› importing through the CLI (${cli})`);
  await otherLoad('the imports');
  const imports: ImportFigure[] = [];
  for (const f of feeds) imports.push(await importOne(f, f.kind));
  const again = feeds.find((f) => f.kind === 'registrations')!;
  const reimport = await importOne(again, `${again.kind} (again)`);
  if (reimport.changed !== 0) console.log(`  note: the re-import changed ${reimport.changed} rows (expected 0)`);

  const api = o.skipApi ? null : await loadApi(o);
  report(o, { imports, reimport }, api);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`\nbench failed: ${e instanceof Error ? e.message : String(e)}`);
    stopAll();
    process.exit(1);
  },
);
