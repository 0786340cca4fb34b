/**
 * For the tests of the verdict and what is built on it (result-view): a parsed IMEI and the facts
 * about a device as the data layer would load them. Used only by tests.
 */
import { parseImei, type ParsedImei } from './imei';
import type { DeviceFacts } from './verdict';

/** The moment the verdict tests are decided at. */
export const NOW = new Date('2026-11-24T09:00:00Z');

/** A valid IMEI with a known TAC (a Samsung Galaxy A55). */
export const VALID = '352099001761481';

/** The IMEI as the operator API reads it (an IMEISV admitted); a refused input throws. */
export function imei(raw = VALID): ParsedImei {
  const r = parseImei(raw, { allowImeisv: true });
  if (!r.ok) throw new Error(r.code);
  return r.value;
}

/** A device the TAC database knows and nothing else is known of, with `over` instead. */
export function facts(over: Partial<DeviceFacts> = {}): DeviceFacts {
  return {
    tacDatabaseLoaded: true,
    tac: { brand: 'Samsung', model: 'Galaxy A55' },
    blacklist: [],
    legalRecords: [],
    firstRegistrationAt: null,
    proofs: [],
    ...over,
  };
}
