import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { labelOf } from '@/lib/i18n/message-keys';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import { getApplicationForStaff } from '@/lib/data/admin';
import { db } from '@/lib/data/prisma';
import { reasonArgs } from '../../../../_lib/reason-args';
import { OPEN_STATUSES } from '@/lib/data/applications';
import { REJECTION_REASONS } from '@/lib/domain/rejection-reasons';
import { formatKzMobile } from '@/lib/domain/phone';
import { DAY_MS, kzDay } from '@/lib/domain/time';
import { OutboxTable } from '../../../../_components/outbox-table';
import { outboxRowViews } from '../../../../_lib/outbox-view';
import { RESPOND_DAYS } from '@/lib/data/applications';
import { ListIcon } from '../../../../_components/list-icon';
import { ActionButton, SchemaForm } from '../../../../_components/schema-form';
import { assignAction, decideAction } from '../../../../_actions/admin';

/** One application in full, for support staff: applicant, documents, devices' verdicts, decisions. */
export default async function StaffApplicationPage({ params }: PageProps<'/[locale]/admin/applications/[reference]'>) {
  const { locale, reference } = await params;
  setPageLocale(locale);
  const staff = await requireStaffPage(locale, 'support');
  const a = await getApplicationForStaff(await db(), staff, decodeURIComponent(reference));
  if (!a) notFound();
  const t = await getTranslations({ locale, namespace: 'admin' });
  const ts = await getTranslations({ locale, namespace: 'status' });
  const tl = await getTranslations({ locale, namespace: 'result.lists' });
  const tr = await getTranslations({ locale, namespace: 'reasons' });
  const tf = await getTranslations({ locale, namespace: 'fields' });
  const tap = await getTranslations({ locale, namespace: 'apply.arrival' });
  const trr = await getTranslations({ locale, namespace: 'rejectionReasons' });
  const format = await getFormatter({ locale });
  const args = await reasonArgs(locale);
  const when = (d: Date) => format.dateTime(d, 'dayTime');
  const day = (d: Date) => format.dateTime(d, 'day');
  const country = new Intl.DisplayNames([locale], { type: 'region' });
  const open = OPEN_STATUSES.includes(a.status);
  const decisionHidden = { reference: a.reference, version: String(a.version) };

  return (
    <>
      <p>
        <Link href="/admin">← {t('navQueue')}</Link>
      </p>
      <h1>
        {t('applicationTitle')} <span className="mono">{a.reference}</span>
      </h1>
      <p data-testid="application-state" data-status={a.status}>
        <strong>{ts(`statuses.${a.status}`)}</strong> · {t('filedAt', { date: when(a.filedAt) })}
        {a.assignedTo && <> · {t('assignedTo', { email: a.assignedTo })}</>}
        {a.status === 'INFO_REQUESTED' && a.respondBy && (
          <>
            {' · '}
            <span className={a.overdue ? 'overdue' : undefined} data-testid="respond-by" data-overdue={a.overdue || undefined}>
              {a.overdue ? t('respondByOverdue', { date: day(a.respondBy) }) : `${t('respondBy')}: ${day(a.respondBy)}`}
            </span>
          </>
        )}
      </p>
      {open && a.assignedTo !== staff.email && (
        <ActionButton action={assignAction} values={decisionHidden} label={t('assignToMe')} testId="assign" secondary />
      )}

      <section className="panel" aria-labelledby="applicant">
        <h2 id="applicant">{t('applicant')}</h2>
        <dl className="summary">
          <div className="summary-row"><dt>{tf('fullName')}</dt><dd>{a.applicant.fullName}</dd></div>
          <div className="summary-row"><dt>{tf('iin')}</dt><dd className="mono">{a.applicant.iin}</dd></div>
          <div className="summary-row"><dt>{tf('phone')}</dt><dd>{formatKzMobile(a.applicant.phone)}</dd></div>
          <div className="summary-row">
            <dt>{t('possession')}</dt>
            <dd data-testid="possession" data-proven={a.applicant.possessionProven}>
              {a.applicant.possessionProven ? t('possessionProvenLong') : t('possessionNotProvenLong')}
            </dd>
          </div>
          {a.applicant.email && <div className="summary-row"><dt>{tf('email')}</dt><dd>{a.applicant.email}</dd></div>}
          <div className="summary-row"><dt>{tf('arrivalMethod')}</dt><dd>{labelOf(tap, a.arrival.method)}</dd></div>
          {a.arrival.trackingNumber && <div className="summary-row"><dt>{tf('trackingNumber')}</dt><dd className="mono">{a.arrival.trackingNumber}</dd></div>}
          {a.arrival.explanation && <div className="summary-row"><dt>{tf('arrivalExplanation')}</dt><dd>{a.arrival.explanation}</dd></div>}
          {a.arrival.entryDate && <div className="summary-row"><dt>{tf('entryDate')}</dt><dd>{day(a.arrival.entryDate)}</dd></div>}
          <div className="summary-row"><dt>{tf('purchaseCountry')}</dt><dd>{a.arrival.purchaseCountry ? country.of(a.arrival.purchaseCountry) : '—'}</dd></div>
          {a.arrival.customsDeclaration && <div className="summary-row"><dt>{tf('customsDeclaration')}</dt><dd className="mono">{a.arrival.customsDeclaration}</dd></div>}
          <div className="summary-row"><dt>{t('ownerLanguage')}</dt><dd>{a.locale === 'ru' ? 'Русский' : 'Қазақша'}</dd></div>
        </dl>
      </section>

      <section className="panel" aria-labelledby="devices">
        <h2 id="devices">{t('devicesNow')}</h2>
        <ul className="checks">
          {a.devices.map((d) => (
            <li key={d.slot} data-testid={`device-${d.slot}`} data-list={d.verdict.list}>
              <ListIcon list={d.verdict.list} size={20} />
              <span>
                <Link href={`/admin/devices/${d.imei}`} className="mono">{d.imei}</Link> · <strong>{tl(d.verdict.list)}</strong>
                <br />
                <span className="hint">{d.verdict.reasons.map((r) => tr(r, args)).join(' ')}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="docs">
        <h2 id="docs">{t('documents')}</h2>
        {a.documents.length === 0 && <p>{t('noDocuments')}</p>}
        {a.documents.map((d) => (
          <figure key={d.id} className="document" data-testid="document">
            <figcaption>
              <a href={`/api/admin/documents/${d.id}`} target="_blank" rel="noopener">{d.name}</a>{' '}
              <span className="hint">{t('documentMeta', { kb: Math.max(1, Math.round(d.size / 1024)), type: d.mimeType, date: when(d.uploadedAt) })}</span>
            </figcaption>
            {d.mimeType === 'application/pdf' ? (
              <iframe src={`/api/admin/documents/${d.id}`} title={d.name} className="document-frame" />
            ) : (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={`/api/admin/documents/${d.id}`} alt={d.name} className="document-image" />
            )}
          </figure>
        ))}
      </section>

      <section className="panel" aria-labelledby="history">
        <h2 id="history">{ts('timeline')}</h2>
        <ol className="timeline">
          {a.events.map((e, i) => (
            <li key={i}>
              <span className="timeline-when">{when(e.at)} · {e.actor}</span>
              {labelOf(ts, `events.${e.type}`)}
              {e.reason && <> · {labelOf(trr, e.reason)}</>}
              {e.note && <span className="note"> · {e.note}</span>}
            </li>
          ))}
        </ol>
      </section>

      <section className="panel" aria-labelledby="messages">
        <h2 id="messages">{t('messagesTitle')}</h2>
        <OutboxTable rows={await outboxRowViews(a.messages, locale)} caption={t('messagesTitle')} showApplication={false} />
      </section>

      {open ? (
        <section className="panel" aria-labelledby="decide">
          <h2 id="decide">{t('decision')}</h2>
          <h3>{t('approve')}</h3>
          <SchemaForm schema="decision" action={decideAction} testId="approve" hidden={{ ...decisionHidden, kind: 'approve' }} submitLabel={t('approve')} successMessage={t('decided')}
            fields={[{ name: 'note', label: t('note'), type: 'textarea', optional: true }]} />
          <h3>{t('reject')}</h3>
          <SchemaForm schema="decision" action={decideAction} testId="reject" danger hidden={{ ...decisionHidden, kind: 'reject' }} submitLabel={t('reject')} successMessage={t('decided')}
            fields={[
              { name: 'reason', label: t('rejectReason'), type: 'select', options: REJECTION_REASONS.map((r) => ({ value: r, label: trr(r) })) },
              { name: 'note', label: t('noteToOwner'), type: 'textarea', optional: true, hint: t('noteHint') },
            ]} />
          <h3>{t('requestInfo')}</h3>
          <SchemaForm schema="decision" action={decideAction} testId="request-info" hidden={{ ...decisionHidden, kind: 'request-info' }} submitLabel={t('requestInfo')} successMessage={t('decided')}
            fields={[
              { name: 'note', label: t('whatToAdd'), type: 'textarea', hint: t('noteHint') },
              { name: 'respondBy', label: t('respondBy'), type: 'date', hint: t('respondByHint', { days: RESPOND_DAYS }), defaultValue: kzDay(new Date(Date.now() + RESPOND_DAYS * DAY_MS)) },
            ]} />
        </section>
      ) : (
        a.decisionReason && (
          <p>
            {t('decidedWith', { reason: labelOf(trr, a.decisionReason) })} {a.decisionNote}
          </p>
        )
      )}
    </>
  );
}
