import { expect, test } from '@playwright/test';
import { DEMO_DEVICES, DEMO_WRONG_CHECK_DIGIT, demoDevice } from '../lib/demo-devices';

test.describe('GET /api/v1/imei/{imei}', () => {
  test('answers 200 JSON with exactly the documented fields for a grey device', async ({
    request,
  }) => {
    const d = demoDevice('grey-days-left');
    const res = await request.get(`/api/v1/imei/${d.imei}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/json');
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual([
      'checks',
      'daysLeft',
      'device',
      'greyDeadline',
      'imei',
      'list',
      'reasons',
    ]);
    expect(body).toMatchObject({
      imei: d.imei,
      list: 'GREY',
      reasons: ['NOT_IN_IMPORT_DATA'],
      checks: { authenticity: 'PASS', gsmaBlacklist: 'PASS', importLegality: 'PENDING' },
      daysLeft: 18,
      device: { brand: 'Xiaomi', model: 'Redmi Note 13' },
    });
    expect(new Date(body.greyDeadline).toISOString()).toBe(body.greyDeadline);
  });

  test('every demo device gets its expected list and reasons', async ({ request }) => {
    for (const d of DEMO_DEVICES) {
      const body = await (await request.get(`/api/v1/imei/${d.imei}`)).json();
      expect({ key: d.key, list: body.list, reasons: body.reasons }).toEqual({
        key: d.key,
        ...d.expected,
      });
    }
  });

  test('takes a 16-digit IMEISV and separators', async ({ request }) => {
    const d = demoDevice('black-gsma');
    const sv = `${d.identity.slice(0, 8)}-${d.identity.slice(8)}-07`;
    const body = await (await request.get(`/api/v1/imei/${encodeURIComponent(sv)}`)).json();
    expect(body).toMatchObject({
      imei: d.imei,
      list: 'BLACK',
      checks: { gsmaBlacklist: 'FAIL' },
      greyDeadline: null,
      daysLeft: null,
    });
  });

  test('a wrong check digit is a verdict: 200, BLACK, INVALID_CHECK_DIGIT', async ({ request }) => {
    const res = await request.get(`/api/v1/imei/${DEMO_WRONG_CHECK_DIGIT}`);
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.list).toBe('BLACK');
    expect(body.reasons).toContain('INVALID_CHECK_DIGIT');
    expect(body.checks.authenticity).toBe('FAIL');
  });

  for (const [input, code] of [
    ['12345', 'IMEI_WRONG_LENGTH'],
    ['35209900176148X', 'IMEI_NOT_DIGITS'],
    ['352099001761481234', 'IMEI_WRONG_LENGTH'],
  ] as const) {
    test(`answers 400 problem+json for "${input}"`, async ({ request }) => {
      const res = await request.get(`/api/v1/imei/${input}`);
      expect(res.status()).toBe(400);
      expect(res.headers()['content-type']).toContain('application/problem+json');
      const body = await res.json();
      expect(body).toMatchObject({ status: 400, code });
      expect(typeof body.title).toBe('string');
      expect(typeof body.type).toBe('string');
    });
  }
});
