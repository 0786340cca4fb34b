/**
 * What support staff see and do: the review queue, an application in full, decisions, documents,
 * and a device's whole record. Every function takes the signed-in Staff and checks the role
 * itself, so a page or action that forgot its own check still fails closed.
 */
import 'server-only';
import { cleanFileName } from '../domain/documents';
import { retryTransaction, type Db } from './prisma';
import type { Staff } from './staff';
import { audit } from './audit';
import { APPLICATION_DETAIL, decideApplication, OPEN_STATUSES, type Decision, type DecideResult } from './applications';
import { loadDeviceFacts } from './device-facts';
import { documentPath } from './document-store';
import { config } from '../config';
import { parseImei } from '../domain/imei';
import { parseReference } from '../domain/reference';
import { roleAllows, type StaffRole } from '../domain/staff-rules';
import { greyDeadline, verify, PROOF_STATUSES, type ProofStatus, type Verdict } from '../domain/verdict';
import { listHistory, type ListChange } from '../domain/list-history';
import { applicationMessages, listOutbox, OUTBOX_STATES, smsCeiling, type OutboxRow, type OutboxState } from '../notify/outbox';

export class Forbidden extends Error {}

function assertRole(staff: Staff | null, role: StaffRole): asserts staff is Staff {
  if (!staff || !roleAllows(staff.role, role)) throw new Forbidden('forbidden');
}

export type QueueRow = {
  reference: string;
  status: ProofStatus;
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
export function isOverdue(a: { status: string; respondBy: Date | null }, now = new Date()): boolean {
  return a.status === 'INFO_REQUESTED' && a.respondBy !== null && a.respondBy.getTime() < now.getTime();
}

const PAGE_SIZE = 20;

async function rowsFor(prisma: Db, where: object, skip = 0, take = PAGE_SIZE): Promise<QueueRow[]> {
  const apps = await prisma.application.findMany({
    where,
    orderBy: [{ filedAt: 'asc' }, { id: 'asc' }],
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

/** Applications by status, oldest first, a page at a time. Without a status: the open ones. */
export async function listQueue(prisma: Db, staff: Staff | null, options: { status?: string; page?: number }) {
  assertRole(staff, 'support');
  const status = (PROOF_STATUSES as readonly string[]).includes(options.status ?? '') ? (options.status as ProofStatus) : null;
  const where = status ? { status } : { status: { in: OPEN_STATUSES } };
  const page = Math.max(1, options.page ?? 1);
  const [rows, total] = await Promise.all([rowsFor(prisma, where, (page - 1) * PAGE_SIZE), prisma.application.count({ where })]);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), status };
}

/** Search by reference, IMEI or IIN (the term never travels in a URL). */
export async function searchApplications(prisma: Db, staff: Staff | null, term: string): Promise<QueueRow[]> {
  assertRole(staff, 'support');
  const q = term.trim();
  const reference = parseReference(q);
  if (reference) return rowsFor(prisma, { reference });
  const digits = q.replace(/[\s.\-]/g, '');
  if (/^\d{12}$/.test(digits)) return rowsFor(prisma, { iin: digits }, 0, 50);
  const imei = parseImei(q, { allowImeisv: true });
  if (imei.ok) return rowsFor(prisma, { devices: { some: { identity: imei.value.identity } } }, 0, 50);
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
  applicant: { fullName: string; iin: string; phone: string; email: string | null; possessionProven: boolean };
  arrival: { method: string; trackingNumber: string | null; explanation: string | null; entryDate: Date | null; purchaseCountry: string; customsDeclaration: string | null };
  decisionReason: string | null;
  decisionNote: string | null;
  devices: { slot: number; imei: string; verdict: Verdict }[];
  documents: { id: number; name: string; size: number; mimeType: string; sha256: string; uploadedAt: Date }[];
  events: { at: Date; type: string; reason: string | null; note: string | null; actor: string }[];
  respondBy: Date | null;
  overdue: boolean;
  /** The messages sent to the owner about it (recipients masked by the page). */
  messages: OutboxRow[];
};

export async function getApplicationForStaff(prisma: Db, staff: Staff | null, referenceInput: string): Promise<StaffApplicationView | null> {
  assertRole(staff, 'support');
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
    devices.push({ slot: d.slot, imei: d.imei, verdict: verify(parsed.value, await loadDeviceFacts(prisma, d.identity), now, config().rules) });
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
    applicant: { fullName: a.fullName, iin: a.iin, phone: a.phone, email: a.email, possessionProven: a.possessionProven },
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
    documents: a.documents.map((d) => ({ id: d.id, name: cleanFileName(d.originalName), size: d.size, mimeType: d.mimeType, sha256: d.sha256, uploadedAt: d.uploadedAt })),
    events: a.events.map((e) => ({ at: e.at, type: e.type, reason: e.reason, note: e.note, actor: e.actor })),
    respondBy: a.respondBy,
    overdue: isOverdue(a, now),
    messages: await applicationMessages(prisma, a.id),
  };
}

/** The admin Outbox page: the latest messages, newest first, support and admin. */
export async function listOutboxForStaff(prisma: Db, staff: Staff | null, options: { page?: number; state?: string }) {
  assertRole(staff, 'support');
  const state = (OUTBOX_STATES as readonly string[]).includes(options.state ?? '') ? (options.state as OutboxState) : undefined;
  const page = Math.max(1, options.page ?? 1);
  const pageSize = 50;
  const { rows, total } = await listOutbox(prisma, { page, pageSize, state });
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / pageSize)), state: state ?? null };
}

