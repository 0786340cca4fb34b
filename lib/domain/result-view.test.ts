import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { luhnCheckDigit } from './imei';
import { DAY_MS } from './time';
import { BLACKLIST_REASONS, PROOF_STATUSES, verify, type DeviceFacts } from './verdict';
import { presentResult } from './result-view';
import { NOW, VALID, facts, imei } from './verdict-fixtures';

const TYPO = VALID.slice(0, 14) + String((Number(VALID[14]) + 1) % 10);

const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
const present = (raw: string, f: DeviceFacts) => presentResult(verify(imei(raw), f, NOW));

describe('a wrong check digit', () => {
  it('opens with a typing check, not the list; no model, no watching; the verdict stays BLACK', () => {
    const v = verify(
      imei(TYPO),
      facts({ legalRecords: [{ source: 'importer', recordedAt: daysAgo(100) }] }),
      NOW,
    );
    expect(v.list).toBe('BLACK');
    expect(presentResult(v)).toMatchObject({
      lead: 'CHECK_TYPING',
      next: 'CHECK_TYPING',
      showDevice: false,
      canWatch: false,
      canApply: false,
      window: null,
    });
  });
  it('a typo with a started window shows no countdown', () => {
    expect(present(TYPO, facts({ firstRegistrationAt: daysAgo(5) }))).toMatchObject({
      lead: 'CHECK_TYPING',
      window: null,
      daysLeft: null,
    });
  });
  it('even on the GSMA blacklist, the typing check comes first', () => {
    const p = present(
      TYPO,
      facts({ blacklist: [{ reason: 'stolen', listedAt: daysAgo(3), removedAt: null }] }),
    );
    expect(p.lead).toBe('CHECK_TYPING');
    expect(p.next).toBe('CHECK_TYPING');
  });
});

describe('a black device never shows a grey countdown', () => {
  it('an unknown TAC with a started window: BLACK, no days left', () => {
    const v = verify(imei(), facts({ tac: null, firstRegistrationAt: daysAgo(5) }), NOW);
    expect(v.list).toBe('BLACK');
    expect(v.window?.daysLeft).toBe(25);
    expect(presentResult(v)).toMatchObject({
      lead: 'BLACK',
      window: null,
      daysLeft: null,
      next: 'AUTHENTICITY',
      canApply: false,
      showDevice: true,
    });
  });
  it('GSMA with a started window: no countdown, the GSMA step', () => {
    const p = present(
      VALID,
      facts({
        firstRegistrationAt: daysAgo(5),
        blacklist: [{ reason: 'lost', listedAt: daysAgo(1), removedAt: null }],
      }),
    );
    expect(p).toMatchObject({ lead: 'BLACK', window: null, daysLeft: null, next: 'GSMA' });
  });
  it('an expired window says it expired, and nothing about days left', () => {
    expect(present(VALID, facts({ firstRegistrationAt: daysAgo(31) }))).toMatchObject({
      lead: 'BLACK',
      window: 'EXPIRED',
      daysLeft: null,
      next: 'EXPIRED',
    });
  });
  it('a proof under review does not count for a black device', () => {
    const p = present(
      VALID,
      facts({
        tac: null,
        firstRegistrationAt: daysAgo(5),
        proofs: [{ status: 'IN_REVIEW', filedAt: daysAgo(1) }],
      }),
    );
    expect(p).toMatchObject({ lead: 'BLACK', underReview: false, canApply: false, window: null });
  });
  it('for any facts: days left appear only for a GREY device, and never for a BLACK one', () => {
    const date = fc.integer({ min: 0, max: 120 }).map(daysAgo);
    const arbFacts = fc.record({
      tacDatabaseLoaded: fc.boolean(),
      tac: fc.option(fc.constant({ brand: 'B', model: 'M' })),
      blacklist: fc.array(
        fc.record({
          reason: fc.constantFrom(...BLACKLIST_REASONS),
          listedAt: date,
          removedAt: fc.option(date),
        }),
        { maxLength: 2 },
      ),
      legalRecords: fc.array(
        fc.record({ source: fc.constant('importer' as const), recordedAt: date }),
        { maxLength: 1 },
      ),
      firstRegistrationAt: fc.option(date),
      proofs: fc.array(fc.record({ status: fc.constantFrom(...PROOF_STATUSES), filedAt: date }), {
        maxLength: 2,
      }),
    });
    fc.assert(
      fc.property(arbFacts, fc.boolean(), (f, typo) => {
        const v = verify(imei(typo ? TYPO : VALID), f, NOW);
        const p = presentResult(v);
        if (p.daysLeft !== null) expect(v.list).toBe('GREY');
        if (v.list === 'BLACK') expect(p.window === null || p.window === 'EXPIRED').toBe(true);
        if (v.list === 'WHITE') expect(p.window).toBeNull();
        expect(p.lead === 'CHECK_TYPING').toBe(v.reasons.includes('INVALID_CHECK_DIGIT'));
      }),
    );
  });
});

describe('grey and white devices', () => {
  it('GREY never registered: window not started, apply', () => {
    expect(present(VALID, facts())).toMatchObject({
      lead: 'GREY',
      window: 'NOT_STARTED',
      next: 'GREY',
      canApply: true,
      canWatch: true,
    });
  });
  it('GREY in its window: deadline and days left', () => {
    expect(present(VALID, facts({ firstRegistrationAt: daysAgo(12) }))).toMatchObject({
      lead: 'GREY',
      window: 'OPEN',
      daysLeft: 18,
      next: 'GREY',
    });
  });
  it('GREY past its deadline with a proof filed in time: the deadline, no days, no second application', () => {
    const p = present(
      VALID,
      facts({
        firstRegistrationAt: daysAgo(40),
        proofs: [{ status: 'SUBMITTED', filedAt: daysAgo(35) }],
      }),
    );
    expect(p).toMatchObject({
      lead: 'GREY',
      window: 'PAST_UNDER_REVIEW',
      daysLeft: null,
      underReview: true,
      next: 'GREY_UNDER_REVIEW',
      canApply: false,
    });
  });
  it('GREY under review inside the window keeps its days left', () => {
    const p = present(
      VALID,
      facts({
        firstRegistrationAt: daysAgo(2),
        proofs: [{ status: 'IN_REVIEW', filedAt: daysAgo(1) }],
      }),
    );
    expect(p).toMatchObject({ window: 'OPEN', daysLeft: 28, underReview: true, canApply: false });
  });
  it('WHITE: nothing to do, no window', () => {
    expect(
      present(VALID, facts({ legalRecords: [{ source: 'manufacturer', recordedAt: daysAgo(1) }] })),
    ).toMatchObject({ lead: 'WHITE', window: null, next: 'WHITE', canApply: false });
  });
  it('the test IMEIs are what they claim', () => {
    expect(luhnCheckDigit(VALID.slice(0, 14))).toBe(VALID[14]);
    expect(TYPO[14]).not.toBe(VALID[14]);
  });
});
