import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { luhnCheckDigit } from './imei';
import { DAY_MS } from './time';
import {
  DEFAULT_RULES,
  LIST_RANK,
  PROOF_STATUSES,
  BLACKLIST_REASONS,
  greyDeadline,
  nextTimeChange,
  proofEligibility,
  verify,
  type DeviceFacts,
} from './verdict';
import { NOW, facts, imei } from './verdict-fixtures';

const SEC = 1000;

const record = { source: 'importer' as const, recordedAt: new Date('2026-01-10T00:00:00Z') };
const cutoff = DEFAULT_RULES.grandfatherCutoff;

describe('authenticity', () => {
  it('passes a valid IMEI with a known TAC', () => {
    const v = verify(imei(), facts({ legalRecords: [record] }), NOW);
    expect(v.checks.authenticity).toBe('PASS');
    expect(v.list).toBe('WHITE');
  });
  it('fails a wrong check digit: BLACK, INVALID_CHECK_DIGIT, even with a supplier record', () => {
    const v = verify(imei('352099001761482'), facts({ legalRecords: [record] }), NOW);
    expect(v.list).toBe('BLACK');
    expect(v.checks.authenticity).toBe('FAIL');
    expect(v.reasons).toContain('INVALID_CHECK_DIGIT');
  });
  it('fails an unknown TAC when a TAC database is loaded', () => {
    const v = verify(imei(), facts({ tac: null, legalRecords: [record] }), NOW);
    expect(v.list).toBe('BLACK');
    expect(v.reasons).toEqual(['UNKNOWN_TAC', 'IMPORT_RECORD']);
    expect(v.device).toBeNull();
  });
  it('does not check the TAC when no TAC database is loaded', () => {
    const v = verify(
      imei(),
      facts({ tacDatabaseLoaded: false, tac: null, legalRecords: [record] }),
      NOW,
    );
    expect(v.list).toBe('WHITE');
    expect(v.reasons).toEqual(['IMPORT_RECORD']);
  });
  it('an IMEISV carries no check digit: the 15-digit IMEI is computed', () => {
    const v = verify(imei('3520990017614805'), facts({ legalRecords: [record] }), NOW);
    expect(v.imei).toBe('352099001761481');
    expect(v.checks.authenticity).toBe('PASS');
  });
});

describe('GSMA blacklist', () => {
  const listed = {
    reason: 'stolen' as const,
    listedAt: new Date('2026-10-01T00:00:00Z'),
    removedAt: null,
  };
  it('an active entry makes the device BLACK and overrides a white result', () => {
    const v = verify(imei(), facts({ blacklist: [listed], legalRecords: [record] }), NOW);
    expect(v.list).toBe('BLACK');
    expect(v.checks.gsmaBlacklist).toBe('FAIL');
    expect(v.checks.importLegality).toBe('PASS');
    expect(v.reasons).toEqual(['GSMA_BLACKLISTED', 'IMPORT_RECORD']);
    expect(v.blacklistReasons).toEqual(['stolen']);
  });
  it('a removed entry no longer counts', () => {
    const removed = { ...listed, removedAt: new Date('2026-11-01T00:00:00Z') };
    const v = verify(imei(), facts({ blacklist: [removed], legalRecords: [record] }), NOW);
    expect(v.list).toBe('WHITE');
    expect(v.checks.gsmaBlacklist).toBe('PASS');
    expect(v.blacklistReasons).toEqual([]);
  });
  it('a removal dated after now has not happened yet; at that second it has', () => {
    const removedAt = new Date(NOW.getTime() + SEC);
    const entry = { ...listed, removedAt };
    expect(verify(imei(), facts({ blacklist: [entry], legalRecords: [record] }), NOW).list).toBe(
      'BLACK',
    );
    expect(
      verify(imei(), facts({ blacklist: [entry], legalRecords: [record] }), removedAt).list,
    ).toBe('WHITE');
  });
  it('reports every reason of the active entries, once each, in a stable order', () => {
    const v = verify(
      imei(),
      facts({
        blacklist: [
          { ...listed, reason: 'blocked' },
          { ...listed, reason: 'stolen' },
          { ...listed, reason: 'blocked' },
          { ...listed, reason: 'lost', removedAt: new Date('2026-01-01T00:00:00Z') },
        ],
      }),
      NOW,
    );
    expect(v.blacklistReasons).toEqual(['stolen', 'blocked']);
  });
});

