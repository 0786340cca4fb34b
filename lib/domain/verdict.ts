/**
 * The verification rules of `shared/domain.md`: given the IMEI as parsed, the facts the database
 * holds about it and `now`, which list the device is on, each check's outcome and every reason.
 * Pure: plain data in, plain data out.
 */
import { DAY_MS, wholeDaysLeft } from './time';
import type { ParsedImei } from './imei';

export const LISTS = ['WHITE', 'GREY', 'BLACK'] as const;
export type List = (typeof LISTS)[number];

/** Reason codes: a stable API, and the i18n keys (`reasons.<CODE>`). */
export const REASON_CODES = [
  'INVALID_CHECK_DIGIT',
  'UNKNOWN_TAC',
  'GSMA_BLACKLISTED',
  'GREY_PERIOD_EXPIRED',
  'NOT_IN_IMPORT_DATA',
  'PROOF_UNDER_REVIEW',
  'IMPORT_RECORD',
  'PROOF_APPROVED',
  'GRANDFATHERED',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const BLACKLIST_REASONS = ['stolen', 'lost', 'blocked'] as const;
export type BlacklistReason = (typeof BLACKLIST_REASONS)[number];

export const LEGALITY_SOURCES = ['manufacturer', 'importer', 'service_centre'] as const;
export type LegalitySource = (typeof LEGALITY_SOURCES)[number];

/**
 * Where a proof of legal import stands. SUBMITTED, IN_REVIEW and INFO_REQUESTED are undecided.
 * SUPERSEDED (gave way to an application whose owner proved possession) and NOT_NEEDED (the device
 * became white by other facts) close it without a decision: like a rejection, they count for nothing.
 */
export const PROOF_STATUSES = [
  'SUBMITTED',
  'IN_REVIEW',
  'INFO_REQUESTED',
  'APPROVED',
  'REJECTED',
  'SUPERSEDED',
  'NOT_NEEDED',
] as const;
export type ProofStatus = (typeof PROOF_STATUSES)[number];

export type CheckOutcome = 'PASS' | 'FAIL';
export type LegalityOutcome = 'PASS' | 'PENDING' | 'FAIL';

/** What the database knows about one device (its 14-digit identity). */
export type DeviceFacts = {
  /** Whether a TAC database has been loaded at all (an empty one checks nothing). */
  tacDatabaseLoaded: boolean;
  /** The TAC record for the device's first 8 digits, if any. */
  tac: { brand: string; model: string } | null;
  blacklist: { reason: BlacklistReason; listedAt: Date; removedAt: Date | null }[];
  legalRecords: { source: LegalitySource; recordedAt: Date }[];
  /** The earliest network registration seen, or null when never registered. */
  firstRegistrationAt: Date | null;
  proofs: { status: ProofStatus; filedAt: Date }[];
};

export type Rules = {
  /** Length of the grey window, in days from the first registration. */
  greyWindowDays: number;
  /** Devices first registered before this instant are not restricted. */
  grandfatherCutoff: Date;
};

export const DEFAULT_RULES: Rules = {
  greyWindowDays: 30,
  // 25.05.2025 00:00 Asia/Almaty (UTC+5)
  grandfatherCutoff: new Date('2025-05-24T19:00:00.000Z'),
};

export type Verdict = {
  imei: string;
  identity: string;
  list: List;
  reasons: ReasonCode[];
  checks: {
    authenticity: CheckOutcome;
    gsmaBlacklist: CheckOutcome;
    importLegality: LegalityOutcome;
  };
  /** Active GSMA entries' reasons (stolen, lost, blocked), when blacklisted. */
  blacklistReasons: BlacklistReason[];
  /** The grey window, when legality has not passed. */
  window: {
    started: boolean;
    firstRegistrationAt: Date | null;
    deadline: Date | null;
    daysLeft: number | null;
  } | null;
  device: { brand: string; model: string } | null;
};

const UNDECIDED: ReadonlySet<ProofStatus> = new Set(['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED']);

export function isUndecided(status: ProofStatus): boolean {
  return UNDECIDED.has(status);
}

/** The instant the grey window ends for a device first registered at `firstRegistrationAt`. */
export function greyDeadline(firstRegistrationAt: Date, rules: Rules = DEFAULT_RULES): Date {
  return new Date(firstRegistrationAt.getTime() + rules.greyWindowDays * DAY_MS);
}

export function isGsmaEntryActive(entry: { removedAt: Date | null }, now: Date): boolean {
  return entry.removedAt === null || entry.removedAt.getTime() > now.getTime();
}

/** The one answer to "what is this IMEI's verdict now". */
export function verify(
  parsed: ParsedImei,
  facts: DeviceFacts,
  now: Date,
  rules: Rules = DEFAULT_RULES,
): Verdict {
  const reasons: ReasonCode[] = [];

  // 1. Authenticity: the check digit, and the TAC when a TAC database is loaded.
  let authenticity: CheckOutcome = 'PASS';
  if (!parsed.checkDigitValid) {
    authenticity = 'FAIL';
    reasons.push('INVALID_CHECK_DIGIT');
  }
  if (facts.tacDatabaseLoaded && facts.tac === null) {
    authenticity = 'FAIL';
    reasons.push('UNKNOWN_TAC');
  }

  // 2. The GSMA blacklist: any entry not removed (by now).
  const active = facts.blacklist.filter((e) => isGsmaEntryActive(e, now));
  const gsmaBlacklist: CheckOutcome = active.length > 0 ? 'FAIL' : 'PASS';
  const blacklistReasons = [...new Set(active.map((e) => e.reason))].sort(
    (a, b) => BLACKLIST_REASONS.indexOf(a) - BLACKLIST_REASONS.indexOf(b),
  );
  if (gsmaBlacklist === 'FAIL') reasons.push('GSMA_BLACKLISTED');

  // 3. Legality: a supplier record, an approved proof, or grandfathered.
  const hasRecord = facts.legalRecords.length > 0;
  const approved = facts.proofs.some((p) => p.status === 'APPROVED');
  const first = facts.firstRegistrationAt;
  const grandfathered = first !== null && first.getTime() < rules.grandfatherCutoff.getTime();

  let importLegality: LegalityOutcome;
  let window: Verdict['window'] = null;
  if (hasRecord || approved || grandfathered) {
    importLegality = 'PASS';
    if (hasRecord) reasons.push('IMPORT_RECORD');
    if (approved) reasons.push('PROOF_APPROVED');
    if (grandfathered) reasons.push('GRANDFATHERED');
  } else {
    reasons.push('NOT_IN_IMPORT_DATA');
    if (first === null) {
      importLegality = 'PENDING';
      window = { started: false, firstRegistrationAt: null, deadline: null, daysLeft: null };
      if (facts.proofs.some((p) => isUndecided(p.status))) reasons.push('PROOF_UNDER_REVIEW');
    } else {
      const deadline = greyDeadline(first, rules);
      const open = now.getTime() < deadline.getTime();
      const filedInTime = facts.proofs.some(
        (p) => isUndecided(p.status) && p.filedAt.getTime() < deadline.getTime(),
      );
      if (filedInTime) reasons.push('PROOF_UNDER_REVIEW');
      if (open || filedInTime) {
        importLegality = 'PENDING';
      } else {
        importLegality = 'FAIL';
        reasons.push('GREY_PERIOD_EXPIRED');
      }
      window = {
        started: true,
        firstRegistrationAt: first,
        deadline,
        daysLeft: wholeDaysLeft(deadline, now),
      };
    }
  }

  const list: List =
    authenticity === 'FAIL' || gsmaBlacklist === 'FAIL' || importLegality === 'FAIL'
      ? 'BLACK'
      : importLegality === 'PASS'
        ? 'WHITE'
        : 'GREY';

  return {
    imei: parsed.imei,
    identity: parsed.identity,
    list,
    reasons: REASON_CODES.filter((c) => reasons.includes(c)),
    checks: { authenticity, gsmaBlacklist, importLegality },
    blacklistReasons,
    window,
    device: facts.tac,
  };
}

/** What a proof of legal import can still change: refused when WHITE, or BLACK for a reason proof cannot cure. */
export type ProofEligibility =
  { ok: true } | { ok: false; code: 'ALREADY_WHITE' | 'NOT_CURABLE' | 'WINDOW_EXPIRED' };

export function proofEligibility(verdict: Verdict): ProofEligibility {
  if (verdict.list === 'WHITE') return { ok: false, code: 'ALREADY_WHITE' };
  if (verdict.checks.authenticity === 'FAIL' || verdict.checks.gsmaBlacklist === 'FAIL') {
    return { ok: false, code: 'NOT_CURABLE' };
  }
  if (verdict.checks.importLegality === 'FAIL') return { ok: false, code: 'WINDOW_EXPIRED' };
  return { ok: true };
}

/** Severity order, for "the list never improves as time passes". */
export const LIST_RANK: Record<List, number> = { WHITE: 0, GREY: 1, BLACK: 2 };

/**
 * The earliest instant after `now` at which time alone can change the verdict of a device with
 * these facts (the grey window's end, a GSMA entry's scheduled removal), or null when none can.
 * The list reconciler looks at a device again then; an early answer is harmless, a late one is not.
 */
export function nextTimeChange(
  facts: DeviceFacts,
  now: Date,
  rules: Rules = DEFAULT_RULES,
): Date | null {
  let next: number | null = null;
  const consider = (t: number) => {
    if (t > now.getTime() && (next === null || t < next)) next = t;
  };
  for (const e of facts.blacklist) if (e.removedAt) consider(e.removedAt.getTime());
  if (facts.firstRegistrationAt) consider(greyDeadline(facts.firstRegistrationAt, rules).getTime());
  return next === null ? null : new Date(next);
}
