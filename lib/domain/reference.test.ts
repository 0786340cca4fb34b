import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REFERENCE_ALPHABET, makeReference, parseReference } from './reference';

const random7 = fc.array(fc.integer({ min: 0, max: 29 }), { minLength: 7, maxLength: 7 });

describe('application references', () => {
  it('look like XXXX-XXXX in an alphabet without look-alikes, and parse back', () => {
    fc.assert(
      fc.property(random7, (r) => {
        const ref = makeReference(r);
        expect(ref).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
        expect(parseReference(ref)).toBe(ref);
        expect(parseReference(ref.toLowerCase().replace('-', ' '))).toBe(ref);
      }),
    );
  });
  it('catch any single mistyped character', () => {
    fc.assert(
      fc.property(
        random7,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 29 }),
        (r, pos, delta) => {
          const plain = makeReference(r).replace('-', '');
          const i = REFERENCE_ALPHABET.indexOf(plain[pos]);
          const typo =
            plain.slice(0, pos) + REFERENCE_ALPHABET[(i + delta) % 30] + plain.slice(pos + 1);
          expect(parseReference(typo)).toBeNull();
        },
      ),
    );
  });
  it('catch swapped neighbours', () => {
    fc.assert(
      fc.property(random7, fc.integer({ min: 0, max: 6 }), (r, pos) => {
        const plain = makeReference(r).replace('-', '');
        if (plain[pos] === plain[pos + 1]) return;
        const swapped = plain.slice(0, pos) + plain[pos + 1] + plain[pos] + plain.slice(pos + 2);
        // Luhn mod N misses only the swap of the pair whose values add to N-1 around the fold
        const a = REFERENCE_ALPHABET.indexOf(plain[pos]);
        const b = REFERENCE_ALPHABET.indexOf(plain[pos + 1]);
        if ((a === 0 && b === 29) || (a === 29 && b === 0)) return;
        expect(parseReference(swapped)).toBeNull();
      }),
    );
  });
  it('refuses other text', () => {
    for (const bad of ['', 'ABCD', 'ABCD-EFG0', 'OOOO-OOOO', 'ABCD-EFGHJ'])
      expect(parseReference(bad)).toBeNull();
  });
});