describe('legality', () => {
  it('a supplier record from any source passes', () => {
    for (const source of ['manufacturer', 'importer', 'service_centre'] as const) {
      const v = verify(imei(), facts({ legalRecords: [{ source, recordedAt: NOW }] }), NOW);
      expect(v.list).toBe('WHITE');
      expect(v.reasons).toEqual(['IMPORT_RECORD']);
      expect(v.window).toBeNull();
    }
  });
  it('an approved proof passes, even after the window has run out', () => {
    const first = new Date(NOW.getTime() - 90 * DAY_MS);
    const v = verify(
      imei(),
      facts({
        firstRegistrationAt: first,
        proofs: [{ status: 'APPROVED', filedAt: new Date(first.getTime() + DAY_MS) }],
      }),
      NOW,
    );
    expect(v.list).toBe('WHITE');
    expect(v.reasons).toEqual(['PROOF_APPROVED']);
  });
  it('grandfathered: first registration one second before 25.05.2025 00:00 Almaty', () => {
    const v = verify(imei(), facts({ firstRegistrationAt: new Date(cutoff.getTime() - SEC) }), NOW);
    expect(v.list).toBe('WHITE');
    expect(v.reasons).toEqual(['GRANDFATHERED']);
  });
  it('not grandfathered: first registration exactly at the cut-off', () => {
    const v = verify(imei(), facts({ firstRegistrationAt: cutoff }), NOW);
    expect(v.reasons).not.toContain('GRANDFATHERED');
    expect(v.list).toBe('BLACK');
  });
  it('the cut-off is 2025-05-24T19:00:00Z, midnight in Almaty', () => {
    expect(cutoff.toISOString()).toBe('2025-05-24T19:00:00.000Z');
  });
  it('reports every passing legality reason that applies', () => {
    const v = verify(
      imei(),
      facts({
        legalRecords: [record],
        firstRegistrationAt: new Date('2024-01-01T00:00:00Z'),
        proofs: [{ status: 'APPROVED', filedAt: NOW }],
      }),
      NOW,
    );
    expect(v.reasons).toEqual(['IMPORT_RECORD', 'PROOF_APPROVED', 'GRANDFATHERED']);
  });
});

describe('the grey window', () => {
  const first = new Date('2026-11-10T06:00:00Z');
  const deadline = new Date(first.getTime() + 30 * DAY_MS);

  it('never registered: GREY, window not started', () => {
    const v = verify(imei(), facts(), NOW);
    expect(v.list).toBe('GREY');
    expect(v.checks.importLegality).toBe('PENDING');
    expect(v.reasons).toEqual(['NOT_IN_IMPORT_DATA']);
    expect(v.window).toEqual({
      started: false,
      firstRegistrationAt: null,
      deadline: null,
      daysLeft: null,
    });
  });
  it('deadline is first registration + 30 days', () => {
    expect(greyDeadline(first)).toEqual(deadline);
  });
  it('at the first registration: 30 days left', () => {
    const v = verify(imei(), facts({ firstRegistrationAt: first }), first);
    expect(v.list).toBe('GREY');
    expect(v.window).toEqual({ started: true, firstRegistrationAt: first, deadline, daysLeft: 30 });
  });
  it('one second before the deadline: GREY with 1 day left (rounded up)', () => {
    const v = verify(
      imei(),
      facts({ firstRegistrationAt: first }),
      new Date(deadline.getTime() - SEC),
    );
    expect(v.list).toBe('GREY');
    expect(v.window?.daysLeft).toBe(1);
  });
  it('at the exact second the window ends: BLACK, GREY_PERIOD_EXPIRED', () => {
    const v = verify(imei(), facts({ firstRegistrationAt: first }), deadline);
    expect(v.list).toBe('BLACK');
    expect(v.checks.importLegality).toBe('FAIL');
    expect(v.reasons).toEqual(['GREY_PERIOD_EXPIRED', 'NOT_IN_IMPORT_DATA']);
    expect(v.window?.daysLeft).toBe(0);
  });
  it('a window length from configuration is honoured', () => {
    const rules = { ...DEFAULT_RULES, greyWindowDays: 10 };
    const v = verify(
      imei(),
      facts({ firstRegistrationAt: first }),
      new Date(first.getTime() + 10 * DAY_MS),
      rules,
    );
    expect(v.list).toBe('BLACK');
  });
  it('a proof filed one second before the deadline and undecided keeps the device GREY past it', () => {
    for (const status of ['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED'] as const) {
      const v = verify(
        imei(),
        facts({
          firstRegistrationAt: first,
          proofs: [{ status, filedAt: new Date(deadline.getTime() - SEC) }],
        }),
        new Date(deadline.getTime() + 40 * DAY_MS),
      );
      expect(v.list).toBe('GREY');
      expect(v.checks.importLegality).toBe('PENDING');
      expect(v.reasons).toEqual(['NOT_IN_IMPORT_DATA', 'PROOF_UNDER_REVIEW']);
      expect(v.window?.daysLeft).toBe(0);
    }
  });
  it('a proof filed at the deadline second does not count', () => {
    const v = verify(
      imei(),
      facts({ firstRegistrationAt: first, proofs: [{ status: 'SUBMITTED', filedAt: deadline }] }),
      new Date(deadline.getTime() + SEC),
    );
    expect(v.list).toBe('BLACK');
    expect(v.reasons).not.toContain('PROOF_UNDER_REVIEW');
  });
  it('a rejected proof changes nothing by itself', () => {
    const rejected = [{ status: 'REJECTED' as const, filedAt: new Date(first.getTime() + DAY_MS) }];
    const within = verify(imei(), facts({ firstRegistrationAt: first, proofs: rejected }), NOW);
    expect(within.list).toBe('GREY');
    expect(within.reasons).toEqual(['NOT_IN_IMPORT_DATA']);
    const after = verify(imei(), facts({ firstRegistrationAt: first, proofs: rejected }), deadline);
    expect(after.list).toBe('BLACK');
  });
  it('a new proof after a rejection counts while the window is open', () => {
    const v = verify(
      imei(),
      facts({
        firstRegistrationAt: first,
        proofs: [
          { status: 'REJECTED', filedAt: new Date(first.getTime() + DAY_MS) },
          { status: 'SUBMITTED', filedAt: new Date(first.getTime() + 2 * DAY_MS) },
        ],
      }),
      new Date(deadline.getTime() + DAY_MS),
    );
    expect(v.list).toBe('GREY');
    expect(v.reasons).toContain('PROOF_UNDER_REVIEW');
  });
  it('an undecided proof before any registration is reported', () => {
    const v = verify(imei(), facts({ proofs: [{ status: 'SUBMITTED', filedAt: NOW }] }), NOW);
    expect(v.list).toBe('GREY');
    expect(v.reasons).toEqual(['NOT_IN_IMPORT_DATA', 'PROOF_UNDER_REVIEW']);
  });
});

