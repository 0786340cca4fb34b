'use client';
import { forwardRef } from 'react';
import { useTranslations } from 'next-intl';
import type { CheckView } from '../_actions/check-imei';
import { ListIcon, OutcomeIcon } from './list-icon';
import { Link } from '@/lib/i18n/navigation';
import { WatchDevice } from './watch-device';

const CHECKS = ['authenticity', 'gsmaBlacklist', 'importLegality'] as const;

/** The verdict for one IMEI: the list in words and icon, the three checks, every reason,
 *  the model, and for a grey device the deadline and the next step. */
export const ResultCard = forwardRef<HTMLHeadingElement, { view: CheckView }>(function ResultCard({ view }, headingRef) {
  const t = useTranslations('result');
  const tr = useTranslations('reasons');
  const tb = useTranslations('blacklistReasons');
  const days = view.windowDays;
  const invalid = view.reasons.includes('INVALID_CHECK_DIGIT');
  const underReview = view.reasons.includes('PROOF_UNDER_REVIEW');
  const expired = view.reasons.includes('GREY_PERIOD_EXPIRED');

  let next: string;
  if (view.list === 'WHITE') next = t('next.WHITE');
  else if (view.list === 'GREY') next = underReview ? t('next.GREY_UNDER_REVIEW') : t('next.GREY');
  else if (view.checks.authenticity === 'FAIL') next = t('next.AUTHENTICITY');
  else if (view.checks.gsmaBlacklist === 'FAIL') next = t('next.GSMA');
  else next = t('next.EXPIRED');

  return (
    <section className={`result result-${view.list.toLowerCase()}`} aria-labelledby="result-heading" data-testid="result" data-list={view.list}>
      <h2 id="result-heading" ref={headingRef} tabIndex={-1} className="result-heading">
        {t('heading')}
      </h2>
      <p className="result-imei">
        {t('imeiLabel')}: <span className="mono">{view.imei}</span>
      </p>

      {invalid && (
        <div className="callout callout-danger" data-testid="invalid-imei">
          <p className="callout-title">{t('invalidTitle')}</p>
          <p>{t('invalidText')}</p>
          <p>{t('invalidIfReal')}</p>
        </div>
      )}

      <div className="verdict" data-testid="verdict">
        <ListIcon list={view.list} size={40} />
        <div>
          <p className="verdict-list">
            <span className="visually-hidden">{t('listLabel')}: </span>
            {t(`lists.${view.list}`)}
          </p>
          <p className="verdict-summary">{t(`summary.${view.list}`, { days })}</p>
        </div>
      </div>

      {view.window && view.list !== 'WHITE' && (
        <div className="window" data-testid="grey-window">
          <h3>{t('greyTitle')}</h3>
          {!view.window.started && <p data-testid="window-not-started">{t('windowNotStarted', { days })}</p>}
          {view.window.started && view.window.deadlineText && !expired && (
            <>
              <p data-testid="deadline">{t('deadline', { date: view.window.deadlineText })}</p>
              {!underReview || (view.window.daysLeft ?? 0) > 0 ? (
                <p className="days-left" data-testid="days-left">{t('daysLeft', { count: view.window.daysLeft ?? 0 })}</p>
              ) : null}
            </>
          )}
          {expired && view.window.deadlineText && <p data-testid="expired">{t('expired', { date: view.window.deadlineText })}</p>}
          {underReview && <p data-testid="under-review">{t('underReview')}</p>}
        </div>
      )}

      <h3>{t('checksTitle')}</h3>
      <ul className="checks">
        {CHECKS.map((c) => (
          <li key={c} data-testid={`check-${c}`} data-outcome={view.checks[c]}>
            <OutcomeIcon outcome={view.checks[c]} />
            <span className="check-name">{t(`checks.${c}`)}</span>
            <span className={`check-outcome outcome-${view.checks[c].toLowerCase()}`}>{t(`outcome.${view.checks[c]}`)}</span>
          </li>
        ))}
      </ul>

      <h3>{t('reasonsTitle')}</h3>
      <ul className="reasons">
        {view.reasons.map((code) => (
          <li key={code} data-reason={code}>
            {tr(code, { days, cutoff: view.cutoffText })}
            {code === 'GSMA_BLACKLISTED' && view.blacklistReasons.length > 0 && (
              <> {t('blacklistReasonsLabel', { reasons: view.blacklistReasons.map((r) => tb(r)).join(', ') })}</>
            )}
          </li>
        ))}
      </ul>

      <h3>{t('deviceTitle')}</h3>
      {view.device ? (
        <>
          <p className="device" data-testid="device">
            <strong>{view.device.brand}</strong> {view.device.model}
          </p>
          <p className="hint">{t('deviceCompare')}</p>
        </>
      ) : (
        <p data-testid="device-unknown">{t('deviceUnknown')}</p>
      )}

      <h3>{t('nextTitle')}</h3>
      <p data-testid="next-step">{next}</p>
      {view.list === 'GREY' && !underReview && (
        <ul className="prepare">
          <li>{t('prepare.receipt')}</li>
          <li>{t('prepare.customs')}</li>
          <li>{t('prepare.shipping')}</li>
          <li>{t('prepare.travel')}</li>
          <li>{t('prepare.identity')}</li>
        </ul>
      )}
      {view.list === 'GREY' && !underReview && (
        <p>
          <Link href={{ pathname: '/apply', query: { imei: view.imei } }} className="button" data-testid="apply-link">
            {t('applyLink')}
          </Link>
        </p>
      )}
      {!invalid && <WatchDevice imei={view.imei} />}
      <p className="checked-at">{t('checkedAt', { time: view.checkedAtText })}</p>
    </section>
  );
});
