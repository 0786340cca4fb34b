import type { Locale } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { RESPOND_DAYS } from '@/lib/data/applications';
import type { StaffApplicationView } from '@/lib/data/admin';
import { REJECTION_REASONS } from '@/lib/domain/rejection-reasons';
import { DAY_MS, kzDay } from '@/lib/domain/time';
import { SchemaForm } from '../../../../../_components/schema-form';
import { decideAction } from '../../../../../_actions/admin';
import { ApproveForm } from './approve-form';

/** The decisions on an open application: approve (after a question), reject with a reason, or ask for more. */
export async function DecisionPanel({ a, locale }: { a: StaffApplicationView; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: 'admin' });
  const trr = await getTranslations({ locale, namespace: 'rejectionReasons' });
  const hidden = { reference: a.reference, version: String(a.version) };
  return (
    <section className="panel decision-panel" aria-labelledby="decide">
      <h2 id="decide">{t('decision')}</h2>
      <h3>{t('approve')}</h3>
      <ApproveForm
        schema="decision"
        action={decideAction}
        testId="approve"
        hidden={{ ...hidden, kind: 'approve' }}
        submitLabel={t('approve')}
        successMessage={t('decided')}
        fields={[{ name: 'note', label: t('note'), type: 'textarea', optional: true }]}
        question={t('approveConfirm', { reference: a.reference, count: a.devices.length })}
        yes={t('approveYes')}
        cancel={t('cancel')}
      />
      <h3>{t('reject')}</h3>
      <SchemaForm
        schema="decision"
        action={decideAction}
        testId="reject"
        danger
        hidden={{ ...hidden, kind: 'reject' }}
        submitLabel={t('reject')}
        successMessage={t('decided')}
        fields={[
          {
            name: 'reason',
            label: t('rejectReason'),
            type: 'select',
            options: REJECTION_REASONS.map((r) => ({ value: r, label: trr(r) })),
          },
          {
            name: 'note',
            label: t('noteToOwner'),
            type: 'textarea',
            optional: true,
            hint: t('noteHint'),
          },
        ]}
      />
      <h3>{t('requestInfo')}</h3>
      <SchemaForm
        schema="decision"
        action={decideAction}
        testId="request-info"
        hidden={{ ...hidden, kind: 'request-info' }}
        submitLabel={t('requestInfo')}
        successMessage={t('decided')}
        fields={[
          { name: 'note', label: t('whatToAdd'), type: 'textarea', hint: t('noteHint') },
          {
            name: 'respondBy',
            label: t('respondBy'),
            type: 'date',
            hint: t('respondByHint'),
            defaultValue: kzDay(new Date(Date.now() + RESPOND_DAYS * DAY_MS)),
          },
        ]}
      />
    </section>
  );
}
