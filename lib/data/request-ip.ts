import 'server-only';
import { headers } from 'next/headers';
import { normaliseAddress } from '../domain/client-address';

/**
 * The client's address. The edge server (lib/server/edge-server.ts, `npm start`) replaces
 * X-Forwarded-For by the one address it decided on: the socket's peer, or, behind a proxy listed
 * in TRUSTED_PROXIES, the first untrusted address that proxy reported. So this is never an
 * address the client chose. (Under `next dev` there is no edge server: development only.)
 */
export async function requestIp(): Promise<string> {
  const h = await headers();
  const hops = (h.get('x-forwarded-for') ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return normaliseAddress(hops[hops.length - 1] ?? '') ?? 'unknown';
}
