/**
 * GET /api/ready: 200 when the database answers and every migration is applied; 503 otherwise
 * (a load balancer's readiness probe). The answer names the cause by a stable code, nothing more.
 */
import { db } from '@/lib/data/prisma';
import { readiness } from '@/lib/data/readiness';

export const dynamic = 'force-dynamic';

export async function GET() {
  let r;
  try {
    r = await readiness(await db());
  } catch {
    r = { ready: false, code: 'DATABASE_UNREACHABLE' } as const;
  }
  const headers = { 'Cache-Control': 'no-store' };
  if (r.ready) return Response.json({ status: 'ready' }, { headers });
  return Response.json({ status: 'not-ready', code: r.code }, { status: 503, headers });
}
