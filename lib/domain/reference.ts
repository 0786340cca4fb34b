/**
 * Application reference numbers: 8 characters shown as XXXX-XXXX, from an alphabet without
 * look-alikes (no 0/O, 1/I/L, U), the last one a Luhn mod 30 check character, so a mistyped
 * reference (any single character, most swaps of neighbours) is caught before any lookup.
 */

export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = REFERENCE_ALPHABET.length; // 30

function luhnModN(body: string, extra: number): number {
  // Luhn mod N over `body`, then the check character, with `extra` factor start.
  let factor = extra;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * REFERENCE_ALPHABET.indexOf(body[i]);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return sum;
}

export function referenceCheckChar(body: string): string {
  const sum = luhnModN(body, 2);
  return REFERENCE_ALPHABET[(N - (sum % N)) % N];
}

/** A new reference from 7 random values (0 ≤ v < 30 each). */
export function makeReference(random7: number[]): string {
  if (random7.length !== 7) throw new RangeError('7 random values needed');
  const body = random7.map((v) => REFERENCE_ALPHABET[Math.floor(v) % N]).join('');
  const ref = body + referenceCheckChar(body);
  return `${ref.slice(0, 4)}-${ref.slice(4)}`;
}

/** Reads a reference as typed (any case, spaces or dashes); null when it is not a valid one. */
export function parseReference(input: string): string | null {
  const s = (input ?? '').toUpperCase().replace(/[\s\-]/g, '');
  if (s.length !== 8 || [...s].some((c) => !REFERENCE_ALPHABET.includes(c))) return null;
  if (referenceCheckChar(s.slice(0, 7)) !== s[7]) return null;
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}
