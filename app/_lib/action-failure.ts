import 'server-only';
import { failureCode } from '@/lib/data/database-unavailable';

/**
 * What a server action answers when the data layer threw: `DATABASE_UNAVAILABLE` when the
 * database cannot be reached right now (the form says to try again in a minute), `UNEXPECTED`
 * otherwise. One short log line naming what failed; never the request's data.
 */
export function actionFailure(what: string, e: unknown): { ok: false; code: 'DATABASE_UNAVAILABLE' | 'UNEXPECTED'; fieldErrors: Record<string, string[]> } {
  const code = failureCode(e);
  console.error(code === 'DATABASE_UNAVAILABLE' ? `${what}: database unavailable` : what);
  return { ok: false, code, fieldErrors: {} };
}
