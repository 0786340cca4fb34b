/**
 * "The database cannot be reached right now", told apart from every other failure, so a person
 * reads "temporarily unavailable, try again in a minute" in their language and a machine gets
 * 503 with Retry-After, instead of a generic error. The pool drops broken connections by itself
 * and opens new ones when the database is back: nothing here holds state.
 *
 * Pages: an error thrown while rendering reaches the browser only as its `digest` (the message is
 * hidden in production), so the shared client (./prisma.ts) stamps this digest on connection
 * errors and app/[locale]/error.tsx recognises it.
 */

/** The digest of a render error caused by an unreachable database (read by app/[locale]/error.tsx). */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

/** Seconds a client is asked to wait (Retry-After) before trying again. */
export const RETRY_AFTER_SECONDS = 30;

/** SQLSTATEs of a server that is not there for us: connection exceptions, shutting down, starting, full. */
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/;
/** Node's socket errors on the way to the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** Prisma's: can't reach the server, timed out reaching it, connection closed, no pooled connection in time. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
/** @prisma/adapter-pg's kinds of driver errors (DriverAdapterError.cause.kind). */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** pg's plain errors, which carry no code. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /Connection closed/i,
];

/** Whether an error (from Prisma, the adapter or pg, however nested) means the database is unreachable. */
export function isDatabaseUnavailable(e: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length > 0) {
    const x = queue.shift();
    if (!x || typeof x !== 'object' || seen.has(x)) continue;
    seen.add(x);
    const o = x as {
      code?: unknown;
      originalCode?: unknown;
      kind?: unknown;
      message?: unknown;
      digest?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (o.digest === DATABASE_UNAVAILABLE) return true;
    for (const c of [o.code, o.originalCode]) {
      if (typeof c !== 'string') continue;
      if (SOCKET_CODES.has(c) || PRISMA_CODES.has(c) || UNAVAILABLE_STATES.test(c)) return true;
    }
    if (typeof o.kind === 'string' && ADAPTER_KINDS.has(o.kind)) return true;
    if (typeof o.message === 'string' && PG_MESSAGES.some((r) => r.test(o.message as string)))
      return true;
    queue.push(o.cause, o.meta?.driverAdapterError);
  }
  return false;
}

/** Marks an unreachable-database error so a page's error boundary can tell it (see above). */
export function markIfUnavailable(e: unknown): unknown {
  if (e && typeof e === 'object' && isDatabaseUnavailable(e)) {
    try {
      (e as { digest?: string }).digest = DATABASE_UNAVAILABLE;
    } catch {
      // a frozen error stays as it is
    }
  }
  return e;
}

/** The code a server action answers when it failed: the database is out of reach, or something else. */
export function failureCode(e: unknown): 'DATABASE_UNAVAILABLE' | 'UNEXPECTED' {
  return isDatabaseUnavailable(e) ? 'DATABASE_UNAVAILABLE' : 'UNEXPECTED';
}
