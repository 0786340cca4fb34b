import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { FORMULA_TRIGGERS, neutraliseFormula, spreadsheetCell } from './spreadsheet-cell';

/** Strings that often start with a trigger (and hold quotes, commas and line breaks). */
const risky = fc
  .tuple(
    fc.constantFrom(...FORMULA_TRIGGERS, '', "'", '"', ' ', 'a', '1'),
    fc.string({
      unit: fc.constantFrom('=', '+', '-', '@', '"', ',', '\r', '\n', 'a', ' ', 'Қ', '😀'),
    }),
  )
  .map(([first, rest]) => first + rest);
const harmless = fc.string().filter((s) => s.length === 0 || !FORMULA_TRIGGERS.includes(s[0]));

describe('neutraliseFormula', () => {
  it('neutralises formulas, OWASP’s examples among them', () => {
    expect(neutraliseFormula('=HYPERLINK("http://evil.example","x")')).toBe(
      `'=HYPERLINK("http://evil.example","x")`,
    );
    expect(neutraliseFormula('+7 701 555 00 11')).toBe(`'+7 701 555 00 11`);
    expect(neutraliseFormula("-2+3+cmd|' /C calc'!A0")).toBe(`'-2+3+cmd|' /C calc'!A0`);
    expect(neutraliseFormula('@SUM(1+1)')).toBe(`'@SUM(1+1)`);
    expect(neutraliseFormula('\t=1')).toBe(`'\t=1`);
    expect(neutraliseFormula('\r=1')).toBe(`'\r=1`);
    expect(neutraliseFormula('＝1+1')).toBe(`'＝1+1`);
    expect(neutraliseFormula('Samsung')).toBe('Samsung');
    expect(neutraliseFormula('a=1')).toBe('a=1');
    expect(neutraliseFormula('')).toBe('');
  });
  it('never gives a value that starts with a trigger', () => {
    fc.assert(
      fc.property(
        fc.oneof(risky, fc.string()),
        (v) => !FORMULA_TRIGGERS.includes(neutraliseFormula(v)[0] ?? ''),
      ),
    );
  });
  it('leaves harmless values as they are, and only ever adds one quote in front', () => {
    fc.assert(fc.property(harmless, (v) => neutraliseFormula(v) === v));
    fc.assert(
      fc.property(fc.oneof(risky, fc.string()), (v) => {
        const out = neutraliseFormula(v);
        return out === v || out === `'${v}`;
      }),
    );
  });
});

describe('spreadsheetCell', () => {
  it('reads back (RFC 4180) as the neutralised value, whatever it holds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(risky, fc.string()), { minLength: 2, maxLength: 4 }),
        (values) => {
          const line = values.map(spreadsheetCell).join(',');
          expect(parse(line, { relax_column_count: true })).toEqual([
            values.map(neutraliseFormula),
          ]);
        },
      ),
    );
  });
});
