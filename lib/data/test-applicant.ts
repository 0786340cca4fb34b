/** For tests: an applicant with a valid IIN, a small PDF, and an application's form values. */
import crypto from 'node:crypto';
import { iinCheckDigit } from '../domain/iin';
import type { ApplicationFormValues } from '../schemas/application-form';

/** The first IIN of a man born 1988-03-01 whose check digit exists. */
export const TEST_IIN = (() => {
  for (let s = 0; ; s++) {
    const p = '880301400' + String(s).padStart(2, '0');
    const c = iinCheckDigit(p);
    if (c !== null) return p + c;
  }
})();

export const testPdf = (name = 'receipt.pdf') => new File([new TextEncoder().encode('%PDF-1.4\nproof\n')], name);

/** Valid form values for these IMEIs, with a fresh idempotency key. */
export function applicationValues(imei1: string, imei2 = ''): ApplicationFormValues {
  return {
    imei1,
    imei2,
    fullName: 'Ержан Сәрсенов',
    iin: TEST_IIN,
    phone: '+7 705 111 22 33',
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
