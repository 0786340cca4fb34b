/**
 * The hostile CSV feeds of e2e/corpus/feeds.json (issue 10, item 9), each through the real import
 * (lib/data/feed-import.ts, on PostgreSQL): the answer is the one the corpus expects (the file
 * refused as empty, not UTF-8 or without its columns; or every bad row, by line, column and code;
 * or accepted, its values stored exactly as written), and a refused file stores nothing: every
 * feed and list table, and the import history, is as before, row for row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDb } from './test-db';
import { importFeed } from './feed-import';
import type { Db } from './prisma';
import type { FeedKind, RowErrorCode } from '../feeds/feed-kinds';
import { systemActor } from '../domain/actor';

type Part =
  | string
  | { repeat: string; times: number }
  | { hex: string }
  | { utf16le: string }
  | { utf16be: string };
type Entry = {
  name: string;
  kind: FeedKind;
  csv?: string;
  parts?: Part[];
  expect:
    | { refused: 'empty' | 'encoding' }
    | { refused: 'missingColumns'; missing: string[] }
    | {
        errors: { line: number; column: string; code: RowErrorCode; firstLine?: number }[];
        badRows: number;
      }
    | { ok: true; rows: number; changed: number; stored?: [string, string, string][] };
};

const corpus: Entry[] = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '../../e2e/corpus/feeds.json'), 'utf8'),
);

/** The entry's bytes. */
function bytesOf(e: Entry): Buffer {
  if (e.csv !== undefined) return Buffer.from(e.csv, 'utf8');
  return Buffer.concat(
    e.parts!.map((p) => {
      if (typeof p === 'string') return Buffer.from(p, 'utf8');
      if ('repeat' in p) return Buffer.from(p.repeat.repeat(p.times), 'utf8');
      if ('hex' in p) return Buffer.from(p.hex, 'hex');
      if ('utf16le' in p) return Buffer.from(p.utf16le, 'utf16le');
      return Buffer.from(p.utf16be, 'utf16le').swap16();
    }),
  );
}

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ prisma, databaseUrl, dispose } = await createTestDb());
  // Something in every table, so "unchanged" is about real rows.
  const seed: [FeedKind, string][] = [
    ['tac', 'tac,brand,model\n35209900,Samsung,Galaxy A55\n'],
    ['gsma-blacklist', 'imei,reason,listed_at,removed_at\n352099001761481,stolen,2026-10-01,\n'],
    [
      'legal-imports',
      'imei,source,organisation,document,recorded_at\n352099001761481,importer,Alem LLP,GTD-1,2026-01-10\n',
    ],
    [
      'registrations',
      'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567890,77015550011,Kcell,2026-11-01\n',
    ],
  ];
  for (const [kind, text] of seed)
    expect(
      (
        await importFeed(
          prisma,
          kind,
          async function* () {
            yield text;
          },
          { actor: systemActor('cli'), fileName: 's.csv', now: NOW, databaseUrl },
        )
      ).ok,
    ).toBe(true);
});
afterAll(() => dispose());

const NOW = new Date('2026-11-24T12:00:00Z');
const TABLES = [
  'tac_records',
  'gsma_blacklist',
  'legality_records',
  'network_registrations',
  'device_lists',
  'list_changes',
  'list_dirty',
  'feed_imports',
];

async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) {
    out[t] = (
      await prisma.$queryRawUnsafe<{ n: number; md5: string | null }[]>(
        `SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS md5 FROM ${t} x`,
      )
    )[0];
  }
  return out;
}

describe('the hostile feed corpus', () => {
  it('has at least 60 entries with unique names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((e) => e.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((e) => [e.name, e] as const))('%s', async (_, e) => {
    const bytes = bytesOf(e);
    const before = await snapshot();
    const report = await importFeed(
      prisma,
      e.kind,
      async function* () {
        // in uneven pieces, as a file or an upload comes
        for (let i = 0, size = 7; i < bytes.length; i += size, size = size * 3 + 1)
          yield bytes.subarray(i, i + size);
      },
      { actor: systemActor('cli'), fileName: 'corpus.csv', now: NOW, databaseUrl },
    );
    const x = e.expect;
    if ('ok' in x) {
      expect(report).toMatchObject({
        ok: true,
        rows: x.rows,
        changed: x.changed,
        errors: [],
        badRows: 0,
      });
      for (const [tac, brand, model] of x.stored ?? [])
        expect(
          await prisma.tacRecord.findUnique({
            where: { tac },
            select: { brand: true, model: true },
          }),
        ).toEqual({ brand, model });
      return;
    }
    expect(report.ok).toBe(false);
    expect(report.changed).toBe(0);
    if ('refused' in x) {
      expect({
        empty: report.empty,
        invalidEncoding: report.invalidEncoding,
        missingColumns: report.missingColumns,
      }).toEqual({
        empty: x.refused === 'empty',
        invalidEncoding: x.refused === 'encoding',
        missingColumns: x.refused === 'missingColumns' ? x.missing : null,
      });
    } else {
      expect(report.errors).toEqual(x.errors);
      expect(report.badRows).toBe(x.badRows);
    }
    // All or nothing: a refused file stored nothing, not even its good rows or a history row.
    expect(await snapshot()).toEqual(before);
  });
});
