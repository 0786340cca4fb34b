/**
 * Operators and suppliers over HTTP: tokens and scopes, registrations in batches starting the grey
 * window, suppliers' legality records turning devices white at once, and the lists with their
 * delta cursors. What the owner then sees on the check page is checked in both languages.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { luhnCheckDigit } from '../lib/domain/imei';
import { E2E_TAC } from './support/e2e-devices';
import { createTestClient, revokeTestClient, type TestClient } from './support/api-clients';
import { query } from './support/db';
import { LOCALES, checkImei } from './fixtures';

/** Devices of this spec only: the demo's Xiaomi TAC, serials 8xxxxx (the application tests use 7xxxxx). */
function device(n: number) {
  const identity = E2E_TAC + String(800000 + n).padStart(6, '0');
  return { identity, imei: identity + luhnCheckDigit(identity) };
}
let serial = Math.floor(Math.random() * 90_000);
const next = () => device(serial++ % 100_000);

let operator: TestClient;
let supplier: TestClient;
let lists: TestClient;
test.beforeAll(async () => {
  operator = await createTestClient({
    name: 'kcell',
    scopes: ['registrations', 'eir'],
    operator: 'Kcell',
  });
  supplier = await createTestClient({
    name: 'alem-import',
    scopes: ['legality'],
    supplier: { source: 'importer', organisation: 'Alem Import LLP' },
  });
  lists = await createTestClient({ name: 'kcell-lists', scopes: ['lists'], operator: 'Kcell' });
});

async function report(request: APIRequestContext, imei: string, seenAt: string) {
  return request.post('/api/v1/registrations', {
    headers: operator.auth,
    data: [{ imei, imsi: '401011234500099', msisdn: '77015550099', seenAt }],
  });
}

async function csv(request: APIRequestContext, path: string) {
  const res = await request.get(path, { headers: lists.auth });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  return {
    cursor: res.headers()['x-list-cursor'],
    lines: (await res.text()).trimEnd().split('\n'),
  };
}

test.describe('tokens and scopes', () => {
  test('no token or an unknown one: 401 problem+json; a token without the scope: 403', async ({
    request,
  }) => {
    for (const path of ['/api/v1/lists/grey', '/api/v1/lists/tac']) {
      const none = await request.get(path);
      expect(none.status()).toBe(401);
      expect(none.headers()['content-type']).toContain('application/problem+json');
      expect((await none.json()).code).toBe('UNAUTHORIZED');
      const unknown = await request.get(path, {
        headers: { Authorization: `Bearer kzimei_${'A'.repeat(43)}` },
      });
      expect(unknown.status()).toBe(401);
      const wrongScope = await request.get(path, { headers: supplier.auth });
      expect(wrongScope.status()).toBe(403);
      expect((await wrongScope.json()).code).toBe('FORBIDDEN');
    }
    const post = await request.post('/api/v1/legality-records', {
      headers: operator.auth,
      data: [],
    });
    expect(post.status()).toBe(403);
    const reg = await request.post('/api/v1/registrations', { headers: supplier.auth, data: [] });
    expect(reg.status()).toBe(403);
  });

  test('a revoked token stops working at once', async ({ request }) => {
    const c = await createTestClient({ name: 'short-lived', scopes: ['lists'], operator: 'Kcell' });
    expect((await request.get('/api/v1/lists/tac', { headers: c.auth })).status()).toBe(200);
    await revokeTestClient(c);
    expect((await request.get('/api/v1/lists/tac', { headers: c.auth })).status()).toBe(401);
  });
});

