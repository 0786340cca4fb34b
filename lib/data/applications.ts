/**
 * Proofs of legal import: filing, following and deciding an application. The rules of who may
 * apply come from the verification module (proofEligibility), so the check page and the API
 * reflect an application the moment it is filed or decided.
 */
import { MARK_DIRTY_SQL, markDirty, prismaSql } from './device-lists';
import 'server-only';
import crypto from 'node:crypto';
import { Prisma } from '../generated/prisma/client';
import { retryTransaction, type Db } from './prisma';
import { loadDeviceFacts } from './device-facts';
import { commitStaged, discardStaged, DocumentRefused, stageDocuments, type StagedDocument } from './document-store';
import { config } from '../config';
import { parseImei } from '../domain/imei';
import { addWorkingDays, DAY_MS, endOfKzDay, kzDay, parseKzInstant } from '../domain/time';
import { notifyApplication } from '../notify/outbox';
import { makeReference, parseReference } from '../domain/reference';
import { proofEligibility, verify, type ProofStatus } from '../domain/verdict';
import type { ApplicationFormValues } from '../schemas/application-form';
import { normaliseKzMobile } from '../domain/phone';
import { audit, type AuditActor } from './audit';

import { REJECTION_REASONS, type RejectionReason } from '../domain/rejection-reasons';
export { REJECTION_REASONS, type RejectionReason };

export const OPEN_STATUSES: ProofStatus[] = ['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED'];

export type SubmitResult =
  | { ok: true; reference: string; repeated: boolean }
  | {
      ok: false;
      code: 'ALREADY_WHITE' | 'NOT_CURABLE' | 'WINDOW_EXPIRED' | 'APPLICATION_EXISTS' | 'DOCUMENT_EMPTY' | 'DOCUMENT_TOO_LARGE' | 'DOCUMENT_TYPE';
      field: string;
      reference?: string;
    };

function isUniqueViolation(e: unknown, field?: string): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== 'P2002') return false;
  if (!field) return true;
  return JSON.stringify(e.meta ?? {}).includes(field);
}

/** Writes the files to incoming/, or says which one was refused and why. */
async function stage(
  files: File[],
): Promise<{ ok: true; staged: StagedDocument[] } | { ok: false; code: DocumentRefused['code']; field: string }> {
  try {
    return { ok: true, staged: await stageDocuments(files) };
  } catch (e) {
    if (e instanceof DocumentRefused) return { ok: false, code: e.code, field: `documents.${e.index}` };
    throw e;
  }
}

/**
 * After the records are committed: move the files into place. Should the move fail, the files
 * stay in incoming/, where documentPath() finds them too; the committed record is never undone.
 */
async function commitStagedOrKeep(staged: StagedDocument[]): Promise<void> {
  try {
    await commitStaged(staged);
  } catch {
    console.error('moving filed documents into place failed; they remain in incoming/');
  }
}

/** The database row of a staged document. */
function documentRow(s: StagedDocument, now: Date) {
  return { storedName: s.storedName, originalName: s.originalName, size: s.size, mimeType: s.mimeType, sha256: s.sha256, uploadedAt: now };
}

function newReference(): string {
  return makeReference(Array.from({ length: 7 }, () => crypto.randomInt(30)));
}

async function existingByKey(prisma: Db | Prisma.TransactionClient, key: string) {
  return prisma.application.findUnique({ where: { idempotencyKey: key }, select: { reference: true } });
}

/**
 * Files an application for one device (IMEI 1 and, for a dual-SIM phone, IMEI 2), atomically with
 * its documents. A repeated submission with the same idempotency key returns the first reference.
 */
