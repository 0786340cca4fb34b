/**
 * What staff see and do: the review queue, an application in full, decisions, documents, a
 * device's whole record, the outbox, the audit log and the feed imports. Every function takes the
 * Actor and authorises it itself (lib/domain/actor.ts), so a page or action that forgot its own
 * check still fails closed.
 */
import 'server-only';
import { cleanFileName } from '../domain/documents';
import { retryTransaction, type Db } from './prisma';
import {
  actorIp,
  auditActorOf,
  authorise,
  type Actor,
  type StaffActor,
  Forbidden,
} from '../domain/actor';
import {
  audit,
  listAudit,
  AUDIT_ACTOR_KINDS,
  type AuditActorFilter,
  type AuditFilters,
} from './audit';
import { APPLICATION_DETAIL, OPEN_STATUSES } from './applications';
import { loadDeviceFacts } from './device-facts';
import { documentPath } from './document-store';
import { config } from '../config';
import { parseImei } from '../domain/imei';
import { parseReference } from '../domain/reference';
import {
  greyDeadline,
  verify,
  PROOF_STATUSES,
  type ProofStatus,
  type Verdict,
} from '../domain/verdict';
import { listHistory, type ListChange } from '../domain/list-history';
import { DAY_MS, kzDay, parseKzInstant } from '../domain/time';
import {
  applicationMessages,
  listOutbox,
  OUTBOX_STATES,
  smsCeiling,
  type OutboxRow,
  type OutboxState,
} from '../notify/outbox';

export type QueueRow = {
  reference: string;
  status: ProofStatus;
  /** The applicant's name as filed (shown to staff, never put in a URL). */
  fullName: string;
  filedAt: Date;
  imeis: string[];
  deadline: Date | null;
  assignedTo: string | null;
  /** When more information was requested: the day to respond by, and whether it has passed. */
  respondBy: Date | null;
  overdue: boolean;
  /** The code went to a number the network saw in the device (else: phone verified only). */
  possessionProven: boolean;
};

/** More information requested and the respond-by date passed: staff see it as overdue. */
export function isOverdue(
  a: { status: string; respondBy: Date | null },
  now = new Date(),
): boolean {
  return (
    a.status === 'INFO_REQUESTED' && a.respondBy !== null && a.respondBy.getTime() < now.getTime()
  );
}

const PAGE_SIZE = 20;

async function rowsFor(
  prisma: Db,
  where: object,
  skip = 0,
  take = PAGE_SIZE,
  order: 'asc' | 'desc' = 'asc',
): Promise<QueueRow[]> {
  const apps = await prisma.application.findMany({
    where,
    orderBy: [{ filedAt: order }, { id: order }],
    skip,
    take,
    include: { devices: { orderBy: { slot: 'asc' } }, assignedTo: { select: { email: true } } },
  });
  const firsts = await prisma.networkRegistration.groupBy({
    by: ['identity'],
    where: { identity: { in: apps.flatMap((a) => a.devices.map((d) => d.identity)) } },
    _min: { firstSeenAt: true },
  });
  const first = new Map(firsts.map((f) => [f.identity, f._min?.firstSeenAt]));
  return apps.map((a) => {
    const seen = a.devices.map((d) => first.get(d.identity)).filter((d): d is Date => !!d);
    const earliest = seen.length ? new Date(Math.min(...seen.map((d) => d.getTime()))) : null;
    return {
      reference: a.reference,
      status: a.status as ProofStatus,
      fullName: a.fullName,
      filedAt: a.filedAt,
      imeis: a.devices.map((d) => d.imei),
      deadline: earliest ? greyDeadline(earliest, config().rules) : null,
      assignedTo: a.assignedTo?.email ?? null,
      respondBy: a.status === 'INFO_REQUESTED' ? a.respondBy : null,
      overdue: isOverdue(a),
      possessionProven: a.possessionProven,
    };
  });
}