describe('the list', () => {
  it('reports every failing reason, not just the first', () => {
    const first = new Date('2026-01-01T00:00:00Z');
    const v = verify(
      imei('352099001761482'),
      facts({
        tac: null,
        blacklist: [{ reason: 'lost', listedAt: first, removedAt: null }],
        firstRegistrationAt: first,
      }),
      NOW,
    );
    expect(v.list).toBe('BLACK');
    expect(v.reasons).toEqual([
      'INVALID_CHECK_DIGIT',
      'UNKNOWN_TAC',
      'GSMA_BLACKLISTED',
      'GREY_PERIOD_EXPIRED',
      'NOT_IN_IMPORT_DATA',
    ]);
    expect(v.checks).toEqual({
      authenticity: 'FAIL',
      gsmaBlacklist: 'FAIL',
      importLegality: 'FAIL',
    });
  });
});

describe('proof eligibility', () => {
  it('refuses WHITE devices, incurable BLACK and an expired window; accepts GREY', () => {
    expect(proofEligibility(verify(imei(), facts({ legalRecords: [record] }), NOW))).toEqual({
      ok: false,
      code: 'ALREADY_WHITE',
    });
    expect(proofEligibility(verify(imei('352099001761482'), facts(), NOW))).toEqual({
      ok: false,
      code: 'NOT_CURABLE',
    });
    expect(
      proofEligibility(
        verify(
          imei(),
          facts({ blacklist: [{ reason: 'stolen', listedAt: NOW, removedAt: null }] }),
          NOW,
        ),
      ),
    ).toEqual({ ok: false, code: 'NOT_CURABLE' });
    expect(
      proofEligibility(
        verify(imei(), facts({ firstRegistrationAt: new Date(NOW.getTime() - 31 * DAY_MS) }), NOW),
      ),
    ).toEqual({ ok: false, code: 'WINDOW_EXPIRED' });
    expect(proofEligibility(verify(imei(), facts(), NOW))).toEqual({ ok: true });
  });
});