export async function submitApplication(
  prisma: Db,
  values: ApplicationFormValues,
  files: File[],
  options: { locale: string; now?: Date },
): Promise<SubmitResult> {
  const now = options.now ?? new Date();
  const repeat = await existingByKey(prisma, values.idempotencyKey);
  if (repeat) return { ok: true, reference: repeat.reference, repeated: true };

  const imeis = [values.imei1, values.imei2].filter(Boolean).map((raw) => {
    const p = parseImei(raw);
    if (!p.ok) throw new Error('validated IMEI failed to parse');
    return p.value;
  });

  // The rules first, before any file is written.
  for (const [i, parsed] of imeis.entries()) {
    const field = i === 0 ? 'imei1' : 'imei2';
    const open = await prisma.applicationDevice.findUnique({
      where: { openIdentity: parsed.identity },
      select: { application: { select: { reference: true, iin: true } } },
    });
    // The existing reference is shown to its own applicant only: knowing an IMEI is not enough.
    if (open) return { ok: false, code: 'APPLICATION_EXISTS', field, reference: open.application.iin === values.iin ? open.application.reference : undefined };
    const verdict = verify(parsed, await loadDeviceFacts(prisma, parsed.identity), now, config().rules);
    const eligible = proofEligibility(verdict);
    if (!eligible.ok) return { ok: false, code: eligible.code, field };
  }

  const stagedOrRefused = await stage(files);
  if (!stagedOrRefused.ok) return stagedOrRefused;
  const staged = stagedOrRefused.staged;

  const phone = normaliseKzMobile(values.phone);
  for (let attempt = 0; ; attempt++) {
    const reference = newReference();
    try {
      // The application and the mark that its devices' lists need a look, in one transaction.
      await prisma.$transaction([
        prisma.application.create({
          data: {
            reference,
            idempotencyKey: values.idempotencyKey,
            status: 'SUBMITTED',
            locale: options.locale,
            fullName: values.fullName,
            iin: values.iin,
            phone: phone.ok ? phone.e164 : values.phone,
            email: values.email || null,
            arrivalMethod: values.arrivalMethod,
            trackingNumber: values.arrivalMethod === 'POST' ? values.trackingNumber : null,
            arrivalExplanation: values.arrivalExplanation || null,
            entryDate: parseKzInstant(values.entryDate),
            purchaseCountry: values.purchaseCountry,
            customsDeclaration: values.customsDeclaration || null,
            filedAt: now,
            devices: {
              create: imeis.map((p, i) => ({ slot: i + 1, identity: p.identity, imei: p.imei, openIdentity: p.identity })),
            },
            documents: {
              create: staged.map((s) => documentRow(s, now)),
            },
            events: { create: [{ at: now, type: 'SUBMITTED', actor: 'owner' }] },
          },
        }),
        prisma.$executeRawUnsafe(MARK_DIRTY_SQL, imeis.map((p) => p.identity).join(',')),
      ]);
      await commitStagedOrKeep(staged);
      return { ok: true, reference, repeated: false };
    } catch (e) {
      if (isUniqueViolation(e, 'reference') && attempt < 3) continue;
      await discardStaged(staged);
      if (isUniqueViolation(e, 'idempotencyKey')) {
        const first = await existingByKey(prisma, values.idempotencyKey);
        if (first) return { ok: true, reference: first.reference, repeated: true };
      }
      if (isUniqueViolation(e, 'openIdentity')) {
        const open = await prisma.applicationDevice.findFirst({
          where: { openIdentity: { in: imeis.map((p) => p.identity) } },
          select: { slot: true, application: { select: { reference: true, iin: true } } },
        });
        const mine = open?.application.iin === values.iin;
        return { ok: false, code: 'APPLICATION_EXISTS', field: 'imei1', reference: mine ? open?.application.reference : undefined };
      }
      throw e;
    }
  }
}

export type OwnerApplicationView = {
  reference: string;
  status: ProofStatus;
  filedAt: Date;
  decidedAt: Date | null;
  imeis: string[];
  decisionReason: RejectionReason | null;
  decisionNote: string | null;
  events: { at: Date; type: string; reason: string | null; note: string | null }[];
  documents: { name: string; size: number; uploadedAt: Date }[];
  reviewBy: Date | null;
  /** When more information is requested: the day to respond by. */
  respondBy: Date | null;
};