/** The queue's filters: plain values, safe in a URL (no personal data). */
export const QUEUE_STATUS_FILTERS = ['open', 'all', ...PROOF_STATUSES] as const;
export type QueueStatusFilter = (typeof QUEUE_STATUS_FILTERS)[number];
/** How long ago it was filed, in Astana calendar days: today, 1 to 3, 4 to 7, more than 7. */
export const QUEUE_AGE_FILTERS = ['any', 'today', 'days1to3', 'days4to7', 'over7'] as const;
export type QueueAgeFilter = (typeof QUEUE_AGE_FILTERS)[number];
export const QUEUE_POSSESSION_FILTERS = ['any', 'proven', 'notProven'] as const;
export type QueuePossessionFilter = (typeof QUEUE_POSSESSION_FILTERS)[number];
export const QUEUE_SORTS = ['oldest', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export type QueueFilters = {
  status: QueueStatusFilter;
  age: QueueAgeFilter;
  possession: QueuePossessionFilter;
  sort: QueueSort;
};

const pick = <T extends string>(values: readonly T[], v: unknown, fallback: T): T =>
  (values as readonly unknown[]).includes(v) ? (v as T) : fallback;

/** The filters from a query string; anything unknown falls back to the default (open, any age, oldest first). */
export function parseQueueFilters(q: Record<string, unknown>): QueueFilters {
  return {
    status: pick(QUEUE_STATUS_FILTERS, q.status, 'open'),
    age: pick(QUEUE_AGE_FILTERS, q.age, 'any'),
    possession: pick(QUEUE_POSSESSION_FILTERS, q.possession, 'any'),
    sort: pick(QUEUE_SORTS, q.sort, 'oldest'),
  };
}

/** The start (00:00 in Astana) of the calendar day `days` days before `now`'s. */
function kzDayStart(now: Date, daysBefore: number): Date {
  return new Date(parseKzInstant(kzDay(now))!.getTime() - daysBefore * DAY_MS);
}

function filedWithin(age: QueueAgeFilter, now: Date): object | undefined {
  switch (age) {
    case 'today':
      return { gte: kzDayStart(now, 0) };
    case 'days1to3':
      return { gte: kzDayStart(now, 3), lt: kzDayStart(now, 0) };
    case 'days4to7':
      return { gte: kzDayStart(now, 7), lt: kzDayStart(now, 3) };
    case 'over7':
      return { lt: kzDayStart(now, 7) };
    default:
      return undefined;
  }
}

/** Applications by status, age and possession, oldest (or newest) first, a page at a time. */
export async function listQueue(
  prisma: Db,
  actor: Actor,
  options: Partial<QueueFilters> & { page?: number },
  now = new Date(),
) {
  authorise(actor, 'support');
  const filters = parseQueueFilters(options);
  const where: Record<string, unknown> = {};
  if (filters.status === 'open') where.status = { in: OPEN_STATUSES };
  else if (filters.status !== 'all') where.status = filters.status;
  const filedAt = filedWithin(filters.age, now);
  if (filedAt) where.filedAt = filedAt;
  if (filters.possession !== 'any') where.possessionProven = filters.possession === 'proven';
  const page = Math.max(1, options.page ?? 1);
  const [rows, total] = await Promise.all([
    rowsFor(
      prisma,
      where,
      (page - 1) * PAGE_SIZE,
      PAGE_SIZE,
      filters.sort === 'newest' ? 'desc' : 'asc',
    ),
    prisma.application.count({ where }),
  ]);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), filters };
}

/** Search by reference, IMEI or IIN (the term never travels in a URL). */
export async function searchApplications(
  prisma: Db,
  actor: Actor,
  term: string,
): Promise<QueueRow[]> {
  authorise(actor, 'support');
  const q = term.trim();
  const reference = parseReference(q);
  if (reference) return rowsFor(prisma, { reference });
  const digits = q.replace(/[\s.\-]/g, '');
  if (/^\d{12}$/.test(digits)) return rowsFor(prisma, { iin: digits }, 0, 50);
  const imei = parseImei(q, { allowImeisv: true });
  if (imei.ok)
    return rowsFor(prisma, { devices: { some: { identity: imei.value.identity } } }, 0, 50);
  return [];
}

