/** For tests: an applicant with a valid IIN, a small PDF, and an application's form values. */
import crypto from 'node:crypto';
import { iinCheckDigit } from '../domain/iin';
import { tinyPdf } from '../documents/test-files';
import type { ApplicationFormValues } from '../schemas/application-form';
import { parseImei } from '../domain/imei';
import { requestCode } from './one-time-codes';
import { submitApplication } from './applications';
import type { Db } from './prisma';

/** The first IIN of a man born 1988-03-01 whose check digit exists. */
export const TEST_IIN = (() => {
  for (let s = 0; ; s++) {
    const p = '880301400' + String(s).padStart(2, '0');
    const c = iinCheckDigit(p);
    if (c !== null) return p + c;
  }
})();

/** A real one-page PDF (the server parses every PDF it is given). */
export const testPdf = (name = 'receipt.pdf') => new File([new Uint8Array(tinyPdf())], name);

/** Valid form values for these IMEIs, with a fresh idempotency key. */
export function applicationValues(imei1: string, imei2 = ''): ApplicationFormValues {
  return {
    imei1,
    imei2,
    fullName: 'Ержан Сәрсенов',
    iin: TEST_IIN,
    email: '',
    arrivalMethod: 'PERSONAL',
    trackingNumber: '',
    arrivalExplanation: '',
    entryDate: '2026-11-01',
    purchaseCountry: 'AE',
    customsDeclaration: '',
    documents: [],
    consent: true,
    idempotencyKey: crypto.randomUUID(),
  };
}

/** A fresh Kazakh mobile number (no limit of another test is met). */
export function testPhone(): string {
  return '+7705' + String(crypto.randomInt(0, 10_000_000)).padStart(7, '0');
}

/**
 * A real one-time code for these IMEIs, as the owner would type it: sent (by a sender that keeps
 * it for the test) to a fresh typed number, or to a number the network saw (`seen`, its id).
 */
export async function testCode(
  prisma: Db,
  imeis: string[],
  options: { phone?: string; seen?: string; now?: Date; databaseUrl?: string } = {},
): Promise<{ challengeId: string; code: string; msisdn: string }> {
  let sent: { to: string; code: string } | null = null;
  const identities = imeis.filter(Boolean).map((i) => {
    const p = parseImei(i);
    if (!p.ok) throw new Error('bad test IMEI');
    return p.value.identity;
  });
  const r = await requestCode(
    prisma,
    {
      purpose: 'APPLY',
      identities,
      to: options.seen ? { seen: options.seen } : { phone: options.phone ?? testPhone() },
      locale: 'kk',
      ip: `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(256)}`,
      now: options.now,
      databaseUrl: options.databaseUrl,
    },
    async (m) => {
      sent = { to: m.to, code: m.code };
      return { ok: true };
    },
  );
  if (!r.ok || !sent) throw new Error(`no code: ${r.ok ? 'not sent' : r.code}`);
  const s = sent as { to: string; code: string };
  return { challengeId: r.challengeId, code: s.code, msisdn: s.to };
}

/** Files an application the way the owner does: a code to their phone, then the form with it. */
export async function submitWithCode(
  prisma: Db,
  values: ApplicationFormValues,
  files: File[],
  options: { locale: string; now?: Date; phone?: string; seen?: string; databaseUrl?: string },
) {
  const code = await testCode(prisma, [values.imei1, values.imei2], options);
  return submitApplication(prisma, values, files, {
    locale: options.locale,
    now: options.now,
    databaseUrl: options.databaseUrl,
    code,
  });
}
