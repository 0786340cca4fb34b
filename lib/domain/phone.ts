/** Kazakh mobile numbers: typed as +7 7XX XXX XX XX (or 8 7XX…), stored as E.164 (+77XXXXXXXXX). */

/** +7 then a mobile operator code (700–708, 747, 750–751, 760–764, 771, 775–778): not a landline. */
const MOBILE = /^7(70[0-8]|747|75[01]|76[0-4]|771|77[5-8])\d{7}$/;

export type PhoneError = 'PHONE_REQUIRED' | 'PHONE_FORMAT';

export function normaliseKzMobile(
  input: string,
): { ok: true; e164: string } | { ok: false; code: PhoneError } {
  const raw = (input ?? '').trim();
  if (!raw) return { ok: false, code: 'PHONE_REQUIRED' };
  if (!/^[+\d\s\-()]+$/.test(raw)) return { ok: false, code: 'PHONE_FORMAT' };
  let digits = raw.replace(/\D/g, '');
  if (digits.length === 11 && (digits[0] === '8' || digits[0] === '7') && !raw.startsWith('+8'))
    digits = '7' + digits.slice(1);
  else if (digits.length === 10) digits = '7' + digits;
  if (!MOBILE.test(digits)) return { ok: false, code: 'PHONE_FORMAT' };
  return { ok: true, e164: `+${digits}` };
}

/** +77011234567 → +7 701 123 45 67 */
export function formatKzMobile(e164: string): string {
  const d = e164.replace(/\D/g, '');
  return d.length === 11
    ? `+${d[0]} ${d.slice(1, 4)} ${d.slice(4, 7)} ${d.slice(7, 9)} ${d.slice(9)}`
    : e164;
}

/**
 * A phone number with all but its last two digits hidden, for logs, staff pages and the owner's
 * choice of number: +77011234567 → +7 7** *** ** 67. Anything not 11 digits is hidden whole
 * except its last two digits.
 */
export function maskPhone(e164: string): string {
  const d = e164.replace(/\D/g, '');
  if (d.length === 11) return `+${d[0]} ${d[1]}** *** ** ${d.slice(9)}`;
  return d.length > 2 ? `${'*'.repeat(Math.min(d.length - 2, 12))}${d.slice(-2)}` : '**';
}

/**
 * A number as operators report it (digits: 7XXXXXXXXXX, 8XXXXXXXXXX or XXXXXXXXXX) as E.164, when
 * it is a Kazakh mobile (an SMS can reach it); null otherwise.
 */
export function msisdnToE164(msisdn: string): string | null {
  const d = msisdn.replace(/[\s+\-()]/g, '');
  if (!/^\d{10,11}$/.test(d)) return null;
  const r = normaliseKzMobile(d);
  return r.ok ? r.e164 : null;
}

/**
 * Where a one-time code went, as its owner reads it: a number they typed whole
 * (+7 701 123 45 67), so a typo can be seen; a number the network saw in the device (`masked`,
 * chosen without being shown) stays masked.
 */
export function codeSentTo(choice: { to: string; phone: string }, masked: string): string {
  const typed = choice.to === 'typed' ? normaliseKzMobile(choice.phone) : null;
  return typed?.ok ? formatKzMobile(typed.e164) : masked;
}