export type StaffApplicationView = {
  id: number;
  reference: string;
  status: ProofStatus;
  version: number;
  locale: string;
  filedAt: Date;
  decidedAt: Date | null;
  assignedTo: string | null;
  applicant: {
    fullName: string;
    iin: string;
    phone: string;
    email: string | null;
    possessionProven: boolean;
  };
  arrival: {
    method: string;
    trackingNumber: string | null;
    explanation: string | null;
    entryDate: Date | null;
    purchaseCountry: string;
    customsDeclaration: string | null;
  };
  decisionReason: string | null;
  decisionNote: string | null;
  devices: { slot: number; imei: string; verdict: Verdict }[];
  documents: {
    id: number;
    name: string;
    size: number;
    mimeType: string;
    sha256: string;
    uploadedAt: Date;
  }[];
  events: { at: Date; type: string; reason: string | null; note: string | null; actor: string }[];
  respondBy: Date | null;
  overdue: boolean;
  /** The messages sent to the owner about it (recipients masked by the page). */
  messages: OutboxRow[];
};

export async function getApplicationForStaff(
  prisma: Db,
  actor: Actor,
  referenceInput: string,
): Promise<StaffApplicationView | null> {
  authorise(actor, 'support');
  const reference = parseReference(referenceInput);
  if (!reference) return null;
  const a = await prisma.application.findUnique({
    where: { reference },
    include: { ...APPLICATION_DETAIL, assignedTo: { select: { email: true } } },
  });
  if (!a) return null;
  const now = new Date();
  const devices = [];
  for (const d of a.devices) {
    const parsed = parseImei(d.imei);
    if (!parsed.ok) continue;
    devices.push({
      slot: d.slot,
      imei: d.imei,
      verdict: verify(parsed.value, await loadDeviceFacts(prisma, d.identity), now, config().rules),
    });
  }
  return {
    id: a.id,
    reference: a.reference,
    status: a.status as ProofStatus,
    version: a.version,
    locale: a.locale,
    filedAt: a.filedAt,
    decidedAt: a.decidedAt,
    assignedTo: a.assignedTo?.email ?? null,
    applicant: {
      fullName: a.fullName,
      iin: a.iin,
      phone: a.phone,
      email: a.email,
      possessionProven: a.possessionProven,
    },
    arrival: {
      method: a.arrivalMethod,
      trackingNumber: a.trackingNumber,
      explanation: a.arrivalExplanation,
      entryDate: a.entryDate,
      purchaseCountry: a.purchaseCountry,
      customsDeclaration: a.customsDeclaration,
    },
    decisionReason: a.decisionReason,
    decisionNote: a.decisionNote,
    devices,
    documents: a.documents.map((d) => ({
      id: d.id,
      name: cleanFileName(d.originalName),
      size: d.size,
      mimeType: d.mimeType,
      sha256: d.sha256,
      uploadedAt: d.uploadedAt,
    })),
    events: a.events.map((e) => ({
      at: e.at,
      type: e.type,
      reason: e.reason,
      note: e.note,
      actor: e.actor,
    })),
    respondBy: a.respondBy,
    overdue: isOverdue(a, now),
    messages: await applicationMessages(prisma, a.id),
  };
}

/** The admin Outbox page: the latest messages, newest first, support and admin. */
export async function listOutboxForStaff(
  prisma: Db,
  actor: Actor,
  options: { page?: number; state?: string },
) {
  authorise(actor, 'support');
  const state = (OUTBOX_STATES as readonly string[]).includes(options.state ?? '')
    ? (options.state as OutboxState)
    : undefined;
  const page = Math.max(1, options.page ?? 1);
  const pageSize = 50;
  const { rows, total } = await listOutbox(prisma, { page, pageSize, state });
  return {
    rows,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    state: state ?? null,
  };
}

