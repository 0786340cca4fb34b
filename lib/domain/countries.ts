/** ISO 3166-1 alpha-2 codes offered as the country of purchase; names come from ICU per locale. */
export const COMMON_PURCHASE_COUNTRIES = [
  'CN',
  'AE',
  'US',
  'KR',
  'TR',
  'RU',
  'KG',
  'UZ',
  'DE',
  'HK',
  'JP',
  'GB',
  'VN',
  'IN',
] as const;

export const ALL_COUNTRIES = (
  'AD AE AF AG AI AL AM AO AR AT AU AW AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ ' +
  'DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FR GA GB GD GE GH GM GN GQ GR GT GW GY HK HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH ' +
  'KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MO MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NZ OM PA PE ' +
  'PG PH PK PL PS PT PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS SV SY SZ TD TG TH TJ TL TM TN TO TR TT TW TZ UA UG US UY UZ VC ' +
  'VE VN VU WS YE ZA ZM ZW'
).split(' ');

const KNOWN = new Set(ALL_COUNTRIES);
export function isCountryCode(code: string): boolean {
  return KNOWN.has(code);
}
