/**
 * The equipment identity check as an operator's network meets it: the EIR server (scripts/eir.ts,
 * started by playwright.config.ts on the e2e database), over HTTP/2 without TLS and HTTP/1.1, and
 * what the device's owner then sees on the portal, in both languages.
 */
import http2 from 'node:http2';
import { expect, test } from '@playwright/test';
import { luhnCheckDigit } from '../lib/domain/imei';
import { DEMO_WRONG_CHECK_DIGIT, demoDevice } from '../lib/demo-devices';
import { EIR_URL } from '../playwright.config';
import { E2E_TAC } from './support/e2e-devices';
import { createTestClient, type TestClient } from './support/api-clients';
import { query } from './support/db';
import { LOCALES, checkImei } from './fixtures';

const PATH = '/n5g-eir-eic/v1/equipment-status';
let kcell: TestClient;
test.beforeAll(async () => {
  kcell = await createTestClient({ name: 'kcell-eir', scopes: ['eir'], operator: 'Kcell' });
});

/** One request over h2c (prior knowledge), as network functions speak (TS 29.500). */
function h2c(
  path: string,
  token: string | null,
): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(EIR_URL);
    session.on('error', reject);
    const headers: http2.OutgoingHttpHeaders = { ':path': path };
    if (token) headers.authorization = `Bearer ${token}`;
    const stream = session.request(headers);
    let status = 0;
    let type = '';
    let text = '';
    stream.on('response', (h) => {
      status = Number(h[':status']);
      type = String(h['content-type'] ?? '');
    });
    stream.setEncoding('utf8');
    stream.on('data', (d) => (text += d));
    stream.on('end', () => {
      session.close();
      resolve({ status, type, body: JSON.parse(text) });
    });
    stream.on('error', reject);
    stream.end();
  });
}

let serial = Math.floor(Math.random() * 50_000);
function fresh() {
  const identity = E2E_TAC + String(600000 + (serial++ % 90_000)).padStart(6, '0');
  return { identity, imei: identity + luhnCheckDigit(identity) };
}

test.describe('the equipment identity check (N5g-eir)', () => {
  for (const locale of LOCALES) {
    test(`a network's first registration attempt starts the 30 days the owner sees (${locale})`, async ({
      page,
    }) => {
      const d = fresh();
      const first = await h2c(
        `${PATH}?pei=imei-${d.imei}&supi=imsi-401017000000001&gpsi=msisdn-77017000001`,
        kcell.token,
      );
      expect(first).toEqual({
        status: 200,
        type: 'application/json',
        body: { status: 'GREYLISTED' },
      });
      // Attached again, over HTTP/1.1: the window keeps its start, and there is still one row.
      const again = await fetch(
        `${EIR_URL}${PATH}?pei=imei-${d.imei}&supi=imsi-401017000000001&gpsi=msisdn-77017000001`,
        { headers: kcell.auth },
      );
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ status: 'GREYLISTED' });
      expect(
        await query(`SELECT operator, msisdn FROM network_registrations WHERE identity = $1`, [
          d.identity,
        ]),
      ).toEqual([{ operator: 'Kcell', msisdn: '77017000001' }]);
      const result = await checkImei(page, locale, d.imei);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await expect(result.getByTestId('days-left')).toHaveText(
        locale === 'kk' ? '30 күн қалды' : 'Осталось 30 дней',
      );
    });
  }

  test('every list, as the portal decides it', async () => {
    expect(
      (await h2c(`${PATH}?pei=imei-${demoDevice('white-import-record').imei}`, kcell.token)).body,
    ).toEqual({ status: 'WHITELISTED' });
    expect(
      (await h2c(`${PATH}?pei=imei-${demoDevice('grey-days-left').imei}`, kcell.token)).body,
    ).toEqual({ status: 'GREYLISTED' });
    expect(
      (await h2c(`${PATH}?pei=imei-${demoDevice('black-gsma').imei}`, kcell.token)).body,
    ).toEqual({ status: 'BLACKLISTED' });
    expect((await h2c(`${PATH}?pei=imei-${DEMO_WRONG_CHECK_DIGIT}`, kcell.token)).body).toEqual({
      status: 'BLACKLISTED',
    });
    expect(
      (await h2c(`${PATH}?pei=imei-${demoDevice('black-unknown-tac').imei}`, kcell.token)).body,
    ).toEqual({ status: 'BLACKLISTED' });
  });

  test('a missing or malformed pei, and a missing token, answer ProblemDetails', async () => {
    const missing = await h2c(PATH, kcell.token);
    expect(missing.status).toBe(400);
    expect(missing.type).toBe('application/problem+json');
    expect(missing.body.cause).toBe('MANDATORY_IE_MISSING');
    const bad = await h2c(`${PATH}?pei=imei-12345`, kcell.token);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      cause: 'MANDATORY_IE_INCORRECT',
      invalidParams: [expect.objectContaining({ param: 'pei' })],
    });
    expect((await h2c(`${PATH}?pei=imei-${DEMO_WRONG_CHECK_DIGIT}`, null)).status).toBe(401);
  });
});
