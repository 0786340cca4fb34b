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
import {
  commitStaged,
  discardStaged,
  DocumentRefused,
  stageDocuments,
  type StagedDocument,
  type StageRefusal,
  type StorageWriter,
} from './document-store';
import { config } from '../config';
import { cleanFileName } from '../domain/documents';
import { parseImei, type ParsedImei } from '../domain/imei';
import { checkCode, spendCode } from './one-time-codes';
import { blockNow, giveBack, take } from './rate-limits';
import { addWorkingDays, DAY_MS, endOfKzDay, kzDay, parseKzInstant } from '../domain/time';
import { notifyApplication } from '../notify/outbox';
import { makeReference, parseReference } from '../domain/reference';
import { proofEligibility, verify, type ProofStatus } from '../domain/verdict';
import type { ApplicationFormValues } from '../schemas/application-form';
import { audit } from './audit';
import { actorIp, actorName, auditActorOf, authorise, type Actor } from '../domain/actor';

import { REJECTION_REASONS, type RejectionReason } from '../domain/rejection-reasons';
export { REJECTION_REASONS, type RejectionReason };

export const OPEN_STATUSES: ProofStatus[] = ['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED'];

export type SubmitRefusal =
  | 'ALREADY_WHITE'
  | 'NOT_CURABLE'
  | 'WINDOW_EXPIRED'
  | 'APPLICATION_EXISTS'
  | StageRefusal
  | 'CODE_WRONG'
  | 'CODE_EXPIRED'
  | 'CODE_USED'
  | 'CODE_TOO_MANY_TRIES'
  | 'CODE_INVALID'
  | 'CODE_OTHER_DEVICE';

export type SubmitResult =
  | { ok: true; reference: string; repeated: boolean; msisdn: string; possessionProven: boolean }
  | { ok: false; code: SubmitRefusal; field: string; reference?: string; triesLeft?: number }
  | { ok: false; code: 'TOO_MANY_APPLICATIONS'; field: string; retryAt: Date };

function isUniqueViolation(e: unknown, field?: string): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== 'P2002') return false;
  if (!field) return true;
  return JSON.stringify(e.meta ?? {}).includes(field);
}

/**
 * Writes the files to incoming/, or says which one was refused and why (a full disk is nobody's
 * file: `field` is empty, and the form says so above the step the owner is on).
 */
async function stage(
  files: File[],
  write?: StorageWriter,
): Promise<
  { ok: true; staged: StagedDocument[] } | { ok: false; code: StageRefusal; field: string }