test.describe('registrations in batches', () => {
  for (const locale of LOCALES) {
    test(`the first registration starts the 30 days the owner then sees (${locale})`, async ({
      request,
      page,
    }) => {
      const d = next();
      const res = await report(request, d.imei, new Date().toISOString());
      expect(res.status()).toBe(200);
      expect(await res.json()).toEqual({ ok: true, received: 1, changed: 1 });
      // A later report does not move the start.
      const later = await report(request, d.imei, new Date(Date.now() + 60_000).toISOString());
      expect(later.status()).toBe(200);
      const result = await checkImei(page, locale, d.imei);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await expect(result.getByTestId('days-left')).toHaveText(
        locale === 'kk' ? '30 күн қалды' : 'Осталось 30 дней',
      );
      expect(
        await query(`SELECT count(*)::int AS n FROM network_registrations WHERE identity = $1`, [
          d.identity,
        ]),
      ).toEqual([{ n: 1 }]);
    });
  }

  test('one bad item refuses the batch: 422 with every bad item, nothing written', async ({
    request,
  }) => {
    const good = next();
    const bad = next();
    const res = await request.post('/api/v1/registrations', {
      headers: operator.auth,
      data: [
        { imei: good.imei, imsi: '401011234500001', msisdn: '77015550001', seenAt: '2026-11-01' },
        {
          imei: bad.identity + ((Number(bad.imei[14]) + 1) % 10),
          imsi: '4010',
          msisdn: '77015550002',
          seenAt: 'soon',
        },
      ],
    });
    expect(res.status()).toBe(422);
    expect(res.headers()['content-type']).toContain('application/problem+json');
    const body = await res.json();
    expect(body.code).toBe('INVALID_ITEMS');
    expect(
      body.errors.map((e: { index: number; field: string; code: string }) => [
        e.index,
        e.field,
        e.code,
      ]),
    ).toEqual([
      [1, 'imei', 'IMEI_BAD_CHECK_DIGIT'],
      [1, 'imsi', 'IMSI_INVALID'],
      [1, 'seenAt', 'DATE_INVALID'],
    ]);
    expect(
      await query(`SELECT count(*)::int AS n FROM network_registrations WHERE identity = $1`, [
        good.identity,
      ]),
    ).toEqual([{ n: 0 }]);
  });

  test('a body that is not an array is 400, more than 10,000 items 413', async ({ request }) => {
    expect(
      (
        await request.post('/api/v1/registrations', {
          headers: { ...operator.auth, 'Content-Type': 'application/json' },
          data: '{"imei":1}',
        })
      ).status(),
    ).toBe(400);
    const many = Array.from({ length: 10_001 }, () => ({
      imei: '1',
      imsi: '1',
      msisdn: '1',
      seenAt: '1',
    }));
    expect(
      (
        await request.post('/api/v1/registrations', { headers: operator.auth, data: many })
      ).status(),
    ).toBe(413);
  });
});

test.describe('legality records from suppliers', () => {
  for (const locale of LOCALES) {
    test(`an importer's record turns a grey device white at once (${locale})`, async ({
      request,
      page,
    }) => {
      const d = next();
      await report(request, d.imei, new Date(Date.now() - 5 * 86_400_000).toISOString());
      await expect(await checkImei(page, locale, d.imei)).toHaveAttribute('data-list', 'GREY');
      const res = await request.post('/api/v1/legality-records', {
        headers: supplier.auth,
        data: [
          {
            imei: d.imei,
            document: 'GTD 10005020/201126/0012345',
            recordedAt: new Date().toISOString(),
          },
        ],
      });
      expect(res.status()).toBe(200);
      const result = await checkImei(page, locale, d.imei);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      await expect(result.locator('[data-reason="IMPORT_RECORD"]')).toBeAttached(); // folded under "details"
      expect(
        await query(`SELECT source, organisation FROM legality_records WHERE identity = $1`, [
          d.identity,
        ]),
      ).toEqual([{ source: 'importer', organisation: 'Alem Import LLP' }]);
    });
  }

  test('a supplier cannot write in another supplier’s name', async ({ request }) => {
    const d = next();
    const res = await request.post('/api/v1/legality-records', {
      headers: supplier.auth,
      data: [
        {
          imei: d.imei,
          document: 'INV-1',
          recordedAt: '2026-11-01',
          organisation: 'Samsung Electronics',
        },
      ],
    });
    expect(res.status()).toBe(422);
    expect((await res.json()).errors).toEqual([
      expect.objectContaining({ index: 0, field: 'organisation', code: 'OTHER_SUPPLIER' }),
    ]);
    expect(
      await query(`SELECT count(*)::int AS n FROM legality_records WHERE identity = $1`, [
        d.identity,
      ]),
    ).toEqual([{ n: 0 }]);
  });
});

