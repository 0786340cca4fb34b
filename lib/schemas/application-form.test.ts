import { describe, expect, it } from 'vitest';
import { applicationFormSchema, kzToday, statusLookupSchema } from './application-form';
import { iinCheckDigit } from '../domain/iin';
import { makeReference } from '../domain/reference';

const pdf = () =>
  new File([new TextEncoder().encode('%PDF-1.4\n% demo\n')], 'receipt.pdf', {
    type: 'application/pdf',
  });
const IIN = (() => {
  for (let s = 0; ; s++) {
    const p = '900115300' + String(s).padStart(2, '0');
    const c = iinCheckDigit(p);
    if (c !== null) return p + c;
  }
})();

const valid = () => ({
  imei1: '86754305 118263 3',
  imei2: '',
  fullName: 'Әсел Қуанышқызы Нұрланова',
  iin: IIN,
  email: '',
  arrivalMethod: 'PERSONAL',
  trackingNumber: '',
  arrivalExplanation: '',
  entryDate: '2026-10-01',
  purchaseCountry: 'CN',
  customsDeclaration: '',
  documents: [pdf()],
  consent: true,
  idempotencyKey: crypto.randomUUID(),
});

async function codes(input: unknown) {
  const r = await applicationFormSchema.safeParseAsync(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
}

describe('applicationFormSchema', () => {
  it('accepts a complete application and normalises it', async () => {
    const r = await applicationFormSchema.safeParseAsync(valid());
    expect(r.success).toBe(true);
    expect(r.data?.iin).toBe(IIN);
  });
  it('accepts Latin names and Kazakh letters, refuses digits and symbols', async () => {
    expect(await codes({ ...valid(), fullName: "Aigerim O'Neil-Smith" })).toEqual([]);
    expect(await codes({ ...valid(), fullName: 'ҒАЛЫМ ҮМБЕТОВ' })).toEqual([]);
    expect(await codes({ ...valid(), fullName: 'R2D2' })).toEqual(['fullName:NAME_INVALID']);
    // the Kazakh Latin alphabet and other European letters, composed or with combining marks
    for (const name of [
      'Äsel Nūrlanqyzy',
      'Jürgen Müller',
      'Їжакевич Євген',
      'Zoë Ğüneş',
      'Ju\u0308rgen Mu\u0308ller',
    ]) {
      expect(await codes({ ...valid(), fullName: name }), name).toEqual([]);
    }
    expect(await codes({ ...valid(), fullName: 'Name <b>' })).toEqual(['fullName:NAME_INVALID']);
  });
  it('bounds every free-text field: an 8-million-character email is refused, not stored', async () => {
    expect(await codes({ ...valid(), email: 'a'.repeat(8_000_000) + '@example.kz' })).toEqual([
      'email:TEXT_TOO_LONG',
    ]);
    expect(await codes({ ...valid(), email: 'a'.repeat(244) + '@example.kz' })).toEqual([
      'email:TEXT_TOO_LONG',
    ]);
    expect(await codes({ ...valid(), fullName: 'А'.repeat(151) })).toEqual([
      'fullName:TEXT_TOO_LONG',
    ]);
    expect(await codes({ ...valid(), fullName: 'А'.repeat(5000) })).toEqual([
      'fullName:TEXT_TOO_LONG',
    ]);
    expect(
      await codes({ ...valid(), arrivalMethod: 'OTHER', arrivalExplanation: 'x'.repeat(1001) }),
    ).toEqual(['arrivalExplanation:TEXT_TOO_LONG']);
    expect(await codes({ ...valid(), iin: '1'.repeat(100) })).toEqual(['iin:IIN_FORMAT']);
    expect(await codes({ ...valid(), fullName: '  ' })).toEqual(['fullName:NAME_REQUIRED']);
  });
  it('returns one stable code per bad field', async () => {
    const bad = {
      ...valid(),
      imei1: '867543051182634',
      imei2: '12',
      iin: '900115300000',
      email: 'not-an-email',
      arrivalMethod: '',
      entryDate: '2099-01-01',
      purchaseCountry: 'XX',
      customsDeclaration: '<script>',
      documents: [],
      consent: false,
    };
    const c = await codes(bad);
    expect(c).toEqual(
      expect.arrayContaining([
        'imei1:IMEI_CHECK_DIGIT',
        'imei2:IMEI_WRONG_LENGTH',
        expect.stringMatching(/^iin:IIN_(CHECK_DIGIT|BIRTH_DATE)$/),
        'email:EMAIL_INVALID',
        'arrivalMethod:ARRIVAL_REQUIRED',
        'entryDate:ENTRY_DATE_FUTURE',
        'purchaseCountry:COUNTRY_REQUIRED',
        'customsDeclaration:CUSTOMS_INVALID',
        'documents:DOCUMENTS_REQUIRED',
        'consent:CONSENT_REQUIRED',
      ]),
    );
  });
  it('needs a tracking number for post, an explanation for other, a second IMEI unlike the first', async () => {
    expect(await codes({ ...valid(), arrivalMethod: 'POST' })).toEqual([
      'trackingNumber:TRACKING_REQUIRED',
    ]);
    expect(
      await codes({ ...valid(), arrivalMethod: 'POST', trackingNumber: 'RB123456789CN' }),
    ).toEqual([]);
    expect(await codes({ ...valid(), arrivalMethod: 'OTHER' })).toEqual([
      'arrivalExplanation:EXPLANATION_REQUIRED',
    ]);
    expect(await codes({ ...valid(), imei2: '867543051182633' })).toEqual(['imei2:IMEI2_SAME']);
  });
  it('checks documents by content: empty, too large, wrong type, too many', async () => {
    const exe = new File([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])], 'scan.pdf', {
      type: 'application/pdf',
    });
    const empty = new File([], 'empty.pdf', { type: 'application/pdf' });
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'big.pdf');
    expect(await codes({ ...valid(), documents: [exe] })).toEqual(['documents.0:DOCUMENT_TYPE']);
    expect(await codes({ ...valid(), documents: [pdf(), empty] })).toEqual([
      'documents.1:DOCUMENT_EMPTY',
    ]);
    expect(await codes({ ...valid(), documents: [big] })).toEqual([
      'documents.0:DOCUMENT_TOO_LARGE',
    ]);
    expect(
      await codes({ ...valid(), documents: [pdf(), pdf(), pdf(), pdf(), pdf(), pdf()] }),
    ).toEqual(['documents:DOCUMENTS_TOO_MANY']);
  });
  it('tells an iPhone HEIC photo apart from other wrong files (the owner is told how to save it as JPEG)', async () => {
    const heic = new File(
      [new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0])],
      'IMG_0042.HEIC',
      { type: 'image/heic' },
    );
    const mif1 = new File(
      [new Uint8Array([0, 0, 0, 0x1c, ...new TextEncoder().encode('ftypmif1'), 0, 0, 0, 0])],
      'photo.jpg',
      { type: 'image/jpeg' },
    );
    const mp4 = new File(
      [new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypisom'), 0, 0, 0, 0])],
      'video.pdf',
    );
    expect(await codes({ ...valid(), documents: [heic, mif1, mp4] })).toEqual([
      'documents.0:DOCUMENT_HEIC',
      'documents.1:DOCUMENT_HEIC',
      'documents.2:DOCUMENT_TYPE',
    ]);
  });
  it("today's date in Astana is allowed as the entry date", async () => {
    expect(await codes({ ...valid(), entryDate: kzToday() })).toEqual([]);
  });
});

describe('statusLookupSchema', () => {
  it('catches a mistyped reference before any lookup', async () => {
    const ref = makeReference([1, 2, 3, 4, 5, 6, 7]);
    expect(statusLookupSchema.safeParse({ reference: ref, iin: IIN }).success).toBe(true);
    const typo = (ref[0] === 'A' ? 'B' : 'A') + ref.slice(1);
    expect(
      statusLookupSchema.safeParse({ reference: typo, iin: IIN }).error?.issues[0].message,
    ).toBe('REFERENCE_INVALID');
  });
});
