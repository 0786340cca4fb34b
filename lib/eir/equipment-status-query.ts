/**
 * The query of `GET /n5g-eir-eic/v1/equipment-status` (3GPP TS 29.511, 6.1.3.2.3.1): `pei`
 * (mandatory: `imei-<15 digits>` or `imeisv-<16 digits>`), `supi` (`imsi-<5–15 digits>`) and
 * `gpsi` (`msisdn-<5–15 digits>`). Other parameters (e.g. `supportedFeatures`) are ignored.
 * Pure: a string in, a parsed query or a 400 ProblemDetails out.
 */
import { parseImei, type ParsedImei } from '../domain/imei';
import { problem, type InvalidParam, type Problem } from './problem-details';

export type EquipmentStatusQuery = {
  pei: ParsedImei;
  /** The subscriber's IMSI (digits only), when the network gave a SUPI. */
  imsi: string | null;
  /** The MSISDN (digits only), when the network gave a GPSI. */
  msisdn: string | null;
};

const PEI = /^(?:imei-(\d{15})|imeisv-(\d{16}))$/;
const SUPI = /^imsi-(\d{5,15})$/;
const GPSI = /^msisdn-(\d{5,15})$/;

/** Parses the query string (without the `?`). */
export function parseEquipmentStatusQuery(
  search: string,
): { ok: true; value: EquipmentStatusQuery } | { ok: false; problem: Problem } {
  const params = new URLSearchParams(search);
  const invalid: InvalidParam[] = [];
  let missing = false;
  let peiWrong = false;

  // A parameter given twice is ambiguous: refused rather than guessed.
  const one = (name: string): string | null => {
    const all = params.getAll(name);
    if (all.length > 1) {
      invalid.push({ param: name, reason: 'given more than once' });
      return null;
    }
    return all.length ? all[0] : null;
  };

  let pei: ParsedImei | null = null;
  const peiCount = params.getAll('pei').length;
  const peiRaw = one('pei');
  if (peiCount > 1) peiWrong = true;
  else if (peiRaw === null || peiRaw === '') {
    missing = true;
    invalid.push({
      param: 'pei',
      reason: 'missing: the PEI is mandatory (imei-<15 digits> or imeisv-<16 digits>)',
    });
  } else {
    const m = PEI.exec(peiRaw);
    const parsed = m ? parseImei(m[1] ?? m[2], { allowImeisv: true }) : null;
    if (parsed?.ok) pei = parsed.value;
    else {
      peiWrong = true;
      invalid.push({ param: 'pei', reason: 'must be imei-<15 digits> or imeisv-<16 digits>' });
    }
  }

  let imsi: string | null = null;
  const supi = one('supi');
  if (supi !== null) {
    const m = SUPI.exec(supi);
    if (m) imsi = m[1];
    else invalid.push({ param: 'supi', reason: 'must be imsi-<5 to 15 digits>' });
  }

  let msisdn: string | null = null;
  const gpsi = one('gpsi');
  if (gpsi !== null) {
    const m = GPSI.exec(gpsi);
    if (m) msisdn = m[1];
    else invalid.push({ param: 'gpsi', reason: 'must be msisdn-<5 to 15 digits>' });
  }

  if (invalid.length === 0 && pei) return { ok: true, value: { pei, imsi, msisdn } };
  if (missing) {
    return {
      ok: false,
      problem: problem(
        400,
        'Bad Request',
        'The mandatory query parameter pei is missing.',
        'MANDATORY_IE_MISSING',
        invalid,
      ),
    };
  }
  if (peiWrong) {
    return {
      ok: false,
      problem: problem(
        400,
        'Bad Request',
        'The query parameter pei is malformed.',
        'MANDATORY_IE_INCORRECT',
        invalid,
      ),
    };
  }
  return {
    ok: false,
    problem: problem(
      400,
      'Bad Request',
      `Malformed query parameter: ${invalid.map((i) => i.param).join(', ')}.`,
      'OPTIONAL_IE_INCORRECT',
      invalid,
    ),
  };
}
