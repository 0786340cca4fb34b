import type { Locale } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import type { CheckView } from '../_actions/check-imei';
import { presentResult } from '@/lib/domain/result-view';
import { ListIcon, OutcomeIcon } from './list-icon';
import { Link } from '@/lib/i18n/navigation';

const CHECKS = ['authenticity', 'gsmaBlacklist', 'importLegality'] as const;

/**
 * The verdict for one IMEI, rendered on the server (the check action returns it): what a phone's
 * first screen needs first (a typing check for a wrong check digit, else the list; the deadline;
 * the next action), then the model, then the three checks and every reason folded below.
 * What is shown in which case is decided by lib/domain/result-view.ts. "Tell me when this device's
 * list changes" (a client component) is added after it by the check form: a client component
 * returned by a server action must already be in the page's client manifest.
 */
export async function ResultCard({ view, locale }: { view: CheckView; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: 'result' });
  const tr = await getTranslations({ locale, namespace: 'reasons' });
  const tb = await getTranslations({ locale, namespace: 'blacklistReasons' });
  const days = view.windowDays;
  const p = presentResult(view);
  const typo = p.lead === 'CHECK_TYPING';

  return (
    <section
      className={`result result-${view.list.toLowerCase()}`}
      aria-labelledby="result-heading"
      data-testid="result"
      data-list={view.list}
      data-lead={p.lead}
    >
      <h2 id="result-heading" tabIndex={-1} className="result-heading">
        {t('heading')}
      </h2>
      <p className="result-imei">
        {t('imeiLabel')}: <span className="mono">{view.imei}</span>
      </p>

      {typo && (
        <div className="callout callout-check" data-testid="check-typing">
          <p className="callout-title">{t('typoTitle')}</p>
          <p>{t('typoText')}</p>
          <p>
            <a href="#imei" data-testid="check-again">
              {t('checkAgain')}
            </a>
          </p>
        </div>
      )}

      <div className="verdict" data-testid="verdict">
        <ListIcon list={view.list} size={typo ? 28 : 40} />
        <div>
          <p className={typo ? 'verdict-list verdict-list-small' : 'verdict-list'}>
            <span className="visually-hidden">{t('listLabel')}: </span>
            {t(`lists.${view.list}`)}
          </p>
          <p className="verdict-summary" data-testid={typo ? 'typo-if-real' : undefined}>
            {typo ? t('typoIfReal') : t(`summary.${view.list}`, { days })}
          </p>
        </div>
      </div>

      {p.window && (
        <div className="window" data-testid="grey-window">
          <h3>{t('greyTitle')}</h3>
          {p.window === 'NOT_STARTED' && (
            <p data-testid="window-not-started">{t('windowNotStarted', { days })}</p>
          )}
          {(p.window === 'OPEN' || p.window === 'PAST_UNDER_REVIEW') &&
            view.window?.deadlineText && (
              <p data-testid="deadline">{t('deadline', { date: view.window.deadlineText })}</p>
            )}
          {p.window === 'OPEN' && p.daysLeft !== null && (
            <p className="days-left" data-testid="days-left">
              {t('daysLeft', { count: p.daysLeft })}
            </p>
          )}
          {p.window === 'EXPIRED' && view.window?.deadlineText && (
            <p data-testid="expired">{t('expired', { date: view.window.deadlineText })}</p>
          )}
          {p.underReview && <p data-testid="under-review">{t('underReview')}</p>}
        </div>
      )}

      <div className="next" data-testid="next">
        <h3>{t('nextTitle')}</h3>
        <p data-testid="next-step">{t(`next.${p.next}`)}</p>
        {p.canApply && (
          <>
            <p>
              <Link
                href={{ pathname: '/apply', query: { imei: view.imei } }}
                className="button"
                data-testid="apply-link"
              >
                {t('applyLink')}
              </Link>
            </p>
            <details className="prepare-details" data-testid="prepare">
              <summary>{t('prepareSummary')}</summary>
              <ul className="prepare">
                <li>{t('prepare.receipt')}</li>
                <li>{t('prepare.customs')}</li>
                <li>{t('prepare.shipping')}</li>
                <li>{t('prepare.travel')}</li>
                <li>{t('prepare.identity')}</li>
              </ul>
            </details>
          </>
        )}
      </div>

      {p.showDevice && (
        <>
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
        </>
      )}

      <details className="result-details" data-testid="details">
        <summary>{t('detailsSummary')}</summary>
        <h3>{t('checksTitle')}</h3>
        <ul className="checks">
          {CHECKS.map((c) => (
            <li key={c} data-testid={`check-${c}`} data-outcome={view.checks[c]}>
              <OutcomeIcon outcome={view.checks[c]} />
              <span className="check-name">{t(`checks.${c}`)}</span>
              <span className={`check-outcome outcome-${view.checks[c].toLowerCase()}`}>
                {t(`outcome.${view.checks[c]}`)}
              </span>
            </li>
          ))}
        </ul>
        <h3>{t('reasonsTitle')}</h3>
        <ul className="reasons">
          {view.reasons.map((code) => (
            <li key={code} data-reason={code}>
              {tr(code, { days, cutoff: view.cutoffText })}
              {code === 'GSMA_BLACKLISTED' && view.blacklistReasons.length > 0 && (
                <>
                  {' '}
                  {t('blacklistReasonsLabel', {
                    reasons: view.blacklistReasons.map((r) => tb(r)).join(', '),
                  })}
                </>
              )}
            </li>
          ))}
        </ul>
      </details>

      <p className="checked-at">{t('checkedAt', { time: view.checkedAtText })}</p>
    </section>
  );
}
