/**
 * POST /api/v1/registrations (scope `registrations`): a JSON array of up to 10,000
 * `{imei, imsi, msisdn, seenAt}` seen on the client's operator's network. All or nothing: one
 * bad item and nothing is written, with every bad item's index, field and reason. Idempotent.
 */
import { after } from 'next/server';
import { requireClient } from '@/lib/api/client-auth';
import { refreshLists } from '@/lib/data/device-lists';
import { readJsonArray } from '@/lib/api/json-body';
import { problem, serverFailure } from '@/lib/api/problem';
import { MAX_BATCH_ITEMS, recordRegistrations } from '@/lib/data/machine-writes';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const auth = await requireClient(request, 'registrations');
  if (!auth.ok) return auth.response;
  if (!auth.client.operator) return problem(403, 'NOT_AN_OPERATOR');
  const body = await readJsonArray(request, MAX_BATCH_ITEMS, 4 * 1024 * 1024);
  if (!body.ok) return body.response;
  try {
    const result = await recordRegistrations(auth.client, body.items);
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
    return serverFailure(e, 'registrations batch failed', 'Nothing was written. Try again later.');
  }
}
