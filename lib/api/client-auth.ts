/** The bearer-token check of the operator and supplier route handlers: 401 without a known client, 403 without the scope. */
import 'server-only';
import { db } from '../data/prisma';
import { findClientByToken, touchClient } from '../data/api-clients';
import { authorise, bearerToken, type ApiClientIdentity, type ApiScope } from '../domain/api-clients';
import { problem, serverFailure, tooManyRequests } from './problem';
import { requestIp } from '../data/request-ip';
import { take } from '../data/rate-limits';

export async function requireClient(request: Request, scope: ApiScope): Promise<{ ok: true; client: ApiClientIdentity } | { ok: false; response: Response }> {
  const token = bearerToken(request.headers.get('authorization'));
  const prisma = await db();
  let client;
  try {
    client = token ? await findClientByToken(prisma, token) : null;
  } catch (e) {
    return { ok: false, response: serverFailure(e, 'api client check failed', 'The request could not be completed. Try again later.') };
  }
  const verdict = authorise(client, scope);
  if (verdict === 'UNAUTHORIZED') return { ok: false, response: problem(401, 'UNAUTHORIZED') };
  if (verdict === 'FORBIDDEN') return { ok: false, response: problem(403, 'FORBIDDEN') };
  try {
    await touchClient(prisma, client!.id);
  } catch (e) {
    return { ok: false, response: serverFailure(e, 'api client check failed', 'The request could not be completed. Try again later.') };
  }
  return { ok: true, client: client! };
}

/**
 * The public interface's limit: an API client (a bearer token) counts per client, anyone else per
 * client address (the X-Forwarded-For that the portal's own server sets). A token that is given
 * but unknown or revoked answers 401 rather than falling back to the anonymous limit.
 */
export async function admitPublic(request: Request): Promise<{ ok: true } | { ok: false; response: Response }> {
  const header = request.headers.get('authorization');
  if (header) {
    const token = bearerToken(header);
    const prisma = await db();
    let client;
    try {
      client = token ? await findClientByToken(prisma, token) : null;
    } catch (e) {
      return { ok: false, response: serverFailure(e, 'api client check failed', 'The request could not be completed. Try again later.') };
    }
    if (!client) return { ok: false, response: problem(401, 'UNAUTHORIZED') };
    await touchClient(prisma, client.id);
    const answer = await take('apiChecksPerClient', `client:${client.id}`);
    return answer.ok ? { ok: true } : { ok: false, response: tooManyRequests(answer.retryAt) };
  }
  const answer = await take('apiChecksPerAddress', await requestIp());
  return answer.ok ? { ok: true } : { ok: false, response: tooManyRequests(answer.retryAt) };
}
