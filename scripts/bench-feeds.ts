/**
 * The benchmark's synthetic CSV feeds (scripts/bench.ts) and the IMEIs its load asks about.
 * Deterministic: device i's rows depend only on i (and today's date).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { luhnCheckDigit } from '../lib/domain/imei';

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
const pick = <T>(list: readonly T[], i: number, salt: number): T =>
  list[hash(i, salt) % list.length];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const luhn = luhnCheckDigit;

/** RFC 4180 quoting when needed. */
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const TAC_PREFIXES = ['35', '86', '01', '49'];
const tacOf = (k: number) =>
  TAC_PREFIXES[k % TAC_PREFIXES.length] + pad((k * 7_919 + 100_003) % 1_000_000, 6);
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

const BRANDS = [
  'Samsung',
  'Apple',
  'Xiaomi',
  'HUAWEI',
  'OPPO',
  'vivo',
  'realme',
  'HONOR',
  'TECNO',
  'Nokia, HMD Global',
];
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

export type FeedKindName = 'tac' | 'legal-imports' | 'registrations' | 'gsma-blacklist';
export type FeedFile = { kind: FeedKindName; file: string; rows: number };

async function writeFeed(
  dir: string,
  kind: FeedFile['kind'],
  header: string,
  count: number,
  rowsOf: (i: number, out: string[]) => void,
  eol = '\n',
): Promise<FeedFile> {
  const file = path.join(dir, `${kind}.csv`);
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

export async function generateFeeds(dir: string, devices: number): Promise<FeedFile[]> {
  const feeds: FeedFile[] = [];
  // The TAC list: a BOM and CRLF line ends, some quoted brands and models.
  feeds.push(
    await writeFeed(
      dir,
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
    await writeFeed(
      dir,
      'legal-imports',
      'imei,source,organisation,document,recorded_at',
      devices,
      (i, out) => {
        if (frac(i, 10) >= 0.6) return;
        const doc = `GTD-${pad(hash(i, 12) % 100_000, 5)}/${i}`;
        out.push(
          `${imeiCell(i, 13)},${pick(SOURCES, i, 14)},${csvCell(pick(ORGS, i, 15))},${doc},${instant(pastMs(i, 16), i)}`,
        );
      },
    ),
  );
  // Network registrations: ~80% of devices, a quarter of them seen twice.
  feeds.push(
    await writeFeed(
      dir,
      'registrations',
      'imei,imsi,msisdn,operator,seen_at',
      devices,
      (i, out) => {
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
      },
    ),
  );
  // The GSMA blacklist: ~2% of devices, a third of them removed since.
  feeds.push(
    await writeFeed(
      dir,
      'gsma-blacklist',
      'imei,reason,listed_at,removed_at',
      devices,
      (i, out) => {
        if (frac(i, 30) >= 0.02) return;
        const listed = pastMs(i, 31);
        const removed =
          frac(i, 32) < 0.33 ? instant(listed + (1 + (hash(i, 33) % 200)) * DAY, i + 2) : '';
        out.push(`${imeiCell(i, 34)},${pick(REASONS, i, 35)},${instant(listed, i)},${removed}`);
      },
    ),
  );
  return feeds;
}

/** Request paths for the load: ~80% devices in the feeds, ~20% unknown; 15- and 16-digit forms. */
export function requestPaths(devices: number, count: number): string[] {
  const paths: string[] = [];
  for (let k = 0; k < count; k++) {
    const identity =
      hash(k, 40) % 100 < 80 ? identityOf(hash(k, 41) % devices) : unknownIdentity(k, devices);
    const imei = hash(k, 42) % 10 === 0 ? identity + '01' : imei15(identity);
    paths.push(`/api/v1/imei/${imei}`);
  }
  return paths;
}

/** A device on the generated blacklist and not removed, to check the server reads the bench database. */
export function blacklistedImei(devices: number): string | null {
  for (let i = 0; i < devices; i++) {
    if (frac(i, 30) < 0.02 && frac(i, 32) >= 0.33) return imei15(identityOf(i));
  }
  return null;
}
