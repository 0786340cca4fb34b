/**
 * GET /api/v1/imei/{imei}: the verdict for a 15-digit IMEI or 16-digit IMEISV (separators
 * allowed). Discloses the status and nothing else. Input that is not an IMEI answers 400
 * application/problem+json (RFC 9457) with a stable code. Limited per API client (a bearer token,
 * optional) or per client address: past the limit 429 with Retry-After.
 */
import { checkImei } from '@/lib/data/check-imei';
import { problem, PROBLEM_TITLES, serverFailure } from '@/lib/api/problem';
import { verdictBody } from '@/lib/api/verdict-body';
import { admitPublic } from '@/lib/api/client-auth';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, ctx: RouteContext<'/api/v1/imei/[imei]'>) {
  // Limited before anything else (per API client, or per address: lib/data/rate-limits.ts).
  let admitted;
  try {
    admitted = await admitPublic(request);
  } catch (e) {
    return serverFailure(e, 'api check failed');
  }
  if (!admitted.ok) return admitted.response;
  // Next has decoded the path segment once (a path that does not decode was refused with 400 by
  // the edge server, lib/server/edge-server.ts); decoding it again would read `%2520` as a space.
  const { imei: input } = await ctx.params;
  let outcome;
  try {
    outcome = await checkImei(input, { allowImeisv: true });
  } catch (e) {
    return serverFailure(e, 'api check failed');
  }
  if (!outcome.ok) return problem(400, outcome.code, PROBLEM_TITLES[outcome.code]);

  return Response.json(verdictBody(outcome.verdict), { headers: { 'Cache-Control': 'no-store' } });
}
