/**
 * CSV meant to be opened by people in a spreadsheet (staff exports, reports): a value a
 * spreadsheet would run as a formula is neutralised. Per the OWASP guidance on CSV injection, a
 * value whose first character is `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
 * a single quote `'`, which spreadsheets show as text (and do not display); a line feed first and
 * the fullwidth forms of the four signs (`＝ ＋ － ＠`, which some spreadsheets also read as
 * formulas) are treated alike. Then the value is quoted per RFC 4180 when it must be.
 *
 * Not for machine lists (/api/v1/lists/…): those keep values exact, and their documentation
 * tells people to import them with every column as text. Pure.
 */

/** First characters that make a spreadsheet read a value as a formula. */
export const FORMULA_TRIGGERS: readonly string[] = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
];

/** The value, with `'` before it when a spreadsheet would run it as a formula; any other value unchanged. */
export function neutraliseFormula(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.includes(value[0]) ? `'${value}` : value;
}

/** One cell of a CSV for people: neutralised, then quoted (quotes doubled) when it holds a comma, quote or line break. */
export function spreadsheetCell(value: string): string {
  const v = neutraliseFormula(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