/** For the banner on the admin home page while today's SMS ceiling is reached. */
export async function smsCeilingForStaff(prisma: Db, actor: Actor) {
  authorise(actor, 'support');
  return smsCeiling(prisma);
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit page's filters from its query string (closed values, a target's text, Astana days); unknown values are ignored. */
export function parseAuditFilters(
  q: Record<string, unknown>,
  actions: readonly string[],
): AuditFilters & { actorValue: string; fromDay: string; toDay: string } {
  const text = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim() : '');
  const action = actions.includes(text('action')) ? text('action') : undefined;
  const actorValue = text('actor');
  let actor: AuditActorFilter | undefined;
  const staffId = /^\d{1,9}$/.test(actorValue) ? Number(actorValue) : null;
  if (staffId) actor = { staffId };
  else if ((AUDIT_ACTOR_KINDS as readonly string[]).includes(actorValue))
    actor = { kind: actorValue as AuditActorFilter extends { kind: infer K } ? K : never };
  const target = text('target').slice(0, 100) || undefined;
  const day = (k: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(text(k)) && parseKzInstant(text(k)) ? text(k) : '';
  const fromDay = day('from');
  const toDay = day('to');
  return {
    action,
    actor,
    actorValue: actor ? actorValue : '',
    target,
    from: fromDay ? parseKzInstant(fromDay)! : undefined,
    to: toDay ? new Date(parseKzInstant(toDay)!.getTime() + DAY_MS) : undefined,
    fromDay,
    toDay,
  };
}

/** The audit log for administrators, filtered and a page at a time, with the accounts to filter by. */
export async function auditLogForStaff(
  prisma: Db,
  actor: Actor,
  options: AuditFilters & { page: number },
) {
  authorise(actor, 'admin');
  const page = Math.max(1, options.page);
  const [{ rows, total }, accounts] = await Promise.all([
    listAudit(prisma, { ...options, page, pageSize: AUDIT_PAGE_SIZE }),
    prisma.staffUser.findMany({ select: { id: true, email: true }, orderBy: { email: 'asc' } }),
  ]);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), accounts };
}

export type AssignResult =
  { ok: true } | { ok: false; code: 'NOT_FOUND' | 'ALREADY_DECIDED' | 'CONFLICT' };

/** "Assign to me": the application is taken into review by this staff member (a person, not a system actor). */
export async function assignToMe(
  prisma: Db,
  actor: StaffActor,
  referenceInput: string,
  expectedVersion: number,
  now = new Date(),
): Promise<AssignResult> {
  authorise(actor, 'support');
  if (actor.kind !== 'staff') throw new Forbidden();
  const reference = parseReference(referenceInput);
  if (!reference) return { ok: false, code: 'NOT_FOUND' };
  return retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      const a = await tx.application.findUnique({ where: { reference } });
      if (!a) return { ok: false, code: 'NOT_FOUND' } as const;
      if (!OPEN_STATUSES.includes(a.status as ProofStatus))
        return { ok: false, code: 'ALREADY_DECIDED' } as const;
      const toReview = a.status === 'SUBMITTED';
      const updated = await tx.application.updateMany({
        where: { id: a.id, version: expectedVersion },
        data: {
          assignedToId: actor.id,
          status: toReview ? 'IN_REVIEW' : a.status,
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) return { ok: false, code: 'CONFLICT' } as const;
      if (toReview)
        await tx.applicationEvent.create({
          data: { applicationId: a.id, at: now, type: 'IN_REVIEW', actor: actor.email },
        });
      await audit(
        tx,
        auditActorOf(actor),
        { action: 'APPLICATION_ASSIGNED', target: reference, ip: actor.ip },
        now,
      );
      return { ok: true } as const;
    }),
  );
}

/**
 * Requests for one document by one reviewer within this long are one view: a PDF viewer may ask
 * for a file more than once while showing it, and the "open in a new tab" link asks again.
 */
const ONE_VIEW_MS = 60_000;

/**
 * A filed document for viewing: checked, audited, and only then its path. The application page
 * loads a document only when the reviewer opens it (its viewer shows one at a time), so the log
 * holds one "document viewed" entry per document actually looked at, not one per page load.
 */
