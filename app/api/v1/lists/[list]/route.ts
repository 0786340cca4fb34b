/**
 * GET /api/v1/lists/{black|grey|white|tac|notification}[?since=<cursor>]: the lists for operators,
 * streamed CSV (scope `lists`). The `X-List-Cursor` header is the cursor to pass as `since` next
 * time; the answer then holds only the changes after it. README "Lists for operators".
 */
import { requireClient } from '@/lib/api/client-auth';
import { problem, serverFailure } from '@/lib/api/problem';
import { LIST_NAMES, openListExport, type ListName } from '@/lib/data/list-export';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, ctx: RouteContext<'/api/v1/lists/[list]'>) {
  const { list } = await ctx.params;
  const auth = await requireClient(request, 'lists');
  if (!auth.ok) return auth.response;
  if (!(LIST_NAMES as readonly string[]).includes(list)) {
    return problem(404, 'NOT_FOUND', `No such list: the lists are ${LIST_NAMES.join(', ')}.`);
  }
  const since = new URL(request.url).searchParams.get('since');
  let result;
  try {
    result = await openListExport({
      list: list as ListName,
      since,
      operator: auth.client.operator,
    });
  } catch (e) {
    return serverFailure(e, 'list export failed', 'The list could not be read. Try again later.');
  }
  if (!result.ok)
    return result.code === 'NOT_AN_OPERATOR'
      ? problem(403, 'NOT_AN_OPERATOR')
      : problem(400, 'INVALID_CURSOR');
  const headers: Record<string, string> = {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${result.fileName}"`,
    'Cache-Control': 'no-store',
  };
  if (result.cursor !== null) headers['X-List-Cursor'] = result.cursor;
  return new Response(result.body, { status: 200, headers });
}
