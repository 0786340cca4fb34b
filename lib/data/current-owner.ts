import 'server-only';
/**
 * The owner's session of this request, from its cookie (lib/data/owner-sessions.ts). Owner pages
 * and actions read it themselves; nothing else grants an owner access to an application.
 */
import { cookies } from 'next/headers';
import { config } from '../config';
import { CODE_RULES } from '../domain/one-time-codes';
import { db } from './prisma';
import {
  createOwnerSession,
  endOwnerSession,
  findOwnerSession,
  type OwnerSession,
} from './owner-sessions';

function cookieName(): string {
  return config().cookieSecure ? '__Host-imei_owner' : 'imei_owner';
}

function cookieOptions(maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config().cookieSecure,
    path: '/',
    maxAge: maxAgeSeconds,
  };
}

/** Starts a session for a number just proven by a code (replacing this browser's previous one). */
export async function startOwnerSession(
  msisdn: string,
  now: Date,
  lastReference?: string,
): Promise<void> {
  const jar = await cookies();
  const prisma = await db();
  await endOwnerSession(prisma, jar.get(cookieName())?.value);
  const token = await createOwnerSession(prisma, msisdn, now, lastReference);
  jar.set(cookieName(), token, cookieOptions(CODE_RULES.ownerSessionMs / 1000));
}

export async function currentOwner(now = new Date()): Promise<OwnerSession | null> {
  return findOwnerSession(await db(), (await cookies()).get(cookieName())?.value, now);
}

export async function signOutOwner(): Promise<void> {
  const jar = await cookies();
  await endOwnerSession(await db(), jar.get(cookieName())?.value);
  jar.set(cookieName(), '', cookieOptions(0));
}