> {
  try {
    return { ok: true, staged: await stageDocuments(files, undefined, write) };
  } catch (e) {
    if (e instanceof DocumentRefused)
      return { ok: false, code: e.code, field: e.index >= 0 ? `documents.${e.index}` : '' };
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
  return {
    storedName: s.storedName,
    originalName: s.originalName,
    size: s.size,
    mimeType: s.mimeType,
    sha256: s.sha256,
    uploadedAt: now,
  };
}

function newReference(): string {
  return makeReference(Array.from({ length: 7 }, () => crypto.randomInt(30)));
}

async function existingByKey(prisma: Db | Prisma.TransactionClient, key: string) {
  return prisma.application.findUnique({
    where: { idempotencyKey: key },
    select: { reference: true, phone: true, possessionProven: true },
  });
}

function repeated(first: {
  reference: string;
  phone: string;
  possessionProven: boolean;
}): SubmitResult {
  return {
    ok: true,
    reference: first.reference,
    repeated: true,
    msisdn: first.phone,
    possessionProven: first.possessionProven,
  };
}

/** The 14-digit identities of the application's IMEIs (already checked by the form's schema). */
export function applicationIdentities(values: Pick<ApplicationFormValues, 'imei1' | 'imei2'>) {
  return [values.imei1, values.imei2].filter(Boolean).map((raw) => {
    const p = parseImei(raw);
    if (!p.ok) throw new Error('validated IMEI failed to parse');
    return p.value;
  });
}

export type Eligibility =
  | { ok: true; supersedes: number[] }
  | {
      ok: false;
      code: 'ALREADY_WHITE' | 'NOT_CURABLE' | 'WINDOW_EXPIRED' | 'APPLICATION_EXISTS';
      field: string;
      reference?: string;
    };

/**
 * Whether these devices may get an application now, from the verification module's rules. An
 * open application blocks a new one, unless it was filed without proven possession and the new
 * owner proves possession: then it gives way (`supersedes`). Its reference is shown only to the
 * holder of the number it was filed with.
 */
export async function applicationEligibility(
  prisma: Db,
  imeis: ParsedImei[],
  who: { msisdn: string | null; possession: boolean; seenWith: string[] },
  now: Date,
): Promise<Eligibility> {
  const supersedes: number[] = [];
  for (const [i, parsed] of imeis.entries()) {
    const field = i === 0 ? 'imei1' : 'imei2';
    const open = await prisma.applicationDevice.findUnique({
      where: { openIdentity: parsed.identity },
      select: {
        application: { select: { id: true, reference: true, phone: true, possessionProven: true } },
      },
    });
    if (open) {
      // Only a number the network saw in this very device takes over its unproven application.
      if (
        who.possession &&
        !open.application.possessionProven &&
        who.seenWith.includes(parsed.identity)
      )
        supersedes.push(open.application.id);
      else
        return {
          ok: false,
          code: 'APPLICATION_EXISTS',
          field,
          reference:
            who.msisdn && open.application.phone === who.msisdn
              ? open.application.reference
              : undefined,
        };
    }
    const verdict = verify(
      parsed,
      await loadDeviceFacts(prisma, parsed.identity),
      now,
      config().rules,
    );
    const eligible = proofEligibility(verdict);
    if (!eligible.ok) return { ok: false, code: eligible.code, field };
  }
  return { ok: true, supersedes: [...new Set(supersedes)] };
}

/** What the owner is told when the application is filed (in the filing's transaction). */
async function onApplicationFiled(
  tx: Prisma.TransactionClient,
  id: number,
  reference: string,
  now: Date,
): Promise<void> {
  await notifyApplication(tx, id, 'FILED', { reference, reviewBy: reviewDeadline(now) }, now);
}

/** What the owner of an application closed without a decision is told (in the closing transaction). */
async function onApplicationClosed(
  tx: Prisma.TransactionClient,
  id: number,
  kind: 'SUPERSEDED' | 'NOT_NEEDED',
  now: Date,
): Promise<void> {
  const a = await tx.application.findUniqueOrThrow({ where: { id }, select: { reference: true } });
  await notifyApplication(tx, id, kind, { reference: a.reference }, now);
}

/**
 * Closes applications that gave way to one whose owner proved possession (in the new one's
 * transaction): their devices are free for it, and their applicants are told.
 */
async function supersede(tx: Prisma.TransactionClient, ids: number[], now: Date): Promise<void> {
  for (const id of ids) {
    const a = await tx.application.findUnique({
      where: { id },
      select: { status: true, version: true, possessionProven: true },
    });
    // Decided or changed meanwhile: nothing of this filing may stay (the whole transaction rolls back).
    if (!a || !OPEN_STATUSES.includes(a.status as ProofStatus) || a.possessionProven)
      throw new FilingRefused('APPLICATION_EXISTS');
    const updated = await tx.application.updateMany({
      where: { id, version: a.version },
      data: { status: 'SUPERSEDED', decidedAt: now, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new FilingRefused('APPLICATION_EXISTS');
    await tx.applicationDevice.updateMany({
      where: { applicationId: id },
      data: { openIdentity: null },
    });
    await tx.applicationEvent.create({
      data: { applicationId: id, at: now, type: 'SUPERSEDED', actor: 'system' },
    });
    await onApplicationClosed(tx, id, 'SUPERSEDED', now);
  }
}

/** Thrown inside the filing's transaction so that it rolls back whole; turned into a refusal outside. */
class FilingRefused extends Error {
  constructor(readonly code: 'CODE_USED' | 'APPLICATION_EXISTS') {
    super(code);
  }
}

/**
 * Files an application for one device (IMEI 1 and, for a dual-SIM phone, IMEI 2), atomically with
 * its documents, once the owner has typed the code sent to their phone. The application keeps the
 * verified number and whether it proved possession. A repeated submission with the same
 * idempotency key returns the first reference.
 */
export async function submitApplication(
  prisma: Db,
  values: ApplicationFormValues,
  files: File[],
  options: {
    locale: string;
    code: { challengeId: string; code: string };
    now?: Date;
    databaseUrl?: string;
    /** For the disk-full test where no small file system can be mounted: a writer that fails like one. */
    writeDocument?: StorageWriter;
  },
): Promise<SubmitResult> {
  const now = options.now ?? new Date();
  const repeat = await existingByKey(prisma, values.idempotencyKey);
  if (repeat) return repeated(repeat);

  const imeis = applicationIdentities(values);
  const checked = await checkCode(prisma, { ...options.code, purpose: 'APPLY', now });
  if (!checked.ok)
    return {
      ok: false,
      code: checked.code,
      field: 'code',
      triesLeft: checked.code === 'CODE_WRONG' ? checked.triesLeft : undefined,
    };
  const { msisdn, possession, identities, seenWith } = checked.verified;
  // The code was sent for exactly these devices: it files nothing for another one, nor a part of them.
  if (imeis.length !== identities.length || imeis.some((p) => !identities.includes(p.identity)))
    return { ok: false, code: 'CODE_OTHER_DEVICE', field: 'code' };

  // The rules first, before any file is written. A refusal is checked against a first submission
  // that committed meanwhile (a double click answers with its reference, not "exists").
  const eligible = await applicationEligibility(
    prisma,
    imeis,
    { msisdn, possession, seenWith },
    now,
  );
  if (!eligible.ok) {
    const first = await existingByKey(prisma, values.idempotencyKey);
    return first ? repeated(first) : eligible;
  }
  // Counted before the filing, given back if it does not happen: a burst cannot pass the limit.
  const limitOptions = { databaseUrl: options.databaseUrl };
  const supersedes = eligible.supersedes;
  const perPhone = await take('applicationsPerPhone', msisdn, limitOptions);
  if (!perPhone.ok)
    return { ok: false, code: 'TOO_MANY_APPLICATIONS', field: 'code', retryAt: perPhone.retryAt };
  let filed = false;
  try {
    return await fileApplication();
  } finally {
    if (!filed) await giveBack('applicationsPerPhone', msisdn, limitOptions);
  }

  async function fileApplication(): Promise<SubmitResult> {
    const stagedOrRefused = await stage(files, options.writeDocument);
    if (!stagedOrRefused.ok) return stagedOrRefused;
    const staged = stagedOrRefused.staged;

    for (let attempt = 0; ; attempt++) {
      const reference = newReference();
      try {
        // The code's use, the applications it supersedes, the application, its message and the mark
        // that its devices' lists need a look: one transaction.
        await prisma.$transaction(async (tx) => {
          if (!(await spendCode(tx, options.code.challengeId, now)))
            throw new FilingRefused('CODE_USED');
          await supersede(tx, supersedes, now);
          const created = await tx.application.create({
            data: {
              reference,
              idempotencyKey: values.idempotencyKey,
              status: 'SUBMITTED',
              locale: options.locale,
              fullName: values.fullName,
              iin: values.iin,
              phone: msisdn,
              possessionProven: possession,
              email: values.email || null,
              arrivalMethod: values.arrivalMethod,
              trackingNumber: values.arrivalMethod === 'POST' ? values.trackingNumber : null,
              arrivalExplanation: values.arrivalExplanation || null,
              entryDate: parseKzInstant(values.entryDate),
              purchaseCountry: values.purchaseCountry,
              customsDeclaration: values.customsDeclaration || null,
              filedAt: now,
              devices: {
                create: imeis.map((p, i) => ({
                  slot: i + 1,
                  identity: p.identity,
                  imei: p.imei,
                  openIdentity: p.identity,
                })),
              },
              documents: {
                create: staged.map((s) => documentRow(s, now)),
              },
              events: { create: [{ at: now, type: 'SUBMITTED', actor: 'owner' }] },
            },
            select: { id: true },
          });
          await tx.$executeRawUnsafe(MARK_DIRTY_SQL, imeis.map((p) => p.identity).join(','));
          await onApplicationFiled(tx, created.id, reference, now);
        });
        await commitStagedOrKeep(staged);
        filed = true;
        return { ok: true, reference, repeated: false, msisdn, possessionProven: possession };
      } catch (e) {
        if (e instanceof FilingRefused) {
          await discardStaged(staged);
          const first = await existingByKey(prisma, values.idempotencyKey);
          if (first) return repeated(first);
          return e.code === 'CODE_USED'
            ? { ok: false, code: 'CODE_USED', field: 'code' }
            : { ok: false, code: 'APPLICATION_EXISTS', field: 'imei1' };
        }
        if (isUniqueViolation(e, 'reference') && attempt < 3) continue;
        await discardStaged(staged);
        if (isUniqueViolation(e, 'idempotencyKey')) {
          const first = await existingByKey(prisma, values.idempotencyKey);
          if (first) return repeated(first);
        }
        if (isUniqueViolation(e, 'openIdentity')) {
          // Another filing for the device committed first: say what stands now (its reference only to its number's holder).
          const again = await applicationEligibility(
            prisma,
            imeis,
            { msisdn, possession: false, seenWith: [] },
            now,
          );
          return again.ok ? { ok: false, code: 'APPLICATION_EXISTS', field: 'imei1' } : again;
        }
        throw e;
      }
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
  /** When more information was requested: the date to respond by */
  respondBy: Date | null;
};

/** An application with its devices, documents and timeline, in order (the owner's and staff's views). */
export const APPLICATION_DETAIL = {
  devices: { orderBy: { slot: 'asc' } },
  documents: { orderBy: { id: 'asc' } },
  events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.ApplicationInclude;

type ApplicationWithDetail = Prisma.ApplicationGetPayload<{ include: typeof APPLICATION_DETAIL }>;

function ownerView(a: ApplicationWithDetail, now = new Date()): OwnerApplicationView {
  return {
    reference: a.reference,
    status: a.status as ProofStatus,
    filedAt: a.filedAt,
    decidedAt: a.decidedAt,
    imeis: a.devices.map((d) => d.imei),
    decisionReason: (a.decisionReason as RejectionReason | null) ?? null,
    decisionNote: a.decisionNote,
    events: a.events.map((e) => ({ at: e.at, type: e.type, reason: e.reason, note: e.note })),
    documents: a.documents.map((d) => ({
      name: cleanFileName(d.originalName),
      size: d.size,
      uploadedAt: d.uploadedAt,
    })),
    reviewBy: openReviewBy(a.status as ProofStatus, a.filedAt, now),
    respondBy: a.status === 'INFO_REQUESTED' ? a.respondBy : null,
  };
}

/**
 * What the owner sees after giving the reference and the IIN. Null when either is wrong: the
 * answer is the same whether the reference exists or not.
 */
export async function findApplicationForOwner(
  prisma: Db,
  referenceInput: string,
  iin: string,
): Promise<OwnerApplicationView | null> {
  const reference = parseReference(referenceInput);
  if (!reference) return null;
  // Only the IIN first, compared as fixed-length digests whether or not the reference exists: the
  // same work either way; the details are read after a match.
  const a = await prisma.application.findUnique({
    where: { reference },
    select: { id: true, iin: true },
  });
  const digest = (x: string) => crypto.createHash('sha256').update(x).digest();
  const same = crypto.timingSafeEqual(digest(a?.iin ?? '-'), digest(iin.replace(/\s+/g, '')));
  if (!a || !same) return null;
  const full = await prisma.application.findUnique({
    where: { id: a.id },
    include: APPLICATION_DETAIL,
  });
  return full ? ownerView(full) : null;
}

export type OwnerLookup =
  | { ok: true; view: OwnerApplicationView }
  | { ok: false; code: 'NOT_FOUND' }
  | { ok: false; code: 'THROTTLED'; retryAt: Date };

/**
 * The status page's lookup by reference and IIN, throttled: a reference (existing or not) that had
 * 5 wrong IINs answers "try again after" for an hour, and so does an address after 30 wrong pairs
 * (and after 300 lookups of any kind in an hour).
 * The answers never tell whether a reference exists; its owner still reaches it through "my
 * applications" with their phone.
 */
export async function lookUpApplication(
  prisma: Db,
  referenceInput: string,
  iin: string,
  options: { ip: string; databaseUrl?: string },
): Promise<OwnerLookup> {
  // A plain ceiling per address first, right answers included (reading statuses at machine speed).
  const ceiling = await take('statusPerAddress', options.ip, options);
  if (!ceiling.ok) return { ok: false, code: 'THROTTLED', retryAt: ceiling.retryAt };
  const refKey = parseReference(referenceInput) ?? referenceInput.trim().toUpperCase().slice(0, 20);
  const keys = [
    ['statusWrongPerReference', refKey],
    ['statusWrongPerAddress', options.ip],
  ] as const;
  // Every try is counted before the lookup (a burst cannot pass the limit) and given back when right.
  const remaining: number[] = [];
  for (const [limit, key] of keys) {
    const answer = await take(limit, key, options);
    if (!answer.ok) return { ok: false, code: 'THROTTLED', retryAt: answer.retryAt };
    remaining.push(answer.remaining);
  }
  const view = await findApplicationForOwner(prisma, referenceInput, iin);
  if (view) {
    for (const [limit, key] of keys) await giveBack(limit, key, options);
    return { ok: true, view };
  }
  // The wrong try that used the last point starts the hour.
  for (const [i, [limit, key]] of keys.entries())
    if (remaining[i] === 0) await blockNow(limit, key, options);
  return { ok: false, code: 'NOT_FOUND' };
}

/** Summaries of every application filed with this verified number, newest first ("my applications"). */
export async function applicationsForPhone(
  prisma: Db,
  msisdn: string,
): Promise<OwnerApplicationView[]> {
  const rows = await prisma.application.findMany({
    where: { phone: msisdn },
    include: APPLICATION_DETAIL,
    orderBy: { filedAt: 'desc' },
    take: 50,
  });
  return rows.map((a) => ownerView(a));
}

/** The IIN an application was filed with, for the holder of its number (adding documents from "my applications"). */
export async function ownerIin(
  prisma: Db,
  referenceInput: string,
  msisdn: string,
): Promise<string | null> {
  const reference = parseReference(referenceInput);
  if (!reference) return null;
  const a = await prisma.application.findUnique({
    where: { reference },
    select: { phone: true, iin: true },
  });
  return a && a.phone === msisdn ? a.iin : null;
}

/** One application of this verified number (the confirmation page, "my applications"). */
export async function applicationForPhone(
  prisma: Db,
  reference: string,
  msisdn: string,
): Promise<OwnerApplicationView | null> {
  const a = await prisma.application.findUnique({
    where: { reference },
    include: APPLICATION_DETAIL,
  });
  return a && a.phone === msisdn ? ownerView(a) : null;
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
  | { ok: false; code: 'NOT_FOUND' | 'NOT_REQUESTED' | 'CONFLICT' | StageRefusal; field?: string };

/** When more information was requested: the owner adds documents, and the application goes back to review. */
export async function addDocuments(
  prisma: Db,
  referenceInput: string,
  iin: string,
  files: File[],
  now = new Date(),
): Promise<AddDocumentsResult> {
  const view = await findApplicationForOwner(prisma, referenceInput, iin);
  if (!view) return { ok: false, code: 'NOT_FOUND' };
  if (view.status !== 'INFO_REQUESTED') return { ok: false, code: 'NOT_REQUESTED' };
  const app = await prisma.application.findUniqueOrThrow({
    where: { reference: view.reference },
    select: { id: true, version: true },
  });

  const stagedOrRefused = await stage(files);
  if (!stagedOrRefused.ok) return stagedOrRefused;
  const staged = stagedOrRefused.staged;
  try {
    const moved = await retryTransaction(() =>
      prisma.$transaction(async (tx) => {
        const updated = await tx.application.updateMany({
          where: { id: app.id, version: app.version, status: 'INFO_REQUESTED' },
          data: { status: 'IN_REVIEW', version: { increment: 1 } },
        });
        if (updated.count !== 1) return false;
        await tx.applicationDocument.createMany({
          data: staged.map((s) => ({ applicationId: app.id, ...documentRow(s, now) })),
        });
        await tx.applicationEvent.create({
          data: { applicationId: app.id, at: now, type: 'DOCUMENTS_ADDED', actor: 'owner' },
        });
        return true;
      }),
    );
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
  | {
      ok: false;
      code: 'NOT_FOUND' | 'ALREADY_DECIDED' | 'CONFLICT' | 'REASON_REQUIRED' | 'NOTE_REQUIRED';
    };

/**
 * Decides an application. Approval and rejection close it (both IMEIs are decided together);
 * a request for information keeps it open. `expectedVersion` makes a concurrent second decision
 * fail with CONFLICT instead of overwriting the first. The actor (a support or admin staff member,
 * or the decision command line tool) is authorised here, recorded on the timeline and audited.
 */
export async function decideApplication(
  prisma: Db,
  referenceInput: string,
  decision: Decision,
  options: { actor: Actor; now?: Date; expectedVersion?: number },
): Promise<DecideResult> {
  authorise(options.actor, 'support');
  const now = options.now ?? new Date();
  const reference = parseReference(referenceInput);
  if (!reference) return { ok: false, code: 'NOT_FOUND' };
  if (
    decision.kind === 'reject' &&
    !(REJECTION_REASONS as readonly string[]).includes(decision.reason)
  )
    return { ok: false, code: 'REASON_REQUIRED' };
  if (decision.kind === 'reject' && decision.reason === 'OTHER' && !decision.note?.trim())
    return { ok: false, code: 'NOTE_REQUIRED' };
  if (decision.kind === 'request-info' && !decision.note?.trim())
    return { ok: false, code: 'NOTE_REQUIRED' };

  return retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      const a = await tx.application.findUnique({
        where: { reference },
        include: { devices: { orderBy: { slot: 'asc' } } },
      });
      if (!a) return { ok: false, code: 'NOT_FOUND' } as const;
      if (!OPEN_STATUSES.includes(a.status as ProofStatus))
        return { ok: false, code: 'ALREADY_DECIDED' } as const;
      const version = options.expectedVersion ?? a.version;
      const status: ProofStatus =
        decision.kind === 'approve'
          ? 'APPROVED'
          : decision.kind === 'reject'
            ? 'REJECTED'
            : 'INFO_REQUESTED';
      const closes = status !== 'INFO_REQUESTED';
      const note = decision.note?.trim() || null;
      const respondBy =
        decision.kind === 'request-info'
          ? (decision.respondBy ??
            endOfKzDay(kzDay(new Date(now.getTime() + RESPOND_DAYS * DAY_MS)))!)
          : null;
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
      if (closes)
        await tx.applicationDevice.updateMany({
          where: { applicationId: a.id },
          data: { openIdentity: null },
        });
      await markDirty(
        prismaSql(tx),
        a.devices.map((d) => d.identity),
      );
      await tx.applicationEvent.create({
        data: {
          applicationId: a.id,
          at: now,
          type: status,
          reason: decision.kind === 'reject' ? decision.reason : null,
          note,
          actor: actorName(options.actor),
        },
      });
      // The owner is told in the same transaction (the outbox): by SMS, and by email when given.
      if (decision.kind === 'approve')
        await notifyApplication(
          tx,
          a.id,
          'APPROVED',
          { reference: a.reference, imeis: a.devices.map((d) => d.imei) },
          now,
        );
      else if (decision.kind === 'reject')
        await notifyApplication(
          tx,
          a.id,
          'REJECTED',
          { reference: a.reference, reason: decision.reason, note },
          now,
        );
      else
        await notifyApplication(
          tx,
          a.id,
          'INFO_REQUESTED',
          { reference: a.reference, note: note ?? '', respondBy: respondBy! },
          now,
        );
      // No decision bypasses the audit log, whoever makes it (staff page or operator command).
      await audit(
        tx,
        auditActorOf(options.actor),
        {
          action: 'APPLICATION_DECIDED',
          target: a.reference,
          details: [status, decision.kind === 'reject' ? decision.reason : null]
            .filter(Boolean)
            .join(' '),
          ip: actorIp(options.actor),
        },
        now,
      );
      return { ok: true, status, imeis: a.devices.map((d) => d.imei) } as const;
    }),
  );
}
