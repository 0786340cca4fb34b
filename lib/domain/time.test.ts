import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DAY_MS, addWorkingDays, parseKzInstant, wholeDaysLeft } from './time';

describe('parseKzInstant', () => {
  it('reads a date alone as 00:00 in Almaty (UTC+5)', () => {
    expect(parseKzInstant('2025-05-25')?.toISOString()).toBe('2025-05-24T19:00:00.000Z');
  });
  it('reads a date-time without offset as Almaty time', () => {
    expect(parseKzInstant('2025-05-25T10:30:00')?.toISOString()).toBe('2025-05-25T05:30:00.000Z');
    expect(parseKzInstant('2025-05-25 10:30')?.toISOString()).toBe('2025-05-25T05:30:00.000Z');
  });
  it('uses UTC+6 before 2024-03-01, when Almaty still had it', () => {
    expect(parseKzInstant('2024-01-15')?.toISOString()).toBe('2024-01-14T18:00:00.000Z');
  });
  it('honours an explicit offset or Z', () => {
    expect(parseKzInstant('2025-05-25T00:00:00Z')?.toISOString()).toBe('2025-05-25T00:00:00.000Z');
    expect(parseKzInstant('2025-05-25T03:00:00+03:00')?.toISOString()).toBe(
      '2025-05-25T00:00:00.000Z',
    );
    expect(parseKzInstant('2025-05-25T00:00:00.250-0100')?.toISOString()).toBe(
      '2025-05-25T01:00:00.250Z',
    );
  });
  it('refuses impossible dates and other text', () => {
    for (const bad of [
      '2025-02-30',
      '2025-13-01',
      '25.05.2025',
      'yesterday',
      '',
      '2025-05-25T24:00:00',
    ]) {
      expect(parseKzInstant(bad)).toBeNull();
    }
  });
  it('round-trips any instant written in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          expect(parseKzInstant(d.toISOString())?.getTime()).toBe(d.getTime());
        },
      ),
    );
  });
});

describe('wholeDaysLeft', () => {
  const deadline = new Date('2026-01-31T12:00:00Z');
  it('rounds up partial days', () => {
    expect(wholeDaysLeft(deadline, new Date(deadline.getTime() - 1000))).toBe(1);
    expect(wholeDaysLeft(deadline, new Date(deadline.getTime() - DAY_MS))).toBe(1);
    expect(wholeDaysLeft(deadline, new Date(deadline.getTime() - DAY_MS - 1))).toBe(2);
  });
  it('is 0 at and after the deadline', () => {
    expect(wholeDaysLeft(deadline, deadline)).toBe(0);
    expect(wholeDaysLeft(deadline, new Date(deadline.getTime() + 5))).toBe(0);
  });
});

describe('addWorkingDays', () => {
  it('skips Saturdays and Sundays in Astana', () => {
    // Thursday 2026-11-26 10:00 Astana + 5 working days = Thursday 2026-12-03 10:00
    expect(addWorkingDays(new Date('2026-11-26T05:00:00Z'), 5).toISOString()).toBe(
      '2026-12-03T05:00:00.000Z',
    );
    // Friday 23:30 Astana (18:30Z) is Friday in Astana: + 1 = Monday
    expect(addWorkingDays(new Date('2026-11-27T18:30:00Z'), 1).toISOString()).toBe(
      '2026-11-30T18:30:00.000Z',
    );
  });
});
