/** RFC 9457 problem details for the machine interfaces. `code` is the stable part. */
import type { ImeiInputError } from '../domain/imei';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../data/database-unavailable';

export type ProblemCode =
  | ImeiInputError
  | 'INTERNAL_ERROR'
  | 'DATABASE_UNAVAILABLE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_AN_OPERATOR'
  | 'INVALID_CURSOR'
  | 'INVALID_BODY'
  | 'TOO_MANY_ITEMS'
  | 'BODY_TOO_LARGE'
  | 'MALFORMED_REQUEST'
  | 'INVALID_ITEMS'
  | 'NOT_FOUND'
  | 'TOO_MANY_REQUESTS';

export const PROBLEM_TITLES: Record<ProblemCode, string> = {
  IMEI_REQUIRED: 'No IMEI was given.',
  IMEI_NOT_DIGITS: 'An IMEI contains digits only (spaces, dashes and dots are ignored).',
  IMEI_WRONG_LENGTH: 'An IMEI has 15 digits, an IMEISV 16.',
  INTERNAL_ERROR: 'The check could not be completed. Try again later.',
  DATABASE_UNAVAILABLE:
    'The service is temporarily unavailable. Try again in a minute (Retry-After).',
  UNAUTHORIZED: 'A valid bearer token is required (Authorization: Bearer kzimei_…).',
  FORBIDDEN: 'This client has no right to this interface (scope).',
  NOT_AN_OPERATOR: 'This interface is for a mobile operator’s client.',
  INVALID_CURSOR: 'The cursor is not one this interface gave out.',
  INVALID_BODY: 'The body is not a JSON array of items.',
  TOO_MANY_ITEMS: 'Too many items in one request.',
  BODY_TOO_LARGE: 'The body is too large.',
  MALFORMED_REQUEST:
    'The request is malformed (a path that is not valid percent-encoded UTF-8, or a body no client sends).',
  INVALID_ITEMS: 'Some items are invalid: nothing was written.',
  NOT_FOUND: 'No such resource.',
  TOO_MANY_REQUESTS:
    'Too many requests from this client. Wait the number of seconds in Retry-After.',
};

export function problem(
  status: number,
  code: ProblemCode,
  title: string = PROBLEM_TITLES[code],
  extra: Record<string, unknown> = {},
): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json',
    'Cache-Control': 'no-store',
  };
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="imei-portal"';
  if (status === 429 && typeof extra.retryAfter === 'number')
    headers['Retry-After'] = String(extra.retryAfter);
  return new Response(
    JSON.stringify({ type: `/api/v1/problems#${code}`, title, status, code, ...extra }),
    { status, headers },
  );
}

/**
 * The answer to a request that failed on the server: 503 with Retry-After when the database cannot
 * be reached right now (the client may simply try again), 500 with `title` otherwise. One short
 * log line, never the request's data.
 */
export function serverFailure(
  e: unknown,
  what: string,
  title: string = PROBLEM_TITLES.INTERNAL_ERROR,
): Response {
  if (isDatabaseUnavailable(e)) {
    console.error(`${what}: database unavailable`);
    const res = problem(503, 'DATABASE_UNAVAILABLE');
    res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    return res;
  }
  console.error(`${what}: database error`);
  return problem(500, 'INTERNAL_ERROR', title);
}

/** 429 with Retry-After (whole seconds, at least 1) and the same number in the body as `retryAfter`. */
export function tooManyRequests(retryAt: Date, now = Date.now()): Response {
  return problem(429, 'TOO_MANY_REQUESTS', PROBLEM_TITLES.TOO_MANY_REQUESTS, {
    retryAfter: Math.max(1, Math.ceil((retryAt.getTime() - now) / 1000)),
  });
}
