/**
 * An owner's session after a code: the number they proved they hold, for 30 minutes ("my
 * applications"), and the last application they filed (its confirmation survives a reload; the
 * reference is never in the URL). The cookie holds a random token; only its SHA-256 is stored.
 */
import 'server-only';
import crypto from 'node:crypto';
import { CODE_RULES } from '../domain/one-time-codes';
import type { Db } from './prisma';

export type OwnerSession = { msisdn: string; expiresAt: Date; lastReference: string | null };

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** A new session for a number just proven by a code; returns the cookie's token. */
export async function createOwnerSession(
  prisma: Db,
  msisdn: string,
  now: Date,
  lastReference?: string,
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await prisma.ownerSession.create({
    data: {
      id: hash(token),
      msisdn,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CODE_RULES.ownerSessionMs),
      lastReference: lastReference ?? null,
    },
  });
  // Expired sessions are of no use to anyone: cleared as new ones are made.
  await prisma.ownerSession.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } },
  });
  return token;
}

export async function findOwnerSession(
  prisma: Db,
  token: string | undefined,
  now = new Date(),
): Promise<OwnerSession | null> {
  if (!token || token.length > 100) return null;
  const s = await prisma.ownerSession.findUnique({ where: { id: hash(token) } });
  if (!s || s.expiresAt.getTime() <= now.getTime()) return null;
  return { msisdn: s.msisdn, expiresAt: s.expiresAt, lastReference: s.lastReference };
}

export async function endOwnerSession(prisma: Db, token: string | undefined): Promise<void> {
  if (token) await prisma.ownerSession.deleteMany({ where: { id: hash(token) } });
}
