'use server';
/**
 * The public check, as a server action: parse with the shared schema, call the data layer,
 * return a small view with dates already formatted in Asia/Almaty on the server (browsers lack
 * Kazakh date formats), and the result card rendered here (a server component: its messages and
 * code never reach the browser). Failures are codes, never messages: the client translates them.
 */
import { createElement, type ReactNode } from 'react';
import { getFormatter } from 'next-intl/server';
import { hasLocale, type Locale } from 'next-intl';
import { checkFormSchema } from '@/lib/schemas/check-form';
import { checkImei } from '@/lib/data/check-imei';
import { actionFailure, fail, invalid, type Failure } from '../_lib/server-action';
import { clearLimit, take } from '@/lib/data/rate-limits';
import { requestIp } from '@/lib/data/request-ip';
import { newChallenge, spendSolution } from '@/lib/data/challenges';
import { db } from '@/lib/data/prisma';
import { clockTime } from '../_lib/clock-time';
import { routing } from '@/lib/i18n/routing';
import { config } from '@/lib/config';
import type { Verdict } from '@/lib/domain/verdict';
import { ResultCard } from '../_components/result-card';
import { presentResult } from '@/lib/domain/result-view';

export type CheckView = Pick<
  Verdict,
  'imei' | 'list' | 'reasons' | 'checks' | 'blacklistReasons' | 'device'
> & {
  window: { started: boolean; deadlineText: string | null; daysLeft: number | null } | null;
  checkedAtText: string;
  windowDays: number;
  cutoffText: string;
};

/** The proof-of-work challenge the widget solves (altcha-lib's JSON), and until when a person without JavaScript waits instead. */
export type ChallengeAsk = { challenge: unknown; retryAtText: string; problem: string | null };

export type CheckActionResult =
  | { ok: true; card: ReactNode; watchImei: string | null }
  | (Failure<'CHALLENGE_REQUIRED'> & { ask: ChallengeAsk })
  | (Failure & { retryAtText?: string });

/**
 * The limits before a check (per client address, lib/data/rate-limits.ts): past the hard ceiling
 * "try again after HH:MM"; past the lower threshold the proof-of-work challenge, unless the form
 * carries a solution that verifies (new, unexpired, never used), which starts the threshold again.
 */
async function admit(form: FormData, locale: Locale): Promise<CheckActionResult | null> {
  const ip = await requestIp();
  const hard = await take('checksPerAddress', ip);
  if (!hard.ok)
    return { ...fail('TOO_MANY_CHECKS'), retryAtText: await clockTime(locale, hard.retryAt) };
  const payload = form.get('altcha');
  let problem: string | null = null;
  if (typeof payload === 'string' && payload !== '') {
    const spent = await spendSolution(await db(), payload);
    if (spent.ok) {
      await clearLimit('checkChallengePerAddress', ip);
      await take('checkChallengePerAddress', ip);
      return null;
    }
    problem = spent.code;
  }
  const soft = await take('checkChallengePerAddress', ip);
  if (soft.ok) return null;
  return {
    ...fail('CHALLENGE_REQUIRED'),
    ask: {
      challenge: await newChallenge(),
      retryAtText: await clockTime(locale, soft.retryAt),
      problem,
    },
  };
}

/** For useActionState and a plain HTML form post (it works before the page's script has loaded). */
export async function checkImeiAction(
  _previous: CheckActionResult | null,
  form: FormData,
): Promise<CheckActionResult> {
  const locale = String(form.get('locale') ?? '');
  const parsed = checkFormSchema.safeParse({ imei: form.get('imei') ?? undefined });
  if (!parsed.success) return invalid(parsed.error);
  const loc = hasLocale(routing.locales, locale) ? locale : routing.defaultLocale;
  try {
    const refused = await admit(form, loc);
    if (refused) return refused;
    const outcome = await checkImei(parsed.data.imei);
    if (!outcome.ok) return fail('INVALID_INPUT', { imei: [outcome.code] });
    const v = outcome.verdict;
    const format = await getFormatter({ locale: loc });
    const when = (d: Date) => format.dateTime(d, 'dayTimeLong');
    const rules = config().rules;
    const view: CheckView = {
      imei: v.imei,
      list: v.list,
      reasons: v.reasons,
      checks: v.checks,
      blacklistReasons: v.blacklistReasons,
      device: v.device,
      window: v.window && {
        started: v.window.started,
        deadlineText: v.window.deadline ? when(v.window.deadline) : null,
        daysLeft: v.window.daysLeft,
      },
      checkedAtText: when(new Date()),
      windowDays: rules.greyWindowDays,
      cutoffText: format.dateTime(rules.grandfatherCutoff, 'dayNumeric'),
    };
    // "Tell me when the list changes" is offered for a real IMEI only (not for a likely typo).
    const watchImei = presentResult(view).canWatch ? view.imei : null;
    return { ok: true, card: createElement(ResultCard, { view, locale: loc }), watchImei };
  } catch (e) {
    // No details to the client (and no IMEI in the log: the owner's device is not our log's business).
    return actionFailure('check failed', e);
  }
}