export async function documentForStaff(
  prisma: Db,
  actor: Actor,
  documentId: number,
  now = new Date(),
) {
  authorise(actor, 'support');
  const who = auditActorOf(actor);
  const d = await prisma.applicationDocument.findUnique({
    where: { id: documentId },
    include: { application: { select: { reference: true } } },
  });
  if (!d) return null;
  const details = `document ${d.id} (${d.mimeType})`;
  const seen = await prisma.auditEvent.findFirst({
    where: {
      action: 'DOCUMENT_VIEWED',
      actorId: who.id,
      actorEmail: who.email,
      target: d.application.reference,
      details,
      at: { gte: new Date(now.getTime() - ONE_VIEW_MS) },
    },
    select: { id: true },
  });
  if (!seen)
    await audit(
      prisma,
      who,
      { action: 'DOCUMENT_VIEWED', target: d.application.reference, details, ip: actorIp(actor) },
      now,
    );
  return {
    path: documentPath(d.storedName),
    mimeType: d.mimeType,
    name: d.originalName,
    size: d.size,
  };
}

export type DeviceRecord = {
  imei: string;
  verdict: Verdict;
  history: ListChange[];
  registrations: {
    firstSeenAt: Date;
    lastSeenAt: Date;
    operator: string;
    imsi: string;
    msisdn: string;
  }[];
  legalRecords: { source: string; organisation: string; document: string; recordedAt: Date }[];
  blacklist: { reason: string; listedAt: Date; removedAt: Date | null }[];
  applications: { reference: string; status: string; filedAt: Date; decidedAt: Date | null }[];
};

/** Everything the database holds about one device. */
export async function deviceRecord(
  prisma: Db,
  actor: Actor,
  imeiInput: string,
): Promise<DeviceRecord | null> {
  authorise(actor, 'support');
  const parsed = parseImei(imeiInput, { allowImeisv: true });
  if (!parsed.ok) return null;
  const identity = parsed.value.identity;
  const now = new Date();
  const [facts, registrations, legalRecords, blacklist, links] = await Promise.all([
    loadDeviceFacts(prisma, identity),
    prisma.networkRegistration.findMany({
      where: { identity },
      orderBy: { firstSeenAt: 'asc' },
      take: 200,
    }),
    prisma.legalityRecord.findMany({ where: { identity }, orderBy: { recordedAt: 'asc' } }),
    prisma.blacklistEntry.findMany({ where: { identity }, orderBy: { listedAt: 'asc' } }),
    prisma.applicationDevice.findMany({ where: { identity }, include: { application: true } }),
  ]);
  const applications = links
    .map((l) => l.application)
    .sort((a, b) => a.filedAt.getTime() - b.filedAt.getTime());
  const verdict = verify(parsed.value, facts, now, config().rules);
  const history = listHistory(
    parsed.value,
    {
      ...facts,
      proofs: applications.map((a) => ({
        status: a.status as ProofStatus,
        filedAt: a.filedAt,
        decidedAt: a.decidedAt,
      })),
    },
    now,
    config().rules,
  );
  return {
    imei: parsed.value.imei,
    verdict,
    history,
    registrations: registrations.map((r) => ({
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.lastSeenAt,
      operator: r.operator,
      imsi: r.imsi,
      msisdn: r.msisdn,
    })),
    legalRecords: legalRecords.map((r) => ({
      source: r.source,
      organisation: r.organisation,
      document: r.document,
      recordedAt: r.recordedAt,
    })),
    blacklist: blacklist.map((b) => ({
      reason: b.reason,
      listedAt: b.listedAt,
      removedAt: b.removedAt,
    })),
    applications: applications.map((a) => ({
      reference: a.reference,
      status: a.status,
      filedAt: a.filedAt,
      decidedAt: a.decidedAt,
    })),
  };
}

/** The history of feed imports, newest first (administrators). */
export async function listFeedImports(prisma: Db, actor: Actor) {
  authorise(actor, 'admin');
  return prisma.feedImport.findMany({
    orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
    take: 50,
  });
}
