import 'server-only';
import { headers } from 'next/headers';
import { normaliseAddress } from '../domain/client-address';

/**
 * The client's address: the right-most X-Forwarded-For entry, the one added by the nearest proxy
 * (Next sets it from the socket when no proxy did). Deploy behind a reverse proxy that appends or
 * overwrites X-Forwarded-For: without one, a client can choose what this returns, which weakens
 * only the per-address throttle (the per-account one does not depend on it).
 */
export async function requestIp(): Promise<string> {
  const h = await headers();
  const hops = (h.get('x-forwarded-for') ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  return normaliseAddress(hops[hops.length - 1] ?? '') ?? 'unknown';
}

