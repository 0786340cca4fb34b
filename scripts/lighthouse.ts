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
 *   npm run lighthouse [-- --build] [-- --path /status] [-- --runs 3] [-- --no-baseline]
 *
 * Measures; asserts nothing (a score depends on the machine). Exit 0 unless a run fails.
 *
 * The baseline, measured in the same run: a bare Next.js app (the same Next and React, no i18n
 * library, no data) built in .lighthouse-baseline/ with the page's heading and intro, the site's
 * stylesheet and one client input that counts digits as you type. Its score is what the framework
 * alone gives on this machine; each page's line ends with its total blocking time as a multiple of
 * the baseline's, a ratio that drifts less than absolute figures on a shared machine.
 * `--no-baseline` skips it.
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
const BASELINE_DIR = path.join(ROOT, '.lighthouse-baseline');
const BASELINE_PORT = PORT + 1;
// The baseline's own copy of Next, so it and React come from one node_modules.
const NEXT_BIN = path.join(BASELINE_DIR, 'node_modules', 'next', 'dist', 'bin', 'next');

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

type Texts = { heading: string; intro: string; label: string; hint: string; submit: string };

/** The bare app's files: a layout, the page and one client component, written from strings here. */
function writeBaseline(texts: Record<string, Texts>): void {
  fs.mkdirSync(BASELINE_DIR, { recursive: true });
  for (const e of fs.readdirSync(BASELINE_DIR))
    if (e !== 'node_modules')
      fs.rmSync(path.join(BASELINE_DIR, e), { recursive: true, force: true });
  // Its own node_modules (hard links to the project's, so no copy): Turbopack resolves nothing
  // outside the app's root, and with the project's folder as root it would take the project's
  // instrumentation.ts as the baseline's.
  const modules = path.join(BASELINE_DIR, 'node_modules');
  const linkedAt = fs.statSync(modules, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (linkedAt < fs.statSync(path.join(ROOT, 'package-lock.json')).mtimeMs) {
    fs.rmSync(modules, { recursive: true, force: true });
    const cp = spawnSync('cp', ['-al', path.join(ROOT, 'node_modules'), modules], {
      stdio: 'inherit',
    });
    if (cp.status !== 0) throw new Error('could not link node_modules into the baseline');
  }
  fs.mkdirSync(path.join(BASELINE_DIR, 'app', '[locale]'), { recursive: true });
  const files: Record<string, string> = {
    'package.json': '{ "name": "lighthouse-baseline", "private": true, "type": "module" }\n',
    'next.config.mjs':
      'export default { poweredByHeader: false, turbopack: { root: import.meta.dirname } };\n',
    'tsconfig.json': fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'),
    'texts.json': JSON.stringify(texts),
    'app/globals.css': fs.readFileSync(path.join(ROOT, 'app', 'globals.css'), 'utf8'),
    'app/[locale]/layout.tsx': `import '../globals.css';
export default async function Layout({ children, params }: { children: React.ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  return <html lang={locale}><body><main className="container">{children}</main></body></html>;
}
`,
    'app/[locale]/page.tsx': `import texts from '../../texts.json';
import { ImeiField } from './imei-field';
export const dynamic = 'force-dynamic';
export default async function Page({ params }: { params: Promise<{ locale: string }> }) {
  const t = texts[(await params).locale as keyof typeof texts] ?? texts.kk;
  return (<><h1>{t.heading}</h1><p className="lead">{t.intro}</p>
    <form className="panel"><ImeiField label={t.label} hint={t.hint} /><button className="button">{t.submit}</button></form></>);
}
`,
    'app/[locale]/imei-field.tsx': `'use client';
import { useState } from 'react';
export function ImeiField({ label, hint }: { label: string; hint: string }) {
  const [value, setValue] = useState('');
  const digits = value.replace(/\\D/g, '').length;
  return (<div className="field"><label htmlFor="imei">{label}</label><p id="imei-hint" className="hint">{hint}</p>
    <input id="imei" name="imei" inputMode="numeric" aria-describedby="imei-hint imei-count" value={value} onChange={(e) => setValue(e.target.value)} />
    <p id="imei-count" aria-live="polite">{digits} / 15</p></div>);
}
`,
  };
  for (const [name, text] of Object.entries(files))
    fs.writeFileSync(path.join(BASELINE_DIR, name), text);
}

function baselineTexts(): Record<string, Texts> {
  const out: Record<string, Texts> = {};
  for (const locale of LOCALES) {
    const m = JSON.parse(fs.readFileSync(path.join(ROOT, 'messages', `${locale}.json`), 'utf8'));
    out[locale] = { ...m.home, label: m.form.label, hint: m.form.hint, submit: m.form.submit };
  }
  return out;
}

type Row = { score: number | null; lcp: number; tbt: number; bytes: number; files: number };

async function measure(base: string, pagePath: string, locale: string): Promise<Row> {
  const report = runLighthouse(`${base}/${locale}${pagePath}`);
  const js = await gzippedScriptBytes(report);
  return {
    score: report.categories.performance.score,
    lcp: report.audits['largest-contentful-paint']?.numericValue ?? NaN,
    tbt: report.audits['total-blocking-time']?.numericValue ?? NaN,
    ...js,
  };
}

/** The run with the median score (the middle one; the lower middle of an even count). */
function median(rows: Row[]): Row {
  const sorted = [...rows].sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function line(label: string, r: Row, baseline?: Row): string {
  const score = r.score === null ? '?' : String(Math.round(r.score * 100));
  const ratio =
    baseline && baseline.tbt > 0 ? `  TBT ×${(r.tbt / baseline.tbt).toFixed(1)} baseline` : '';
  return (
    `${label.padEnd(14)} performance ${score.padStart(3)}  LCP ${(r.lcp / 1000).toFixed(1)} s  ` +
    `TBT ${String(Math.round(r.tbt)).padStart(4)} ms  script ${(r.bytes / 1024).toFixed(1)} KiB gzipped ` +
    `in ${r.files} files${ratio}`
  );
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const p = argv.indexOf('--path');
  const pagePath = p >= 0 ? argv[p + 1] : '';
  const withBaseline = !argv.includes('--no-baseline');
  const r = argv.indexOf('--runs');
  const runs = Math.max(1, r >= 0 ? Number(argv[r + 1]) || 1 : 3);
  if (argv.includes('--build') || !buildIsCurrent()) {
    console.log('lighthouse: building (next build)…');
    const b = spawnSync('npx', ['next', 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (b.status !== 0) throw new Error('next build failed');
  }
  if (withBaseline) {
    console.log('lighthouse: building the bare Next.js baseline…');
    writeBaseline(baselineTexts());
    // Run in its own folder: Next looks for instrumentation.ts and the like in the working directory.
    const b = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
      cwd: BASELINE_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (b.status !== 0) throw new Error('the baseline build failed');
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
  const bare = withBaseline
    ? spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(BASELINE_PORT)], {
        cwd: BASELINE_DIR,
        stdio: ['ignore', 'ignore', 'inherit'],
      })
    : null;
  const bareBase = `http://127.0.0.1:${BASELINE_PORT}`;
  try {
    await waitFor(`${BASE}/api/health`, server);
    if (bare) await waitFor(`${bareBase}/kk`, bare);
    // One request per page first, so the measured load is not the server's first render of it.
    for (const locale of LOCALES) {
      await (await fetch(`${BASE}/${locale}${pagePath}`)).text();
      if (bare) await (await fetch(`${bareBase}/${locale}`)).text();
    }
    // Baseline and page one after the other, per language and run, so both see the same
    // machine; each line is the run with the median score (as Lighthouse's docs advise).
    for (const locale of LOCALES) {
      const pages: Row[] = [];
      const baselines: Row[] = [];
      for (let i = 0; i < runs; i++) {
        if (bare) baselines.push(await measure(bareBase, '', locale));
        pages.push(await measure(BASE, pagePath, locale));
      }
      const baseline = bare ? median(baselines) : undefined;
      if (baseline) console.log(line(`baseline /${locale}`, baseline));
      console.log(line(`/${locale}${pagePath}`, median(pages), baseline));
    }
    return 0;
  } finally {
    await stop(server);
    if (bare) await stop(bare);
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
