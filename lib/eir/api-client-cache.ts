/**
 * Who a bearer token belongs to, for the EIR server: `api_clients` looked up by the token's
 * SHA-256 (the only form stored), the answer (a client, or "unknown or revoked") kept in memory for
 * `ttlMs` (at most 30 s, so a revocation is honoured within a minute), one lookup at a time per
 * token, and the client's "last use" written at most once a minute per client and process.
 */
import 'server-only';
import type pg from 'pg';
import { hashToken } from '../data/token-hash';
import type { ApiScope } from '../domain/api-clients';

export type EirClient = { id: number; name: string; scopes: ApiScope[]; operator: string | null };

export const MAX_TOKEN_TTL_MS = 30_000;
const TOUCH_EVERY_MS = 60_000;
/** A bound on memory when someone sprays random tokens: past it, the cache starts afresh. */
const MAX_ENTRIES = 10_000;

const FIND_CLIENT = {
  name: 'eir_find_client',
  text: 'SELECT id, name, scopes, operator FROM api_clients WHERE "tokenHash" = $1 AND "revokedAt" IS NULL',
};
const TOUCH_CLIENT = {
  name: 'eir_touch_client',
  text: 'UPDATE api_clients SET "lastUsedAt" = $2 WHERE id = $1 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $2)',
};

type Entry = { client: EirClient | null; expires: number };

export class ApiClientCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<EirClient | null>>();
  private readonly touched = new Map<number, number>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly onError: (e: unknown) => void,
  ) {
    if (!(ttlMs >= 0 && ttlMs <= MAX_TOKEN_TTL_MS))
      throw new RangeError(`the token cache TTL must be 0 to ${MAX_TOKEN_TTL_MS} ms`);
  }

  /** The client of a well-formed token, or null when it is unknown or revoked. */
  async lookup(token: string): Promise<EirClient | null> {
    const key = hashToken(token);
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.client;
    const running = this.inFlight.get(key);
    if (running) return running;
    const p = this.pool
      .query<{ id: number; name: string; scopes: ApiScope[]; operator: string | null }>({
        ...FIND_CLIENT,
        values: [key],
      })
      .then(({ rows }) => {
        const client = rows[0]
          ? {
              id: rows[0].id,
              name: rows[0].name,
              scopes: rows[0].scopes,
              operator: rows[0].operator,
            }
          : null;
        if (this.ttlMs > 0) {
          if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
          this.entries.set(key, { client, expires: now + this.ttlMs });
        }
        return client;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  /** Records the client's last use, at most once a minute (never waits, never fails the request). */
  touch(id: number): void {
    const now = this.clock();
    if (now - (this.touched.get(id) ?? -Infinity) < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    const p = this.pool.query({ ...TOUCH_CLIENT, values: [id, new Date(now)] }).catch(this.onError);
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Waits for the "last use" writes under way (before the pool closes). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
