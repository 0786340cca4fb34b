/**
 * npm run lighthouse: how light the public pages are for a phone on a slow network. Builds when
 * the build is missing or older than the sources (or always with --build), serves the production
 * build (scripts/server.ts) on LIGHTHOUSE_PORT (default 3010), runs Lighthouse's default mobile
 * preset (simulated slow 4G, 4x CPU slowdown) on the home page in kk and ru, and prints per page:
 * the performance score, LCP, total blocking time, and the page's script (every script file it
 * loaded, gzipped here at the default level, so the number does not depend on the server's
 * compression). Run under scripts/with-db.ts (the npm script does), so the server has a database.
 * Lighthouse 12.2.3 exactly: later versions need Node 22 or leave a lock that `npm ci` refuses.
 * Chromium: CHROME_PATH (default /usr/bin/chromium).
 *
 *   npm run lighthouse [-- --build] [-- --path /status]
 *
 * Measures; asserts nothing (a score depends on the machine). Exit 0 unless a run fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 3010);
const BASE = `http://127.0.0.1:${PORT}`;
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const LOCALES = ['kk', 'ru'] as const;

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p))
    if (e !== 'node_modules' && !e.startsWith('.'))
      newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** The build is current when .next/BUILD_ID is newer than every source the pages are made of. */
function buildIsCurrent(): boolean {
  const id = fs.statSync(path.join(ROOT, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (!id) return false;
  const sources = [
    'app',
    'lib',
    'messages',
    'proxy.ts',
    'instrumentation.ts',
    'next.config.ts',
    'package-lock.json',
  ];
  return sources.every((s) => newestMtime(path.join(ROOT, s)) <= id.mtimeMs);
}

async function waitForServer(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      const r = await fetch(`${BASE}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not answer /api/health');
}

type Network = { url: string; resourceType?: string; transferSize?: number };
type Report = {
  categories: { performance: { score: number | null } };
  audits: Record<string, { numericValue?: number; details?: { items?: Network[] } }>;
  runtimeError?: { code: string; message: string };
};

function runLighthouse(url: string): Report {
  const out = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      '--quiet',
      '--only-categories=performance',
      '--output=json',
      '--output-path=stdout',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage',
    ],
    { env: { ...process.env, CHROME_PATH }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (out.status !== 0) throw new Error(`lighthouse failed on ${url}: ${out.stderr.slice(-2000)}`);
  const report = JSON.parse(out.stdout) as Report;
  if (report.runtimeError)
    throw new Error(`lighthouse: ${report.runtimeError.code}: ${report.runtimeError.message}`);
  return report;
}

/** A file's bytes, on a connection of its own (the server closes idle kept-alive ones while Lighthouse runs). */
function download(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`${url}: ${res.statusCode}`)),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Every script file the page loaded, fetched again and gzipped here (default level). */
async function gzippedScriptBytes(report: Report): Promise<{ files: number; bytes: number }> {
  const scripts = (report.audits['network-requests']?.details?.items ?? []).filter(
    (r) => r.resourceType === 'Script',
  );
  let bytes = 0;
  for (const s of scripts) {
    bytes += zlib.gzipSync(await download(s.url)).length;
  }
  return { files: scripts.length, bytes };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const p = argv.indexOf('--path');
  const pagePath = p >= 0 ? argv[p + 1] : '';
  if (argv.includes('--build') || !buildIsCurrent()) {
    console.log('lighthouse: building (next build)…');
    const b = spawnSync('npx', ['next', 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (b.status !== 0) throw new Error('next build failed');
  }
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/server.ts', '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      // A throwaway proof-of-work key: the production server refuses to start without one.
      env: {
        ...process.env,
        PORT: String(PORT),
        NODE_ENV: 'production',
        ALTCHA_HMAC_KEY: process.env.ALTCHA_HMAC_KEY ?? crypto.randomBytes(32).toString('hex'),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitForServer(server);
    // One request per page first, so the measured load is not the server's first compile of it.
    for (const locale of LOCALES) await (await fetch(`${BASE}/${locale}${pagePath}`)).text();
    const rows: string[] = [];
    for (const locale of LOCALES) {
      const url = `${BASE}/${locale}${pagePath}`;
      const report = runLighthouse(url);
      const score = report.categories.performance.score;
      const lcp = report.audits['largest-contentful-paint']?.numericValue ?? NaN;
      const tbt = report.audits['total-blocking-time']?.numericValue ?? NaN;
      const js = await gzippedScriptBytes(report);
      rows.push(
        `/${locale}${pagePath}  performance ${score === null ? '?' : Math.round(score * 100)}  ` +
          `LCP ${(lcp / 1000).toFixed(1)} s  TBT ${Math.round(tbt)} ms  ` +
          `script ${(js.bytes / 1024).toFixed(1)} KiB gzipped in ${js.files} files`,
      );
      console.log(rows.at(-1));
    }
    return 0;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(
      `lighthouse: ${e instanceof Error ? `${e.message}${e.cause ? ` (${String(e.cause)})` : ''}` : String(e)}`,
    );
    process.exit(1);
  },
);
