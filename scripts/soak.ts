/**
 * npm run soak: mixed traffic at a bounded rate on loopback for SOAK_MINUTES (default 10), against
 * a production server it starts itself (or SOAK_URL). Each minute it prints the requests, network
 * errors, 5xx, 4xx by status, p50/p99 latency and the server's memory (RSS from /proc, heap from
 * a small probe preloaded into the server); at the end a summary. Exits 1 on any 5xx or network
 * error: the target is 0 of both and memory flat.
 *
 *   SOAK_MINUTES   how long (default 10; fractions allowed)
 *   SOAK_RATE      requests a second (default 20), at most SOAK_CONCURRENCY (default 32) in flight
 *   SOAK_URL       an already running portal (its own database, seeded with the demo data); else
 *                  the script makes a database of its own on TEST_DATABASE_URL's server, migrates and
 *                  seeds it, builds if there is no build (or SOAK_BUILD=1), serves it on
 *                  127.0.0.1:SOAK_PORT (default 3080) and stops and drops both at the end
 *   SOAK_ADDRESSES how many client addresses the traffic is spread over (default 500), sent as
 *                  X-Forwarded-For; the server it starts trusts loopback as a proxy
 *                  (TRUSTED_PROXIES=127.0.0.1,::1), so per-address limits see many clients.
 *                  429 answers are counted (limits working), not errors.
 *
 * Traffic (weights): IMEI API lookups (known, unknown, invalid), the check page, the check form's
 * server action, status lookups (the demo application's right pair, and wrong pairs), the status
 * page, the OpenAPI document and /api/ready. The addresses are header values from the benchmarking
 * range 198.18.0.0/15; every request goes to the loopback server.
 * Runs through `tsx scripts/with-db.ts --tests` (package.json), which provides TEST_DATABASE_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDatabase, dropDatabase } from '../lib/database/test-databases';
import { DEMO_APPLICANT, DEMO_DEVICES, DEMO_TACS } from '../lib/demo-devices';
import { luhnCheckDigit } from '../lib/domain/imei';
import { makeReference } from '../lib/domain/reference';
import { deploy } from './db-migrate';

const ROOT = path.resolve(import.meta.dirname, '..');

function numberEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`${name} must be a number from ${min} to ${max} (got ${raw})`);
  return n;
}

const MINUTES = numberEnv('SOAK_MINUTES', 10, 0.05, 24 * 60);
const RATE = numberEnv('SOAK_RATE', 20, 0.1, 2_000);
const CONCURRENCY = numberEnv('SOAK_CONCURRENCY', 32, 1, 1_000);
const PORT = numberEnv('SOAK_PORT', 3080, 1, 65_535);
const ADDRESSES = numberEnv('SOAK_ADDRESSES', 500, 1, 100_000);
const REPORT_MS = numberEnv('SOAK_REPORT_SECONDS', 60, 1, 3_600) * 1000;
const REQUEST_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// The traffic

type Kind =
  | 'api-known'
  | 'api-unknown'
  | 'api-invalid'
  | 'check-page'
  | 'check-action'
  | 'status-right'
  | 'status-wrong'
  | 'status-page'
  | 'openapi'
  | 'ready';
const WEIGHTS: Record<Kind, number> = {
  'api-known': 20,
  'api-unknown': 10,
  'api-invalid': 8,
  'check-page': 12,
  'check-action': 20,
  'status-right': 6,
  'status-wrong': 4,
  'status-page': 6,
  openapi: 4,
  ready: 10,
};

const rnd = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
const locale = () => (Math.random() < 0.6 ? 'kk' : 'ru');
const digits = (n: number) => Array.from({ length: n }, () => rnd(10)).join('');

const KNOWN_IMEIS = DEMO_DEVICES.map((d) => d.imei);
/** A valid IMEI no one has data for (a known TAC): GREY, window not started. */
const unknownImei = () => {
  const identity = pick(DEMO_TACS).tac + digits(6);
  return identity + luhnCheckDigit(identity);
};
const INVALID_IMEIS = [
  '12345',
  'abcdefghijklmno',
  '35209900176148X',
  '3520990017614810000',
  encodeURIComponent('３５２０９９００１７６１４８１'),
  '%20',
  '352099001761482',
];
const ADDRESS_POOL = Array.from(
  { length: ADDRESSES },
  (_, i) => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255 || 1}`,
);
/** A well-formed reference (its check character right) that no application has: a database lookup, counted by the throttle. */
const wrongReference = () => makeReference(Array.from({ length: 7 }, () => rnd(30)));

/** Server action ids by exported name, from the build's manifest (the form posts the browser makes). */
function actionIds(): Record<string, string> {
  const file = path.join(ROOT, '.next', 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    node?: Record<string, { exportedName?: string; filename?: string }>;
  };
  const ids: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node ?? {}))
    if (entry.exportedName) ids[entry.exportedName] = id;
  for (const name of ['checkImeiAction', 'lookupApplicationAction'])
    if (!ids[name]) throw new Error(`${name} is not in ${file}`);
  return ids;
}

/**
 * A server action's request as React's client sends it (encodeReply): a multipart body whose "0"
 * part is the JSON of the arguments, a FormData argument referenced as "$K1" with its fields as
 * "1_<name>" parts.
 */
function actionBody(args: unknown[], fields: Record<string, string>): FormData {
  const body = new FormData();
  body.set('0', JSON.stringify(args));
  for (const [k, v] of Object.entries(fields)) body.set(`1_${k}`, v);
  return body;
}

type Plan = {
  kind: Kind;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: FormData;
};

function plan(kind: Kind, ids: Record<string, string>, base: string): Plan {
  const l = locale();
  const action = (
    name: string,
    pagePath: string,
    args: unknown[],
    fields: Record<string, string>,
  ): Plan => ({
    kind,
    method: 'POST',
    path: pagePath,
    headers: { 'Next-Action': ids[name], Accept: 'text/x-component', Origin: base },
    body: actionBody(args, fields),
  });
  switch (kind) {
    case 'api-known':
      return { kind, method: 'GET', path: `/api/v1/imei/${pick(KNOWN_IMEIS)}` };
    case 'api-unknown':
      return { kind, method: 'GET', path: `/api/v1/imei/${unknownImei()}` };
    case 'api-invalid':
      return { kind, method: 'GET', path: `/api/v1/imei/${pick(INVALID_IMEIS)}` };
    case 'check-page':
      return { kind, method: 'GET', path: `/${l}` };
    case 'check-action': {
      const imei =
        Math.random() < 0.6
          ? pick(KNOWN_IMEIS)
          : Math.random() < 0.7
            ? unknownImei()
            : pick(['12345', '35209900176148X']);
      return action('checkImeiAction', `/${l}`, [null, '$K1'], { locale: l, imei });
    }
    case 'status-right':
      return action('lookupApplicationAction', `/${l}/status`, ['$K1'], {
        locale: l,
        reference: pick(['CP56-78AA', 'CP56-789C']),
        iin: DEMO_APPLICANT.iin,
      });
    case 'status-wrong':
      return action('lookupApplicationAction', `/${l}/status`, ['$K1'], {
        locale: l,
        reference: wrongReference(),
        iin: DEMO_APPLICANT.iin,
      });
    case 'status-page':
      return { kind, method: 'GET', path: `/${l}/status` };
    case 'openapi':
      return { kind, method: 'GET', path: '/api/openapi.json' };
    case 'ready':
      return { kind, method: 'GET', path: '/api/ready' };
  }
}

const KINDS = Object.keys(WEIGHTS) as Kind[];
const TOTAL_WEIGHT = KINDS.reduce((a, k) => a + WEIGHTS[k], 0);
function nextKind(): Kind {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const k of KINDS) if ((r -= WEIGHTS[k]) < 0) return k;
  return KINDS[KINDS.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Counting

type Window = {
  requests: number;
  errors: number;
  s5xx: number;
  s4xx: Map<number, number>;
  latencies: number[];
  byKind: Map<Kind, number>;
};
const newWindow = (): Window => ({
  requests: 0,
  errors: 0,
  s5xx: 0,
  s4xx: new Map(),
  latencies: [],
  byKind: new Map(),
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Where each 5xx and network error came from: kind, path (no personal data: demo pairs only). */
const failures: string[] = [];

async function send(base: string, p: Plan, w: Window, total: Window): Promise<void> {
  const started = performance.now();
  let status = 0;
  try {
    const res = await fetch(base + p.path, {
      method: p.method,
      headers: {
        'X-Forwarded-For': pick(ADDRESS_POOL),
        'User-Agent': 'imei-portal-soak',
        ...p.headers,
      },
      body: p.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = res.status;
    await res.arrayBuffer();
  } catch (e) {
    status = -1;
    // fetch's own message is "fetch failed"; the cause says what happened (reset, refused, closed, timeout)
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})`.replace('( ', '(') : '';
    if (failures.length < 20)
      failures.push(
        `${p.kind} ${p.method} ${p.path}: ${(e as Error).name} ${(e as Error).message}${why}`,
      );
  }
  const ms = performance.now() - started;
  for (const x of [w, total]) {
    x.requests++;
    x.byKind.set(p.kind, (x.byKind.get(p.kind) ?? 0) + 1);
    if (status === -1) {
      x.errors++;
      continue;
    }
    x.latencies.push(ms);
    if (status >= 500) x.s5xx++;
    else if (status >= 400) x.s4xx.set(status, (x.s4xx.get(status) ?? 0) + 1);
  }
  if (status >= 500 && failures.length < 20)
    failures.push(`${p.kind} ${p.method} ${p.path}: ${status}`);
}

