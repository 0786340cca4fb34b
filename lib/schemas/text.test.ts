import { describe, expect, it } from 'vitest';
import { freeText, withoutControls } from './text';

describe('free text', () => {
  it('drops control characters (NUL among them) and keeps tabs, line breaks and every script', () => {
    expect(withoutControls('a\u0000b\u0007c\u001fd\u007fe')).toBe('abcde');
    expect(withoutControls('Сәлем\tмир\r\nқала')).toBe('Сәлем\tмир\r\nқала');
  });
  it('is trimmed, empty by default, with the codes of its limits', () => {
    expect(freeText(10).parse(undefined)).toBe('');
    expect(freeText(10).parse('  \u0000 чек  ')).toBe('чек');
    expect(freeText(3).safeParse('abcd').error?.issues[0].message).toBe('TEXT_TOO_LONG');
    expect(
      freeText(100, { length: 5, code: 'NOTE_REQUIRED' }).safeParse(' ab\u0000\u0000c ').error
        ?.issues[0].message,
    ).toBe('NOTE_REQUIRED');
  });
});
