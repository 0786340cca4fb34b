/**
 * GET /api/health: the process is up (a load balancer's liveness probe). Touches nothing else;
 * /api/ready says whether it can serve.
 */
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
