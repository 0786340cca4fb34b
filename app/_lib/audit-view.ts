import 'server-only';
import type { Locale } from 'next-intl';
import { getFormatter, getTranslations } from 'next-intl/server';
import { KZ_TIME_ZONE } from '@/lib/domain/time';
import { PROOF_STATUSES } from '@/lib/domain/verdict';
import { REJECTION_REASONS } from '@/lib/domain/rejection-reasons';
import type { AuditRow } from '@/lib/data/audit';

/** Every action the audit log records (each has its name in admin.auditActions). */
export const AUDIT_ACTIONS = [
  'SIGN_IN',
  'SIGN_IN_FAILED',
  'SIGN_IN_THROTTLED',
  'SIGN_IN_THROTTLE_CLEARED',
  'SIGN_IN_PASSWORD_OK',
  'SIGN_OUT',
  'TWO_FACTOR_FAILED',
  'TWO_FACTOR_THROTTLED',
  'TWO_FACTOR_ENROLLED',
  'TWO_FACTOR_RECOVERY_CODES_REPLACED',
  'STAFF_TWO_FACTOR_RESET',
  'APPLICATION_ASSIGNED',
  'APPLICATION_DECIDED',
  'DOCUMENT_VIEWED',
  'FEED_IMPORTED',
  'FEED_REFUSED',
  'STAFF_CREATED',
  'STAFF_DISABLED',
  'STAFF_ENABLED',
  'STAFF_PASSWORD_RESET',
  'API_CLIENT_CREATED',
  'API_CLIENT_REVOKED',
  'SMS_CEILING_REACHED',
] as const;
type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** An audit row as the reader sees it: every part in their language, the address as people write it. */
export type AuditRowView = {
  id: number;
  action: string;
  atText: string;
  actor: string;
  what: string;
  details: string | null;
  target: string | null;
  ip: string | null;
};

/** An IPv4 client seen through an IPv6 socket (`::ffff:10.0.0.1`) is written as IPv4. */
export function plainAddress(ip: string | null): string | null {
  if (!ip) return null;
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return m ? m[1] : ip;
}

const DOCUMENT_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};
const FEED_KINDS = ['tac', 'gsma-blacklist', 'legal-imports', 'registrations'] as const;
const is = <T extends string>(values: readonly T[], v: string | undefined): v is T =>
  v !== undefined && (values as readonly string[]).includes(v);

/**
 * The audit log's rows in the reader's language. The log stores short technical details (the
 * writers are in lib/data); each known shape is read here and said in words, so a reader never
 * meets `REJECTED DOCUMENTS_MISMATCH` or `1 bad rows of 2`. A shape this module does not know
 * is shown as stored, rather than hidden.
 */
export async function auditRowViews(rows: AuditRow[], locale: Locale): Promise<AuditRowView[]> {
  const t = await getTranslations({ locale, namespace: 'admin' });
  const ts = await getTranslations({ locale, namespace: 'status.statuses' });
  const trr = await getTranslations({ locale, namespace: 'rejectionReasons' });
  const format = await getFormatter({ locale });

  const actor = (email: string) => {
    if (email === 'anonymous') return t('auditActors.anonymous');
    if (email === 'cli' || email === 'operator-cli') return t('auditActors.cli');
    if (email === 'system') return t('auditActors.system');
    if (email === 'owner') return t('auditActors.owner');
    return email;
  };

  const details = (action: string, d: string | null): string | null => {
    if (!d) return null;
    let m: RegExpExecArray | null;
    switch (action) {
      case 'APPLICATION_DECIDED': {
        const [status, reason] = d.split(' ');
        if (!is(PROOF_STATUSES, status)) return d;
        return is(REJECTION_REASONS, reason)
          ? t('auditDetails.decidedWithReason', { status: ts(status), reason: trr(reason) })
          : ts(status);
      }
      case 'DOCUMENT_VIEWED':
        if ((m = /^document (\d+) \(([^)]+)\)$/.exec(d)))
          return t('auditDetails.document', { id: m[1], type: DOCUMENT_TYPES[m[2]] ?? m[2] });
        return d;
      case 'FEED_IMPORTED':
        if ((m = /^(\d+) rows, (\d+) new or changed$/.exec(d)))
          return t('auditDetails.feedImported', { rows: Number(m[1]), changed: Number(m[2]) });
        return d;
      case 'FEED_REFUSED':
        if ((m = /^(\d+) bad rows of (\d+)$/.exec(d)))
          return t('auditDetails.feedRefused', { bad: Number(m[1]), rows: Number(m[2]) });
        return d;
      case 'STAFF_CREATED':
        if ((m = /^role (support|admin)$/.exec(d)))
          return t('auditDetails.role', { role: t(`roles.${m[1] as 'support' | 'admin'}`) });
        return d;
      case 'API_CLIENT_CREATED':
        if ((m = /^scopes (.+)$/.exec(d)))
          return t('auditDetails.scopes', { scopes: m[1].split(',').join(', ') });
        return d;
      case 'SIGN_IN_THROTTLE_CLEARED':
        if (d === 'all addresses') return t('allAddresses');
        if ((m = /^address (.+)$/.exec(d)))
          return t('auditDetails.address', { address: plainAddress(m[1]) ?? m[1] });
        return d;
      case 'SMS_CEILING_REACHED':
        if ((m = /^SMS_DAILY_LIMIT (\d+)$/.exec(d)))
          return t('auditDetails.smsLimit', { limit: Number(m[1]) });
        return d;
      case 'TWO_FACTOR_ENROLLED':
      case 'TWO_FACTOR_RECOVERY_CODES_REPLACED':
        if ((m = /^(\d+) recovery codes$/.exec(d)))
          return t('auditDetails.recoveryCodes', { count: Number(m[1]) });
        if (d === 'secret given to the command line tool') return t('auditDetails.secretFromCli');
        return d;
      case 'SIGN_IN':
        if (d === 'enrolled') return t('auditDetails.signInEnrolled');
        if ((m = /^recovery code, (\d+) left$/.exec(d)))
          return t('auditDetails.signInRecoveryCode', { count: Number(m[1]) });
        return d;
      case 'TWO_FACTOR_FAILED':
        if (d === 'enrolment') return t('auditDetails.failedEnrolment');
        if (d === 'wrong code') return t('auditDetails.wrongCode');
        if (d === 'code already used') return t('auditDetails.codeUsed');
        if (d === 'wrong recovery code') return t('auditDetails.wrongRecoveryCode');
        return d;
      default:
        return d;
    }
  };

  const target = (action: string, x: string | null): string | null => {
    if (!x) return null;
    if (action === 'FEED_IMPORTED' || action === 'FEED_REFUSED') {
      const [kind, ...file] = x.split(' ');
      if (is(FEED_KINDS, kind))
        return file.length
          ? `${t(`feedKinds.${kind}`)} · ${file.join(' ')}`
          : t(`feedKinds.${kind}`);
    }
    return x;
  };

  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    atText: format.dateTime(r.at, {
      dateStyle: 'medium',
      timeStyle: 'medium',
      timeZone: KZ_TIME_ZONE,
    }),
    actor: actor(r.actorEmail),
    what: is(AUDIT_ACTIONS, r.action) ? t(`auditActions.${r.action as AuditAction}`) : r.action,
    details: details(r.action, r.details),
    target: target(r.action, r.target),
    ip: plainAddress(r.ip),
  }));
}
