/** The bearer-token check of the operator and supplier route handlers: 401 without a known client, 403 without the scope. */
import 'server-only';
import { db } from '../data/prisma';
import { findClientByToken, touchClient } from '../data/api-clients';
import {
  authorise,
  bearerToken,
  type ApiClientIdentity,
  type ApiScope,
} from '../domain/api-clients';
import { problem, serverFailure, tooManyRequests } from './problem';
import { requestIp } from '../data/request-ip';
import { take } from '../data/rate-limits';

const CHECK_FAILED = 'The request could not be completed. Try again later.';

/** The client behind an Authorization header (null: none or unknown), or the answer to a failed lookup (503 in an outage). */
async function lookUpClient(
  header: string | null,
): Promise<{ ok: true; client: ApiClientIdentity | null } | { ok: false; response: Response }> {
  const token = bearerToken(header);
  try {
    return { ok: true, client: token ? await findClientByToken(await db(), token) : null };
  } catch (e) {
    return { ok: false, response: serverFailure(e, 'api client check failed', CHECK_FAILED) };
  }
}

export async function requireClient(
  request: Request,
  scope: ApiScope,
): Promise<{ ok: true; client: ApiClientIdentity } | { ok: false; response: Response }> {
  const found = await lookUpClient(request.headers.get('authorization'));
  if (!found.ok) return found;
  const { client } = found;
  const prisma = await db();
  const verdict = authorise(client, scope);
  if (verdict === 'UNAUTHORIZED') return { ok: false, response: problem(401, 'UNAUTHORIZED') };
  if (verdict === 'FORBIDDEN') return { ok: false, response: problem(403, 'FORBIDDEN') };
  try {
    await touchClient(prisma, client!.id);
  } catch (e) {
    return { ok: false, response: serverFailure(e, 'api client check failed', CHECK_FAILED) };
  }
  return { ok: true, client: client! };
}

/**
 * The public interface's limit: an API client (a bearer token) counts per client, anyone else per
 * client address (the X-Forwarded-For that the portal's own server sets). A token that is given
 * but unknown or revoked answers 401 rather than falling back to the anonymous limit.
 */
export async function admitPublic(
  request: Request,
): Promise<{ ok: true } | { ok: false; response: Response }> {
  const header = request.headers.get('authorization');
  if (header) {
    const found = await lookUpClient(header);
    if (!found.ok) return found;
    const { client } = found;
    if (!client) return { ok: false, response: problem(401, 'UNAUTHORIZED') };
    await touchClient(await db(), client.id);
    const answer = await take('apiChecksPerClient', `client:${client.id}`);
    return answer.ok ? { ok: true } : { ok: false, response: tooManyRequests(answer.retryAt) };
  }
  const answer = await take('apiChecksPerAddress', await requestIp());
  return answer.ok ? { ok: true } : { ok: false, response: tooManyRequests(answer.retryAt) };
}
