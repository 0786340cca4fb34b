/**
 * What the edge server (lib/server/edge-server.ts) checks before a request reaches Next, so that
 * a malformed request gets a 4xx instead of Next's 500. Pure: no I/O.
 */

/** The largest body of a server action: up to 5 documents of 10 MB each plus the form (next.config.ts `serverActions.bodySizeLimit`). */
export const ACTION_BODY_LIMIT = 52 * 1024 * 1024;
/** The largest body of a machine interface (the batch routes answer 413 above 4 MiB themselves). */
export const API_BODY_LIMIT = 4 * 1024 * 1024;

/** The body limit of a request to `path`. */
export function bodyLimit(path: string): number {
  return path === '/api' || path.startsWith('/api/') ? API_BODY_LIMIT : ACTION_BODY_LIMIT;
}

/**
 * The path of a request target (`/a/b?c`), or null when one of its segments is not valid
 * percent-encoded UTF-8 (`%zz`, a cut sequence `%E0%A4%A`, an overlong `%C0%AF`, a lone
 * surrogate `%ED%A0%80`): such a path names no resource of the portal. The path is decoded once,
 * segment by segment, as the router does; the query is left to the handlers.
 */
export function targetPath(target: string): string | null {
  const q = target.indexOf('?');
  const h = target.indexOf('#');
  const end = Math.min(q < 0 ? target.length : q, h < 0 ? target.length : h);
  const path = target.slice(0, end);
  try {
    for (const segment of path.split('/')) decodeURIComponent(segment);
  } catch {
    return null;
  }
  return path;
}

/** A Content-Length header's value as a number: null when absent, NaN when it is not one. */
export function declaredLength(header: string | undefined): number | null {
  if (header === undefined) return null;
  return /^\d{1,16}$/.test(header.trim()) ? Number(header.trim()) : Number.NaN;
}