/** For the banner on the admin home page while today's SMS ceiling is reached. */
export async function smsCeilingForStaff(prisma: Db, staff: Staff | null) {
  assertRole(staff, 'support');
  return smsCeiling(prisma);
}

export type AssignResult = { ok: true } | { ok: false; code: 'NOT_FOUND' | 'ALREADY_DECIDED' | 'CONFLICT' };

/** "Assign to me": the application is taken into review by this staff member. */
export async function assignToMe(prisma: Db, staff: (Staff & { ip?: string }) | null, referenceInput: string, expectedVersion: number, now = new Date()): Promise<AssignResult> {
  assertRole(staff, 'support');
  const reference = parseReference(referenceInput);
  if (!reference) return { ok: false, code: 'NOT_FOUND' };
  return retryTransaction(() => prisma.$transaction(async (tx) => {
    const a = await tx.application.findUnique({ where: { reference } });
    if (!a) return { ok: false, code: 'NOT_FOUND' } as const;
    if (!OPEN_STATUSES.includes(a.status as ProofStatus)) return { ok: false, code: 'ALREADY_DECIDED' } as const;
    const toReview = a.status === 'SUBMITTED';
    const updated = await tx.application.updateMany({
      where: { id: a.id, version: expectedVersion },
      data: { assignedToId: staff.id, status: toReview ? 'IN_REVIEW' : a.status, version: { increment: 1 } },
    });
    if (updated.count !== 1) return { ok: false, code: 'CONFLICT' } as const;
    if (toReview) await tx.applicationEvent.create({ data: { applicationId: a.id, at: now, type: 'IN_REVIEW', actor: staff.email } });
    await audit(tx, staff, { action: 'APPLICATION_ASSIGNED', target: reference, ip: staff.ip }, now);
    return { ok: true } as const;
  }));
}

export async function decideAsStaff(
  prisma: Db,
  staff: (Staff & { ip?: string }) | null,
  reference: string,
  decision: Decision,
  expectedVersion: number,
): Promise<DecideResult> {
  assertRole(staff, 'support');
  return decideApplication(prisma, reference, decision, { actor: { id: staff.id, email: staff.email }, ip: staff.ip, expectedVersion });
}

/** A filed document for viewing: checked, audited, and only then its path. */
export async function documentForStaff(prisma: Db, staff: (Staff & { ip?: string }) | null, documentId: number) {
  assertRole(staff, 'support');
  const d = await prisma.applicationDocument.findUnique({ where: { id: documentId }, include: { application: { select: { reference: true } } } });
  if (!d) return null;
  await audit(prisma, staff, { action: 'DOCUMENT_VIEWED', target: d.application.reference, details: `document ${d.id} (${d.mimeType})`, ip: staff.ip });
  return { path: documentPath(d.storedName), mimeType: d.mimeType, name: d.originalName, size: d.size };
}

export type DeviceRecord = {
  imei: string;
  verdict: Verdict;
  history: ListChange[];
  registrations: { firstSeenAt: Date; lastSeenAt: Date; operator: string; imsi: string; msisdn: string }[];
  legalRecords: { source: string; organisation: string; document: string; recordedAt: Date }[];
  blacklist: { reason: string; listedAt: Date; removedAt: Date | null }[];
  applications: { reference: string; status: string; filedAt: Date; decidedAt: Date | null }[];
};

/** Everything the database holds about one device. */
export async function deviceRecord(prisma: Db, staff: Staff | null, imeiInput: string): Promise<DeviceRecord | null> {
  assertRole(staff, 'support');
  const parsed = parseImei(imeiInput, { allowImeisv: true });
  if (!parsed.ok) return null;
  const identity = parsed.value.identity;
  const now = new Date();
  const [facts, registrations, legalRecords, blacklist, links] = await Promise.all([
    loadDeviceFacts(prisma, identity),
    prisma.networkRegistration.findMany({ where: { identity }, orderBy: { firstSeenAt: 'asc' }, take: 200 }),
    prisma.legalityRecord.findMany({ where: { identity }, orderBy: { recordedAt: 'asc' } }),
    prisma.blacklistEntry.findMany({ where: { identity }, orderBy: { listedAt: 'asc' } }),
    prisma.applicationDevice.findMany({ where: { identity }, include: { application: true } }),
  ]);
  const applications = links.map((l) => l.application).sort((a, b) => a.filedAt.getTime() - b.filedAt.getTime());
  const verdict = verify(parsed.value, facts, now, config().rules);
  const history = listHistory(
    parsed.value,
    { ...facts, proofs: applications.map((a) => ({ status: a.status as ProofStatus, filedAt: a.filedAt, decidedAt: a.decidedAt })) },
    now,
    config().rules,
  );
  return {
    imei: parsed.value.imei,
    verdict,
    history,
    registrations: registrations.map((r) => ({ firstSeenAt: r.firstSeenAt, lastSeenAt: r.lastSeenAt, operator: r.operator, imsi: r.imsi, msisdn: r.msisdn })),
    legalRecords: legalRecords.map((r) => ({ source: r.source, organisation: r.organisation, document: r.document, recordedAt: r.recordedAt })),
    blacklist: blacklist.map((b) => ({ reason: b.reason, listedAt: b.listedAt, removedAt: b.removedAt })),
    applications: applications.map((a) => ({ reference: a.reference, status: a.status, filedAt: a.filedAt, decidedAt: a.decidedAt })),
  };
}
