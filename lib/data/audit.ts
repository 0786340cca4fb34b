/**
 * The audit log: who did what, when, from where. Append-only: this module only inserts and reads.
 * Free text is masked for personal data before it is written.
 */
import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from './prisma';
import { maskPersonalData } from '../domain/staff-rules';

export type AuditActor = { id: number | null; email: string };
export type AuditInput = {
  action: string;
  target?: string | null;
  details?: string | null;
  ip?: string | null;
};

export async function audit(
  prisma: Db | Prisma.TransactionClient,
  actor: AuditActor,
  e: AuditInput,
  now = new Date(),
): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      at: now,
      actorId: actor.id,
      actorEmail: actor.email,
      action: e.action,
      target: e.target ? maskPersonalData(e.target) : null,
      details: e.details ? maskPersonalData(e.details) : null,
      ip: e.ip ?? null,
    },
  });
}

export type AuditRow = {
  id: number;
  at: Date;
  actorEmail: string;
  action: string;
  target: string | null;
  details: string | null;
  ip: string | null;
};

/** Who did it: a staff account (by id), or one of the actors without an account. */
export const AUDIT_ACTOR_KINDS = ['anonymous', 'cli', 'system'] as const;
export type AuditActorFilter = { staffId: number } | { kind: (typeof AUDIT_ACTOR_KINDS)[number] };

export type AuditFilters = {
  action?: string;
  actor?: AuditActorFilter;
  /** Part of the target (a reference, a file or client name), case-insensitive. */
  target?: string;
  /** Instants: from (inclusive) and to (exclusive). */
  from?: Date;
  to?: Date;
};

function auditWhere(f: AuditFilters): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (f.action) where.action = f.action;
  if (f.actor && 'staffId' in f.actor) where.actorId = f.actor.staffId;
  else if (f.actor?.kind === 'cli') where.actorEmail = { in: ['cli', 'operator-cli'] };
  else if (f.actor) where.actorEmail = f.actor.kind;
  if (f.target) where.target = { contains: f.target, mode: 'insensitive' };
  if (f.from || f.to)
    where.at = { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) };
  return where;
}

export async function listAudit(
  prisma: Db,
  options: { page: number; pageSize?: number } & AuditFilters,
): Promise<{ rows: AuditRow[]; total: number }> {
  const pageSize = options.pageSize ?? 50;
  const where = auditWhere(options);
  const [rows, total] = await Promise.all([
    prisma.auditEvent.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: (Math.max(1, options.page) - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        at: true,
        actorEmail: true,
        action: true,
        target: true,
        details: true,
        ip: true,
      },
    }),
    prisma.auditEvent.count({ where }),
  ]);
  return { rows, total };
}