test.describe('lists for operators', () => {
  test('a device moving grey → white → black appears in each list’s changes exactly once per change', async ({
    request,
  }) => {
    const d = next();
    const start = await csv(request, '/api/v1/lists/grey');
    expect(start.lines[0]).toBe('imei,reasons,deadline');
    const cursor = start.cursor;
    expect(cursor).toMatch(/^\d+$/);

    await report(request, d.imei, new Date().toISOString());
    const grey = await csv(request, '/api/v1/lists/grey');
    expect(grey.lines.filter((l) => l.startsWith(d.imei))).toHaveLength(1);

    await request.post('/api/v1/legality-records', {
      headers: supplier.auth,
      data: [{ imei: d.imei, document: `INV-${d.identity}`, recordedAt: new Date().toISOString() }],
    });
    expect((await csv(request, '/api/v1/lists/white')).lines).toContain(`${d.imei},IMPORT_RECORD`);
    // The GSMA blacklist arrives by the admin's feed; here straight into the database, as the import writes it.
    await query(
      `INSERT INTO gsma_blacklist (identity, reason, "listedAt") VALUES ($1, 'stolen', now())`,
      [d.identity],
    );
    await query(`INSERT INTO list_dirty (identity) VALUES ($1)`, [d.identity]);

    const mine = (lines: string[]) =>
      lines.filter((l) => l.includes(`,${d.imei},`)).map((l) => l.split(',')[0]);
    const greyDelta = await csv(request, `/api/v1/lists/grey?since=${cursor}`);
    expect(greyDelta.lines[0]).toBe('change,imei,reasons,deadline,changed_at');
    expect(mine(greyDelta.lines)).toEqual(['added', 'removed']);
    expect(mine((await csv(request, `/api/v1/lists/white?since=${cursor}`)).lines)).toEqual([
      'added',
      'removed',
    ]);
    const black = await csv(request, `/api/v1/lists/black?since=${cursor}`);
    expect(mine(black.lines)).toEqual(['added']);
    // With the cursor of that answer, nothing about this device again.
    expect(mine((await csv(request, `/api/v1/lists/black?since=${black.cursor}`)).lines)).toEqual(
      [],
    );
    expect((await csv(request, '/api/v1/lists/black')).lines).toContain(
      `${d.imei},GSMA_BLACKLISTED;IMPORT_RECORD`,
    );
  });

  test('the notification list holds the grey devices seen on the operator’s own network', async ({
    request,
  }) => {
    const d = next();
    await report(request, d.imei, new Date().toISOString());
    const list = await csv(request, '/api/v1/lists/notification');
    expect(list.lines[0]).toBe('imei,imsi,msisdn,deadline,first_seen_at');
    expect(list.lines.some((l) => l.startsWith(`${d.imei},401011234500099,77015550099,`))).toBe(
      true,
    );
    const tele2 = await createTestClient({
      name: 'tele2-lists',
      scopes: ['lists'],
      operator: 'Tele2',
    });
    const other = await request.get('/api/v1/lists/notification', { headers: tele2.auth });
    expect(await other.text()).not.toContain(d.imei);
  });

  test('the TAC list, and a cursor never given out is refused', async ({ request }) => {
    const tac = await csv(request, '/api/v1/lists/tac');
    expect(tac.lines[0]).toBe('tac,brand,model');
    expect(tac.lines).toContain(`${E2E_TAC},Xiaomi,Redmi Note 13`);
    const bad = await request.get('/api/v1/lists/grey?since=not-a-cursor', { headers: lists.auth });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).code).toBe('INVALID_CURSOR');
    expect((await request.get('/api/v1/lists/purple', { headers: lists.auth })).status()).toBe(404);
  });
});
