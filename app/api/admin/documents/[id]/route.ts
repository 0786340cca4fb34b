/**
 * A filed document, for signed-in support staff only: checked, audited, served inline with its
 * detected type and never cached. Anyone else gets 401/403 and nothing about the file.
 */
import fs from 'node:fs/promises';
import { requireStaff } from '@/lib/data/current-staff';
import { documentForStaff } from '@/lib/data/admin';
import { db } from '@/lib/data/prisma';
import { documentDisposition } from '@/lib/domain/documents';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export async function GET(_request: Request, ctx: RouteContext<'/api/admin/documents/[id]'>) {
  const auth = await requireStaff('support');
  if (!auth.ok)
    return auth.code === 'UNAUTHORIZED'
      ? new Response('Sign in required', { status: 401, headers: NO_STORE })
      : new Response('Forbidden', { status: 403, headers: NO_STORE });
  const id = Number((await ctx.params).id);
  if (!Number.isInteger(id) || id <= 0)
    return new Response('Not found', { status: 404, headers: NO_STORE });
  const doc = await documentForStaff(await db(), auth.actor, id);
  if (!doc) return new Response('Not found', { status: 404, headers: NO_STORE });
  const body = await fs.readFile(doc.path);
  return new Response(new Uint8Array(body), {
    headers: {
      ...NO_STORE,
      'Content-Type': doc.mimeType,
      'Content-Length': String(body.length),
      // A generated ASCII name, and the owner's name cleaned of control and direction characters.
      'Content-Disposition': documentDisposition(id, doc.mimeType, doc.name),
    },
  });
}