/** An application with its devices, documents and timeline, in order (the owner's and staff's views). */
export const APPLICATION_DETAIL = {
  devices: { orderBy: { slot: 'asc' } },
  documents: { orderBy: { id: 'asc' } },
  events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.ApplicationInclude;

/**
 * What the owner sees after giving the reference and the IIN. Null when either is wrong: the
 * answer is the same whether the reference exists or not.
 */
export async function findApplicationForOwner(prisma: Db, referenceInput: string, iin: string): Promise<OwnerApplicationView | null> {
  const reference = parseReference(referenceInput);
  if (!reference) return null;
  const a = await prisma.application.findUnique({ where: { reference }, include: APPLICATION_DETAIL });
  // Fixed-length digests, compared whether or not the reference exists: the same work either way.
  const digest = (x: string) => crypto.createHash('sha256').update(x).digest();
  const same = crypto.timingSafeEqual(digest(a?.iin ?? '-'), digest(iin.replace(/\s+/g, '')));
  if (!a || !same) return null;
  return {
    reference: a.reference,
    status: a.status as ProofStatus,
    filedAt: a.filedAt,
    decidedAt: a.decidedAt,
    imeis: a.devices.map((d) => d.imei),
    decisionReason: (a.decisionReason as RejectionReason | null) ?? null,
    decisionNote: a.decisionNote,
    events: a.events.map((e) => ({ at: e.at, type: e.type, reason: e.reason, note: e.note })),
    documents: a.documents.map((d) => ({ name: d.originalName, size: d.size, uploadedAt: d.uploadedAt })),
    reviewBy: openReviewBy(a.status as ProofStatus, a.filedAt),
    respondBy: a.status === 'INFO_REQUESTED' ? a.respondBy : null,
  };
}

/** When an open application should be decided by; null once decided or when that day has passed. */
function openReviewBy(status: ProofStatus, filedAt: Date, now = new Date()): Date | null {
  if (!OPEN_STATUSES.includes(status)) return null;
  const by = reviewDeadline(filedAt);
  return by.getTime() > now.getTime() ? by : null;
}

export function reviewDeadline(filedAt: Date): Date {
  return addWorkingDays(filedAt, config().reviewWorkingDays);
}

export type AddDocumentsResult =
  | { ok: true }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_REQUESTED' | 'CONFLICT' | 'DOCUMENT_EMPTY' | 'DOCUMENT_TOO_LARGE' | 'DOCUMENT_TYPE'; field?: string };

/** When more information was requested: the owner adds documents, and the application goes back to review. */
export async function addDocuments(prisma: Db, referenceInput: string, iin: string, files: File[], now = new Date()): Promise<AddDocumentsResult> {
  const view = await findApplicationForOwner(prisma, referenceInput, iin);
  if (!view) return { ok: false, code: 'NOT_FOUND' };
  if (view.status !== 'INFO_REQUESTED') return { ok: false, code: 'NOT_REQUESTED' };
  const app = await prisma.application.findUniqueOrThrow({ where: { reference: view.reference }, select: { id: true, version: true } });

  const stagedOrRefused = await stage(files);
  if (!stagedOrRefused.ok) return stagedOrRefused;
  const staged = stagedOrRefused.staged;
  try {
    const moved = await retryTransaction(() => prisma.$transaction(async (tx) => {
      const updated = await tx.application.updateMany({
        where: { id: app.id, version: app.version, status: 'INFO_REQUESTED' },
        data: { status: 'IN_REVIEW', version: { increment: 1 } },
      });
      if (updated.count !== 1) return false;
      await tx.applicationDocument.createMany({
        data: staged.map((s) => ({ applicationId: app.id, ...documentRow(s, now) })),
      });
      await tx.applicationEvent.create({ data: { applicationId: app.id, at: now, type: 'DOCUMENTS_ADDED', actor: 'owner' } });
      return true;
    }));
    if (!moved) {
      await discardStaged(staged);
      return { ok: false, code: 'CONFLICT' };
    }
  } catch (e) {
    await discardStaged(staged);
    throw e;
  }
  await commitStagedOrKeep(staged);
  return { ok: true };
}

export type Decision =
  | { kind: 'approve'; note?: string }
  | { kind: 'reject'; reason: RejectionReason; note?: string }
  | { kind: 'request-info'; note: string; respondBy?: Date };

/** Days the owner has to respond to a request for information, unless the reviewer sets a date. */
export const RESPOND_DAYS = 10;

export type DecideResult =
  | { ok: true; status: ProofStatus; imeis: string[] }
  | { ok: false; code: 'NOT_FOUND' | 'ALREADY_DECIDED' | 'CONFLICT' | 'REASON_REQUIRED' | 'NOTE_REQUIRED' };

/**
 * Decides an application. Approval and rejection close it (both IMEIs are decided together);
 * a request for information keeps it open. `expectedVersion` makes a concurrent second decision
 * fail with CONFLICT instead of overwriting the first.
 */
export async function decideApplication(
  prisma: Db,
  referenceInput: string,
  decision: Decision,
  options: { actor: AuditActor; ip?: string | null; now?: Date; expectedVersion?: number },
): Promise<DecideResult> {
  const now = options.now ?? new Date();
  const reference = parseReference(referenceInput);
  if (!reference) return { ok: false, code: 'NOT_FOUND' };
  if (decision.kind === 'reject' && !(REJECTION_REASONS as readonly string[]).includes(decision.reason)) return { ok: false, code: 'REASON_REQUIRED' };
  if (decision.kind === 'reject' && decision.reason === 'OTHER' && !decision.note?.trim()) return { ok: false, code: 'NOTE_REQUIRED' };
  if (decision.kind === 'request-info' && !decision.note?.trim()) return { ok: false, code: 'NOTE_REQUIRED' };

  return retryTransaction(() => prisma.$transaction(async (tx) => {
    const a = await tx.application.findUnique({ where: { reference }, include: { devices: { orderBy: { slot: 'asc' } } } });
    if (!a) return { ok: false, code: 'NOT_FOUND' } as const;
    if (!OPEN_STATUSES.includes(a.status as ProofStatus)) return { ok: false, code: 'ALREADY_DECIDED' } as const;
    const version = options.expectedVersion ?? a.version;
    const status: ProofStatus = decision.kind === 'approve' ? 'APPROVED' : decision.kind === 'reject' ? 'REJECTED' : 'INFO_REQUESTED';
    const closes = status !== 'INFO_REQUESTED';
    const note = decision.note?.trim() || null;
    const respondBy =
      decision.kind === 'request-info' ? (decision.respondBy ?? endOfKzDay(kzDay(new Date(now.getTime() + RESPOND_DAYS * DAY_MS)))!) : null;
    const updated = await tx.application.updateMany({
      where: { id: a.id, version },
      data: {
        status,
        version: { increment: 1 },
        decidedAt: closes ? now : null,
        decisionReason: decision.kind === 'reject' ? decision.reason : null,
        decisionNote: note,
        respondBy,
      },
    });
    if (updated.count !== 1) return { ok: false, code: 'CONFLICT' } as const;
    if (closes) await tx.applicationDevice.updateMany({ where: { applicationId: a.id }, data: { openIdentity: null } });
    await markDirty(prismaSql(tx), a.devices.map((d) => d.identity));
    await tx.applicationEvent.create({
      data: {
        applicationId: a.id,
        at: now,
        type: status,
        reason: decision.kind === 'reject' ? decision.reason : null,
        note,
        actor: options.actor.email,
      },
    });
    // The owner is told in the same transaction (the outbox): by SMS, and by email when given.
    if (decision.kind === 'approve') await notifyApplication(tx, a.id, 'APPROVED', { reference: a.reference, imeis: a.devices.map((d) => d.imei) }, now);
    else if (decision.kind === 'reject') await notifyApplication(tx, a.id, 'REJECTED', { reference: a.reference, reason: decision.reason, note }, now);
    else await notifyApplication(tx, a.id, 'INFO_REQUESTED', { reference: a.reference, note: note ?? '', respondBy: respondBy! }, now);
    // No decision bypasses the audit log, whoever makes it (staff page or operator command).
    await audit(
      tx,
      options.actor,
      {
        action: 'APPLICATION_DECIDED',
        target: a.reference,
        details: [status, decision.kind === 'reject' ? decision.reason : null].filter(Boolean).join(' '),
        ip: options.ip,
      },
      now,
    );
    return { ok: true, status, imeis: a.devices.map((d) => d.imei) } as const;
  }));
}
