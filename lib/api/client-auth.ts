/** The bearer-token check of the operator and supplier route handlers: 401 without a known client, 403 without the scope. */
import 'server-only';
import { db } from '../data/prisma';
import { findClientByToken, touchClient } from '../data/api-clients';
import { authorise, bearerToken, type ApiClientIdentity, type ApiScope } from '../domain/api-clients';
import { problem } from './problem';

export async function requireClient(request: Request, scope: ApiScope): Promise<{ ok: true; client: ApiClientIdentity } | { ok: false; response: Response }> {
  const token = bearerToken(request.headers.get('authorization'));
  const prisma = await db();
  let client;
  try {
    client = token ? await findClientByToken(prisma, token) : null;
  } catch {
    console.error('api client check failed: database error');
    return { ok: false, response: problem(500, 'INTERNAL_ERROR', 'The request could not be completed. Try again later.') };
  }
  const verdict = authorise(client, scope);
  if (verdict === 'UNAUTHORIZED') return { ok: false, response: problem(401, 'UNAUTHORIZED') };
  if (verdict === 'FORBIDDEN') return { ok: false, response: problem(403, 'FORBIDDEN') };
  await touchClient(prisma, client!.id);
  return { ok: true, client: client! };
}