describe('general properties', () => {
  const T_MIN = new Date('2024-06-01T00:00:00Z').getTime();
  const T_MAX = new Date('2027-06-01T00:00:00Z').getTime();
  const instant = fc.integer({ min: T_MIN, max: T_MAX });

  /** Facts that all happened at or before `t1`. */
  const factsAndTimes = fc
    .record({
      t1: instant,
      tacDatabaseLoaded: fc.boolean(),
      tacKnown: fc.boolean(),
      blacklist: fc.array(
        fc.record({
          reason: fc.constantFrom(...BLACKLIST_REASONS),
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          removed: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        }),
        { maxLength: 3 },
      ),
      hasRecord: fc.boolean(),
      firstAt: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      proofs: fc.array(
        fc.record({
          status: fc.constantFrom(...PROOF_STATUSES),
          at: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { maxLength: 3 },
      ),
      later: fc.integer({ min: 0, max: 400 * 86_400_000 }),
      identity: fc.stringMatching(/^\d{14}$/),
      goodDigit: fc.boolean(),
    })
    .map((r) => {
      const at = (x: number) =>
        new Date(T_MIN - 400 * DAY_MS + Math.floor(x * (r.t1 - T_MIN + 400 * DAY_MS)));
      const check = luhnCheckDigit(r.identity);
      const digit = r.goodDigit ? check : String((Number(check) + 1) % 10);
      return {
        t1: new Date(r.t1),
        t2: new Date(r.t1 + r.later),
        parsed: imei(r.identity + digit),
        facts: {
          tacDatabaseLoaded: r.tacDatabaseLoaded,
          tac: r.tacKnown ? { brand: 'B', model: 'M' } : null,
          blacklist: r.blacklist.map((b) => ({
            reason: b.reason,
            listedAt: at(b.at),
            removedAt: b.removed === null ? null : at(b.removed),
          })),
          legalRecords: r.hasRecord
            ? [{ source: 'manufacturer' as const, recordedAt: at(0.5) }]
            : [],
          firstRegistrationAt: r.firstAt === null ? null : at(r.firstAt),
          proofs: r.proofs.map((p) => ({ status: p.status, filedAt: at(p.at) })),
        } satisfies DeviceFacts,
      };
    });

  it('the list never improves as time passes without new facts', () => {
    fc.assert(
      fc.property(factsAndTimes, ({ parsed, facts, t1, t2 }) => {
        const a = verify(parsed, facts, t1);
        const b = verify(parsed, facts, t2);
        expect(LIST_RANK[b.list]).toBeGreaterThanOrEqual(LIST_RANK[a.list]);
      }),
      { numRuns: 500 },
    );
  });

  it('BLACK exactly when a check failed, WHITE exactly when all passed', () => {
    fc.assert(
      fc.property(factsAndTimes, ({ parsed, facts, t1 }) => {
        const v = verify(parsed, facts, t1);
        const failed =
          v.checks.authenticity === 'FAIL' ||
          v.checks.gsmaBlacklist === 'FAIL' ||
          v.checks.importLegality === 'FAIL';
        expect(v.list === 'BLACK').toBe(failed);
        expect(v.list === 'WHITE').toBe(!failed && v.checks.importLegality === 'PASS');
        expect(new Set(v.reasons).size).toBe(v.reasons.length);
        if (v.list === 'GREY') expect(v.reasons).toContain('NOT_IN_IMPORT_DATA');
        if (v.window?.daysLeft != null) expect(v.window.daysLeft).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  it('nothing changes by time alone before nextTimeChange, so the list reconciler may wait until then', () => {
    fc.assert(
      fc.property(factsAndTimes, ({ parsed, facts, t1, t2 }) => {
        const next = nextTimeChange(facts, t1);
        if (next !== null) expect(next.getTime()).toBeGreaterThan(t1.getTime());
        const a = verify(parsed, facts, t1);
        if (next === null || t2.getTime() < next.getTime()) {
          const b = verify(parsed, facts, t2);
          expect([b.list, b.reasons]).toEqual([a.list, a.reasons]);
        }
        if (next !== null) {
          // Just before it, still the same.
          const before = verify(parsed, facts, new Date(next.getTime() - 1));
          expect([before.list, before.reasons]).toEqual([a.list, a.reasons]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('nextTimeChange is the grey deadline of a device in its window, to the millisecond', () => {
    const first = new Date('2026-11-01T10:00:00Z');
    const f = facts({ firstRegistrationAt: first });
    const next = nextTimeChange(f, NOW)!;
    expect(next).toEqual(greyDeadline(first));
    expect(verify(imei(), f, new Date(next.getTime() - 1)).list).toBe('GREY');
    expect(verify(imei(), f, next).list).toBe('BLACK');
    expect(nextTimeChange(f, next)).toBeNull();
  });
});
