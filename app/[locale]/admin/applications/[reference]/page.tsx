import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { labelOf } from '@/lib/i18n/message-keys';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import { getApplicationForStaff } from '@/lib/data/admin';
import { OPEN_STATUSES } from '@/lib/data/applications';
import { db } from '@/lib/data/prisma';
import { ActionButton } from '../../../../_components/schema-form';
import { assignAction } from '../../../../_actions/admin';
import { ApplicantPanel } from './_parts/applicant-panel';
import { DecisionPanel } from './_parts/decision-panel';
import { DocumentViewer } from './_parts/document-viewer';
import { DevicesPanel, MessagesPanel, TimelinePanel } from './_parts/record-panels';
import { staffTitle } from '../../_lib/page-title';

const DOCUMENT_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

export async function generateMetadata({
  params,
}: PageProps<'/[locale]/admin/applications/[reference]'>) {
  return staffTitle(params, 'applicationTitle', decodeURIComponent((await params).reference));
}

/**
 * One application in full, for support staff. At desktop width a workspace: the documents on
 * the left, beside the applicant's data and the decision on the right, both in view at once;
 * the devices, the timeline and the messages below.
 */
export default async function StaffApplicationPage({
  params,
}: PageProps<'/[locale]/admin/applications/[reference]'>) {
  const { locale, reference } = await params;
  setPageLocale(locale);
  const staff = await requireStaffPage(locale, 'support');
  const a = await getApplicationForStaff(await db(), staff, decodeURIComponent(reference));
  if (!a) notFound();
  const t = await getTranslations({ locale, namespace: 'admin' });
  const ts = await getTranslations({ locale, namespace: 'status' });
  const trr = await getTranslations({ locale, namespace: 'rejectionReasons' });
  const format = await getFormatter({ locale });
  const when = (d: Date) => format.dateTime(d, 'dayTime');
  const day = (d: Date) => format.dateTime(d, 'day');
  const open = OPEN_STATUSES.includes(a.status);
  const n = a.documents.length;

  return (
    <>
      <p>
        <Link href="/admin">← {t('navQueue')}</Link>
      </p>
      <h1>
        {t('applicationTitle')} <span className="mono reference">{a.reference}</span>
      </h1>
      <p data-testid="application-state" data-status={a.status}>
        <strong>{ts(`statuses.${a.status}`)}</strong> · {t('filedAt', { date: when(a.filedAt) })}
        {a.assignedTo && <> · {t('assignedTo', { email: a.assignedTo })}</>}
        {a.status === 'INFO_REQUESTED' && a.respondBy && (
          <>
            {' · '}
            <span
              className={a.overdue ? 'overdue' : undefined}
              data-testid="respond-by"
              data-overdue={a.overdue || undefined}
            >
              {a.overdue
                ? t('respondByOverdue', { date: day(a.respondBy) })
                : `${t('respondBy')}: ${day(a.respondBy)}`}
            </span>
          </>
        )}
      </p>
      {open && a.assignedTo !== staff.email && (
        <ActionButton
          action={assignAction}
          values={{ reference: a.reference, version: String(a.version) }}
          label={t('assignToMe')}
          testId="assign"
          secondary
        />
      )}

      <div className="application-workspace">
        <div className="workspace-documents">
          <DocumentViewer
            documents={a.documents.map((d) => ({
              id: d.id,
              name: d.name,
              kind: d.mimeType === 'application/pdf' ? 'pdf' : 'image',
              meta: t('documentMeta', {
                kb: Math.max(1, Math.round(d.size / 1024)),
                type: DOCUMENT_TYPES[d.mimeType] ?? d.mimeType,
                date: when(d.uploadedAt),
              }),
            }))}
            labels={{
              title: t('documents'),
              none: t('noDocuments'),
              list: t('documentList'),
              previous: t('previousDocument'),
              next: t('nextDocument'),
              openInTab: t('openInNewTab'),
              positions: a.documents.map((_, i) =>
                t('documentPosition', { index: i + 1, count: n }),
              ),
              shortcuts: t('documentShortcuts'),
              shortcutsHint: t('documentShortcutsHint'),
            }}
          />
        </div>
        <div className="workspace-side">
          <ApplicantPanel a={a} locale={locale} />
          {open ? (
            <DecisionPanel a={a} locale={locale} />
          ) : (
            a.decisionReason && (
              <p className="panel">
                {t('decidedWith', { reason: labelOf(trr, a.decisionReason) })} {a.decisionNote}
              </p>
            )
          )}
        </div>
      </div>

      <DevicesPanel a={a} locale={locale} />
      <TimelinePanel a={a} locale={locale} />
      <MessagesPanel a={a} locale={locale} />
    </>
  );
}
