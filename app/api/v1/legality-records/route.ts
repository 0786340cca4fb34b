/**
 * POST /api/v1/legality-records (scope `legality`): a JSON array of up to 10,000
 * `{imei, document, recordedAt}` in the name of the client's supplier (manufacturer, importer or
 * service centre, set when the client was created). Same rules and all-or-nothing as the CSV
 * feed; the devices are white at once.
 */
import { after } from 'next/server';
import { requireClient } from '@/lib/api/client-auth';
import { refreshLists } from '@/lib/data/device-lists';
import { readJsonArray } from '@/lib/api/json-body';
import { problem, serverFailure } from '@/lib/api/problem';
import { MAX_BATCH_ITEMS, recordLegality } from '@/lib/data/machine-writes';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const auth = await requireClient(request, 'legality');
  if (!auth.ok) return auth.response;
  if (!auth.client.supplier) return problem(403, 'FORBIDDEN', 'This client is not a supplier.');
  const body = await readJsonArray(request, MAX_BATCH_ITEMS, 4 * 1024 * 1024);
  if (!body.ok) return body.response;
  try {
    const result = await recordLegality(auth.client, body.items);
    if (!result.ok) return problem(422, 'INVALID_ITEMS', undefined, { errors: result.errors });
    // The lists follow once the answer is sent, so each change is dated when it happened.
    if (result.changed > 0)
      after(() =>
        refreshLists().then(
          () => undefined,
          () => console.error('lists refresh failed'),
        ),
      );
    return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    return serverFailure(e, 'legality records failed', 'Nothing was written. Try again later.');
  }
}
