/** The bearer-token check of the operator and supplier route handlers: 401 without a known client, 403 without the scope. */
import 'server-only';
import { db } from '../data/prisma';
import { findClientByToken, touchClient } from '../data/api-clients';
import { authorise, bearerToken, type ApiClientIdentity, type ApiScope } from '../domain/api-clients';
import { problem, serverFailure } from './problem';

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
