/**
 * What the check page says about a verdict, and in which order: pure, so the rules of the owner's
 * journey (issue 9) are tested without a browser. The verdict itself (lib/domain/verdict.ts) and
 * the API's answer are not changed by any of this: only what a person reads first.
 *
 * - A wrong check digit is most often a typo: the page opens with "check the number you typed"
 *   and only then says what it means if the phone really shows this number (the black list).
 * - A black device never shows a grey countdown: the days left belong to a GREY device only; a
 *   device black because its window ran out shows when it ran out, any other black device no
 *   window at all (an unknown TAC with a started window is black, not "25 days left").
 */
import type { List, ReasonCode, Verdict } from './verdict';

/** What the result opens with: a typing check, or the list. */
export type ResultLead = 'CHECK_TYPING' | List;

/** The next action (messages `result.next.<STEP>`). */
export type NextStep =
  'WHITE' | 'GREY' | 'GREY_UNDER_REVIEW' | 'GSMA' | 'AUTHENTICITY' | 'EXPIRED' | 'CHECK_TYPING';

/**
 * The grey window as the page shows it: not started yet; open (the deadline and the days left);
 * past the deadline with a proof filed in time (the deadline, no days); or, for a device black
 * because of it, expired. Null: nothing about a window.
 */
export type WindowLine = 'NOT_STARTED' | 'OPEN' | 'PAST_UNDER_REVIEW' | 'EXPIRED';

export type ResultPresentation = {
  lead: ResultLead;
  window: WindowLine | null;
  /** Whole days left, only when `window` is OPEN. */
  daysLeft: number | null;
  /** A proof filed in time is being decided (GREY only: a proof cannot cure a black device). */
  underReview: boolean;
  next: NextStep;
  /** A link to file a proof of legal import. */
  canApply: boolean;
  /** The model from the TAC database: not for a mistyped number (its first digits may be wrong too). */
  showDevice: boolean;
  /** "Tell me when this device's list changes": not for a number that is not a real IMEI. */
  canWatch: boolean;
};

export type VerdictForView = Pick<Verdict, 'list' | 'reasons' | 'checks'> & {
  window: { started: boolean; daysLeft: number | null } | null;
};

export function presentResult(v: VerdictForView): ResultPresentation {
  const has = (r: ReasonCode) => v.reasons.includes(r);
  const typo = has('INVALID_CHECK_DIGIT');
  const underReview = v.list === 'GREY' && has('PROOF_UNDER_REVIEW');

  let window: WindowLine | null = null;
  let daysLeft: number | null = null;
  if (v.list === 'GREY' && v.window) {
    if (!v.window.started) window = 'NOT_STARTED';
    else if ((v.window.daysLeft ?? 0) > 0) {
      window = 'OPEN';
      daysLeft = v.window.daysLeft;
    } else window = 'PAST_UNDER_REVIEW';
  } else if (v.list === 'BLACK' && has('GREY_PERIOD_EXPIRED')) {
    window = 'EXPIRED';
  }

  let next: NextStep;
  if (v.list === 'WHITE') next = 'WHITE';
  else if (v.list === 'GREY') next = underReview ? 'GREY_UNDER_REVIEW' : 'GREY';
  else if (typo) next = 'CHECK_TYPING';
  else if (v.checks.authenticity === 'FAIL') next = 'AUTHENTICITY';
  else if (v.checks.gsmaBlacklist === 'FAIL') next = 'GSMA';
  else next = 'EXPIRED';

  return {
    lead: typo ? 'CHECK_TYPING' : v.list,
    window,
    daysLeft,
    underReview,
    next,
    canApply: v.list === 'GREY' && !underReview,
    showDevice: !typo,
    canWatch: !typo,
  };
}
