/**
 * The hostile-input corpus of the public check API (e2e/corpus/imei-api.json), replayed over
 * HTTP against the production server: every entry gets its expected status (400 problem+json
 * with the documented code for input that is not an IMEI or a malformed request, the documented
 * verdict for one that is), no answer echoes a control character or a stack, and nothing is
 * stored: the check is read-only, so no row about any device in the corpus appears anywhere, and
 * the audit log records nothing about them. (Rate-limit counters, keyed by digests, are the only
 * writes a lookup may cause; each request comes from an address of its own.)
 */
import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import corpus from './corpus/imei-api.json' with { type: 'json' };
import { query } from './support/db';

type Entry = {
  name: string;
  path: string;
  status: number;
  code?: string;
  list?: string;
  reasons?: string[];
  problem?: boolean;
  method?: string;
};
const ENTRIES = corpus as Entry[];

/** Tables that hold something about a device, by its 14-digit identity. */
const DEVICE_TABLES = [
  'network_registrations',
  'legality_records',
  'gsma_blacklist',
  'device_lists',
  'list_dirty',
  'list_changes',
  'application_devices',
  'watches',
];

function identities(): string[] {
  const ids = new Set<string>();
  for (const e of ENTRIES) {
    let path = e.path;
    try {
      path = decodeURIComponent(e.path.split('?')[0]);
    } catch {
      continue;
    }
    const digits = path.replace(/[\s.\-]+/g, '').match(/\d{15,16}/g) ?? [];
    for (const d of digits) ids.add(d.slice(0, 14));
  }
  return [...ids];
}

async function rowsAbout(ids: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DEVICE_TABLES) {
    const [r] = await query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} WHERE identity = ANY($1)`,
      [ids],
    );
    counts[table] = Number(r.n);
  }
  return counts;
}

test('the IMEI API answers every hostile input of the corpus as documented, and stores nothing', async ({
  request,
}) => {
  test.setTimeout(300_000);
  expect(ENTRIES.length).toBeGreaterThanOrEqual(100);
  expect(new Set(ENTRIES.map((e) => e.name)).size).toBe(ENTRIES.length);
  const ids = identities();
  const before = await rowsAbout(ids);
  const [{ now: started }] = await query<{ now: Date }>('SELECT now() AS now');

  for (const e of ENTRIES) {
    const res = await request.fetch(e.path, {
      method: e.method ?? 'GET',
      data: e.method === 'PUT' ? '{"list":"WHITE"}' : undefined,
      maxRedirects: 0,
      // an address of its own per request (the e2e servers trust loopback as a proxy)
      headers: {
        'x-forwarded-for': `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`,
      },
    });
    const text = await res.text();
    expect.soft(res.status(), e.name).toBe(e.status);
    expect
      .soft(text, `${e.name}: no raw control or bidi character in the answer`)
      .not.toMatch(
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u202a-\u202e\u2066-\u2069]/,
      );
    expect
      .soft(text, `${e.name}: no stack or internals`)
      .not.toMatch(/\n\s+at |node_modules|\.next\/server|Error: /);
    if (e.status >= 400 && e.problem !== false) {
      expect.soft(res.headers()['content-type'], e.name).toContain('application/problem+json');
      const body = JSON.parse(text);
      expect.soft(body, e.name).toMatchObject({ status: e.status, code: e.code });
      expect.soft(typeof body.title, e.name).toBe('string');
    }
    if (e.status === 200) {
      expect.soft(res.headers()['content-type'], e.name).toContain('application/json');
      const body = JSON.parse(text);
      if (e.list) expect.soft(body.list, e.name).toBe(e.list);
      if (e.reasons) expect.soft([...body.reasons].sort(), e.name).toEqual([...e.reasons].sort());
    }
  }

  expect(await rowsAbout(ids)).toEqual(before);
  const audited = await query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_log WHERE at >= $1 AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS i WHERE coalesce(target, '') || ' ' || coalesce(details, '') LIKE '%' || i || '%')`,
    [started, ids],
  );
  expect(Number(audited[0].n)).toBe(0);
});