// ---------------------------------------------------------------------------------------------
// The server's memory

type Memory = { rssMb: number | null; heapUsedMb: number | null; heapTotalMb: number | null };

function children(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function rssKb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The server: the process with the largest RSS under the one started (npm or a shell may sit above it). */
function serverPid(root: number): number | null {
  let best: { pid: number; kb: number } | null = null;
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    const kb = rssKb(pid);
    if (kb !== null && (!best || kb > best.kb)) best = { pid, kb };
    queue.push(...children(pid));
  }
  return best?.pid ?? null;
}

const PROBE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'imei-soak-'));
const PROBE = path.join(PROBE_DIR, 'heap-probe.mjs');
// Preloaded into the server (NODE_OPTIONS=--import): every 5 s it writes process.memoryUsage()
// to a file named by its pid. Nothing else; the timer does not keep the process alive.
fs.writeFileSync(
  PROBE,
  `import fs from 'node:fs';
const dir = process.env.SOAK_PROBE_DIR;
if (dir) {
  const write = () => { try { const m = process.memoryUsage(); fs.writeFileSync(dir + '/' + process.pid + '.json', JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, at: Date.now() })); } catch {} };
  write();
  setInterval(write, 5000).unref();
}
`,
);

function memory(root: number | null): Memory {
  if (root === null) return { rssMb: null, heapUsedMb: null, heapTotalMb: null };
  const pid = serverPid(root);
  if (pid === null) return { rssMb: null, heapUsedMb: null, heapTotalMb: null };
  const kb = rssKb(pid);
  let heap: { heapUsed: number; heapTotal: number } | null = null;
  try {
    heap = JSON.parse(fs.readFileSync(path.join(PROBE_DIR, `${pid}.json`), 'utf8'));
  } catch {
    heap = null;
  }
  return {
    rssMb: kb === null ? null : kb / 1024,
    heapUsedMb: heap ? heap.heapUsed / 2 ** 20 : null,
    heapTotalMb: heap ? heap.heapTotal / 2 ** 20 : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The server under test

const procs = new Set<ChildProcess>();
function startProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log?: fs.WriteStream,
): ChildProcess {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', log ? 'pipe' : 'inherit', log ? 'pipe' : 'inherit'],
    detached: true,
  });
  if (log) {
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  procs.add(child);
  child.on('exit', () => procs.delete(child));
  return child;
}
function stopGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* gone */
  }
}
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  stopGroup(child, 'SIGTERM');
  const t = setTimeout(() => stopGroup(child, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}
process.on('exit', () => {
  for (const c of procs) stopGroup(c, 'SIGKILL');
  fs.rmSync(PROBE_DIR, { recursive: true, force: true });
});

async function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = startProcess(cmd, args, env);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${code})`);
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}) before it was ready`);
    const ok = await fetch(`${base}/api/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server was not ready within 5 minutes');
}

// ---------------------------------------------------------------------------------------------

const fmt = (n: number | null, digitsAfter = 0) =>
  n === null || Number.isNaN(n) ? '–' : n.toFixed(digitsAfter);
const fmt4xx = (m: Map<number, number>) =>
  m.size === 0
    ? '–'
    : [...m.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
const HEADER = [
  'minute',
  'requests',
  'errors',
  '5xx',
  '4xx by status',
  'p50 ms',
  'p99 ms',
  'server RSS MB',
  'heap used MB',
];

async function main(): Promise<void> {
  const external = process.env.SOAK_URL?.replace(/\/$/, '');
  let base = external ?? `http://127.0.0.1:${PORT}`;
  let server: ChildProcess | null = null;
  let databaseUrl: string | null = null;
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  const logFile = path.join(ROOT, 'data', 'soak-server.log');

  try {
    if (!external) {
      if (!adminUrl)
        throw new Error(
          'TEST_DATABASE_URL is not set: run `npm run soak` (tsx scripts/with-db.ts --tests -- tsx scripts/soak.ts), or give SOAK_URL',
        );
      if (!(await portFree(PORT)))
        throw new Error(`port ${PORT} is in use on 127.0.0.1: choose another with SOAK_PORT`);
      databaseUrl = await createDatabase(adminUrl, 'portal_soak');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NEXT_TELEMETRY_DISABLED: '1',
      };
      delete env.TEST_DATABASE_URL;
      console.log(
        `› database of its own: ${new URL(databaseUrl).pathname.slice(1)}; migrating and seeding the demo data`,
      );
      await deploy({ databaseUrl, log: () => {} });
      await run(
        process.execPath,
        ['--import', 'tsx', '--conditions=react-server', 'scripts/db-seed.ts'],
        env,
      );
      if (process.env.SOAK_BUILD === '1' || !fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
        console.log('› building (next build)');
        await run(process.execPath, ['node_modules/next/dist/bin/next', 'build'], env);
      } else {
        console.log(
          `› reusing the existing build (.next/BUILD_ID ${fs.readFileSync(path.join(ROOT, '.next', 'BUILD_ID'), 'utf8').trim()}; SOAK_BUILD=1 rebuilds)`,
        );
      }
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      const log = fs.createWriteStream(logFile);
      // What `npm start` runs, on loopback, trusting loopback as the proxy that sets X-Forwarded-For.
      server = startProcess(
        process.execPath,
        ['--import', 'tsx', 'scripts/server.ts', '-H', '127.0.0.1'],
        {
          ...env,
          NODE_ENV: 'production',
          PORT: String(PORT),
          TRUSTED_PROXIES: '127.0.0.1,::1',
          // a production server needs the proof-of-work key: one for this run (README, Configuration)
          ALTCHA_HMAC_KEY:
            process.env.ALTCHA_HMAC_KEY ?? crypto.randomBytes(36).toString('base64url'),
          UPLOAD_DIR: path.join(PROBE_DIR, 'uploads'),
          SOAK_PROBE_DIR: PROBE_DIR,
          NODE_OPTIONS:
            `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(PROBE).href}`.trim(),
        },
        log,
      );
      await waitReady(base, server);
      console.log(
        `› serving on ${base} (pid ${server.pid}; its log: ${path.relative(ROOT, logFile)})`,
      );
    } else {
      base = external;
      console.log(`› against ${base} (SOAK_URL): no server memory readings`);
    }

    const ids = actionIds();
    console.log(
      `› ${MINUTES} min at ${RATE} requests/s (at most ${CONCURRENCY} in flight) from ${ADDRESSES} client addresses; a line every ${REPORT_MS / 1000} s\n`,
    );
    console.log(row(HEADER));
    console.log(row(HEADER.map(() => '---')));

    const rootPid = server?.pid ?? null;
    const total = newWindow();
    let w = newWindow();
    const memories: Memory[] = [memory(rootPid)];
    const start = performance.now();
    const end = start + MINUTES * 60_000;
    let sent = 0;
    let inFlight = 0;
    let minute = 0;
    let skipped = 0;
    const pending = new Set<Promise<void>>();

    const report = () => {
      minute++;
      const sorted = w.latencies.sort((a, b) => a - b);
      const mem = memory(rootPid);
      memories.push(mem);
      console.log(
        row([
          String(minute),
          String(w.requests),
          String(w.errors),
          String(w.s5xx),
          fmt4xx(w.s4xx),
          fmt(percentile(sorted, 50)),
          fmt(percentile(sorted, 99)),
          fmt(mem.rssMb),
          fmt(mem.heapUsedMb),
        ]),
      );
      w = newWindow();
    };
    let nextReport = start + REPORT_MS;
    while (performance.now() < end) {
      const now = performance.now();
      const due = Math.floor(((now - start) / 1000) * RATE);
      while (sent < due) {
        sent++;
        if (inFlight >= CONCURRENCY) {
          skipped++; // the server is behind: the rate stays bounded, the request is not sent
          continue;
        }
        inFlight++;
        const p = send(base, plan(nextKind(), ids, base), w, total).finally(() => {
          inFlight--;
          pending.delete(p);
        });
        pending.add(p);
      }
      if (now >= nextReport) {
        report();
        nextReport += REPORT_MS;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(pending);
    if (w.requests > 0) report();

    const sorted = total.latencies.sort((a, b) => a - b);
    const rss = memories.map((m) => m.rssMb).filter((x): x is number => x !== null);
    const heap = memories.map((m) => m.heapUsedMb).filter((x): x is number => x !== null);
    const minutes = (performance.now() - start) / 60_000;
    console.log('\nSummary');
    console.log(
      `  ${total.requests} requests in ${minutes.toFixed(1)} min (${(total.requests / (minutes * 60)).toFixed(1)}/s); not sent because ${CONCURRENCY} were in flight: ${skipped}`,
    );
    console.log(
      `  network errors ${total.errors}, 5xx ${total.s5xx}, 4xx ${fmt4xx(total.s4xx)} (429: limits at work, not errors)`,
    );
    console.log(
      `  latency p50 ${fmt(percentile(sorted, 50))} ms, p99 ${fmt(percentile(sorted, 99))} ms, max ${fmt(sorted[sorted.length - 1] ?? null)} ms`,
    );
    console.log(`  by kind: ${KINDS.map((k) => `${k} ${total.byKind.get(k) ?? 0}`).join(', ')}`);
    if (rss.length) {
      // After the first minute's warm-up: the last reading against the first, and the highest.
      const after = rss.slice(1);
      console.log(
        `  server RSS MB: at start ${fmt(rss[0])}, after minute 1 ${fmt(after[0] ?? null)}, at the end ${fmt(rss[rss.length - 1])}, highest ${fmt(Math.max(...rss))}`,
      );
    }
    if (heap.length)
      console.log(
        `  heap used MB: at start ${fmt(heap[0])}, at the end ${fmt(heap[heap.length - 1])}, highest ${fmt(Math.max(...heap))}`,
      );
    if (failures.length)
      console.log(`  first failures:\n${failures.map((f) => `    ${f}`).join('\n')}`);
    if (server && server.exitCode !== null)
      throw new Error(`the server exited during the soak (${server.exitCode}); see ${logFile}`);
    const ok = total.s5xx === 0 && total.errors === 0;
    console.log(
      ok ? '\nsoak: PASS (no 5xx, no network error)' : '\nsoak: FAIL (5xx or network errors above)',
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    if (server) await stop(server);
    if (databaseUrl && process.env.SOAK_KEEP !== '1')
      await dropDatabase(adminUrl, databaseUrl).catch(() => {});
  }
}

main().catch((e) => {
  console.error(`soak: ${(e as Error).message}`);
  process.exitCode = 2;
});
