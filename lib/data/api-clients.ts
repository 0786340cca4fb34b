/**
 * API clients: created by the CLI or an administrator, each with a bearer token shown once (only
 * its SHA-256 is stored), revoked by an administrator. Used by the Next route handlers; the EIR
 * server (lib/eir/api-client-cache.ts) looks tokens up the same way on `pg` (hashToken) and keeps
 * the answer for a short while.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Db } from './prisma';
import { retryTransaction, sqlState } from './prisma';
import { audit } from './audit';
import { actorIp, actorName, auditActorOf, authorise, type Actor } from '../domain/actor';
import { TOKEN_PREFIX, type ApiClientIdentity, type ApiScope } from '../domain/api-clients';
import type { LegalitySource } from '../domain/verdict';
import type { ApiClientInput } from '../schemas/api-client-form';
import { hashToken } from './token-hash';

export { hashToken };

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What creating a client needs: the schema the CLI and the admin form share (lib/schemas). */
export { apiClientSchema, type ApiClientInput } from '../schemas/api-client-form';

export type ApiClientRow = ApiClientIdentity & {
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

type Stored = {
  id: number;
  name: string;
  scopes: string[];
  operator: string | null;
  supplierSource: string | null;
  organisation: string | null;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

function toRow(c: Stored): ApiClientRow {
  return {
    id: c.id,
    name: c.name,
    scopes: c.scopes as ApiScope[],
    operator: c.operator,
    supplier:
      c.supplierSource && c.organisation
        ? { source: c.supplierSource as LegalitySource, organisation: c.organisation }
        : null,
    createdAt: c.createdAt,
    createdBy: c.createdBy,
    revokedAt: c.revokedAt,
    lastUsedAt: c.lastUsedAt,
  };
}

export type CreateResult =
  { ok: true; client: ApiClientRow; token: string } | { ok: false; code: 'NAME_TAKEN' };

/** Creates a client (administrators, the CLI; audited); the token is returned here and nowhere else, ever. */
export async function createApiClient(
  prisma: Db,
  input: ApiClientInput,
  actor: Actor,
  now = new Date(),
): Promise<CreateResult> {
  authorise(actor, 'admin');
  const token = newToken();
  try {
    const created = await retryTransaction(() =>
      prisma.$transaction(async (tx) => {
        const c = await tx.apiClient.create({
          data: {
            name: input.name,
            scopes: [...new Set(input.scopes)],
            operator: input.operator || null,
            supplierSource: input.supplierSource ?? null,
            organisation: input.organisation || null,
            tokenHash: hashToken(token),
            createdAt: now,
            createdBy: actorName(actor),
          },
        });
        await audit(
          tx,
          auditActorOf(actor),
          {
            action: 'API_CLIENT_CREATED',
            target: c.name,
            details: `scopes ${c.scopes.join(',')}`,
            ip: actorIp(actor),
          },
          now,
        );
        return c;
      }),
    );
    return { ok: true, client: toRow(created), token };
  } catch (e) {
    if (sqlState(e) === '23505' || (e as { code?: string }).code === 'P2002')
      return { ok: false, code: 'NAME_TAKEN' };
    throw e;
  }
}

/** Every client, active first (administrators). */
export async function listApiClients(prisma: Db, actor: Actor): Promise<ApiClientRow[]> {
  authorise(actor, 'admin');
  const rows = await prisma.apiClient.findMany({
    orderBy: [{ revokedAt: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }],
  });
  return rows.map(toRow);
}

/** Revokes a client at once (the EIR server's cache honours it within a minute; audited). False when unknown or already revoked. */
export async function revokeApiClient(
  prisma: Db,
  id: number,
  actor: Actor,
  now = new Date(),
): Promise<boolean> {
  authorise(actor, 'admin');
  return retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      const { count } = await tx.apiClient.updateMany({
        where: { id, revokedAt: null },
        data: { revokedAt: now },
      });
      if (count === 0) return false;
      const c = await tx.apiClient.findUniqueOrThrow({ where: { id }, select: { name: true } });
      await audit(
        tx,
        auditActorOf(actor),
        { action: 'API_CLIENT_REVOKED', target: c.name, ip: actorIp(actor) },
        now,
      );
      return true;
    }),
  );
}

/** The client a token belongs to, unless revoked. */
export async function findClientByToken(
  prisma: Db,
  token: string,
): Promise<ApiClientIdentity | null> {
  const c = await prisma.apiClient.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!c || c.revokedAt) return null;
  const { createdAt: _c, createdBy: _b, revokedAt: _r, lastUsedAt: _l, ...identity } = toRow(c);
  return identity;
}

const lastTouched = new Map<number, number>();
/** Records "last use", at most once a minute per client and process. */
export async function touchClient(prisma: Db, id: number, now = new Date()): Promise<void> {
  const last = lastTouched.get(id) ?? 0;
  if (now.getTime() - last < 60_000) return;
  lastTouched.set(id, now.getTime());
  await prisma.apiClient.update({ where: { id }, data: { lastUsedAt: now } }).catch(() => {});
}
