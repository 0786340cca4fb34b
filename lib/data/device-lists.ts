/**
 * Each known device's list, kept for operators (lib/data/list-export.ts), and the log of its
 * changes.
 *
 * Writers never compute lists: in the same transaction as a change of facts (an import, a
 * decision, a registration) they mark the device dirty (`markDirtySql`). The reconciler
 * (`refreshLists`) takes the dirty devices and those whose `nextChangeAt` has come (a grey
 * window ending, a GSMA removal taking effect), verifies each with the verification module, and
 * writes what changed. It runs under one transaction-level advisory lock, held to the commit, so
 * `list_changes.id` grows in commit order: a reader that has seen id N has seen every change
 * before it, and a cursor never skips a change that committed late.
 *
 * Readers call `refreshLists` before reading, and the EIR server calls it every 30 seconds, so a
 * change of time (grey → black at the deadline) is recorded when it happens, dated by the instant
 * it took effect.
 */
import 'server-only';
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { config } from '../config';
import { parsedFromIdentity } from '../domain/imei';
import { nextTimeChange, verify, type DeviceFacts, type List, type Rules } from '../domain/verdict';
import { deviceFactsFromRows } from './device-facts';

/** The advisory lock of the one list reconciler (any number; the embedded server's leases use 7350703 in another database). */
export const LIST_LOCK_KEY = 7350711;
const BATCH = 5000;

/** SQL that marks the identities given as `$1` (comma-separated) dirty. */
export const MARK_DIRTY_SQL = `INSERT INTO list_dirty (identity) SELECT DISTINCT unnest(string_to_array($1::text, ','))`;

/** Anything that runs SQL with positional parameters: a pg client, or a Prisma transaction (see `prismaSql`). */
export type Sql = { query: (text: string, params: unknown[]) => Promise<unknown> };

/** A Prisma transaction (or client) as `Sql`. */
export function prismaSql(tx: {
  $executeRawUnsafe: (q: string, ...values: unknown[]) => Promise<number>;
}): Sql {
  return { query: (text, params) => tx.$executeRawUnsafe(text, ...params) };
}

/** Marks devices dirty: call inside the transaction that changed their facts. */
export async function markDirty(sql: Sql, identities: Iterable<string>): Promise<void> {
  const list = [...new Set(identities)].filter((i) => /^\d{14}$/.test(i));
  if (list.length === 0) return;
  await sql.query(MARK_DIRTY_SQL, [list.join(',')]);
}

// ---------------------------------------------------------------------------------------------

const pools = new Map<string, pg.Pool>();
/** What a pool is for: each its own, so long list downloads never hold up the reconciler or the batch writes. */
export type PoolUse = 'reconcile' | 'export' | 'write' | 'limits';
const POOL_SIZE: Record<PoolUse, () => number> = {
  reconcile: () => 2,
  export: () => 4,
  write: () => config().poolMax,
  limits: () => 4,
};

/** A pg pool per database and use, for what Prisma cannot do (streams, COPY, JSON record sets, advisory locks). */
export function listPool(databaseUrl = config().databaseUrl, use: PoolUse = 'reconcile'): pg.Pool {
  const key = `${use}|${databaseUrl}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new pg.Pool({
      ...parseIntoClientConfig(databaseUrl),
      max: POOL_SIZE[use](),
      connectionTimeoutMillis: 10_000,
      application_name: `device-lists-${use}`,
    });
    pool.on('error', () => {});
    pools.set(key, pool);
  }
  return pool;
}

export async function closeListPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => {})));
}

type FactRow = {
  k: string;
  i: string;
  a: string | null;
  b: string | null;
  t1: Date | null;
  t2: Date | null;
};

/**
 * The facts of many devices ($1, identities) and their TACs' records ($2): one index lookup per
 * identity in each table (`= ANY`), never a hash join over a whole table, whatever its size.
 */
const FACTS_SQL = `
SELECT 'tac' AS k, t.tac AS i, t.brand AS a, t.model AS b, NULL::timestamptz AS t1, NULL::timestamptz AS t2
  FROM tac_records t WHERE t.tac = ANY($2::text[])
UNION ALL
SELECT 'bl', identity, reason, NULL, "listedAt", "removedAt" FROM gsma_blacklist WHERE identity = ANY($1::text[])
UNION ALL
SELECT 'legal', identity, source, NULL, "recordedAt", NULL FROM legality_records WHERE identity = ANY($1::text[])
UNION ALL
SELECT 'reg', identity, NULL, NULL, min("firstSeenAt"), NULL FROM network_registrations WHERE identity = ANY($1::text[]) GROUP BY identity
UNION ALL
SELECT 'proof', d.identity, a.status, NULL, a."filedAt", NULL
  FROM application_devices d JOIN applications a ON a.id = d."applicationId" WHERE d.identity = ANY($1::text[])
UNION ALL
SELECT 'pair', identity, operator || '|' || imsi || '|' || msisdn, NULL, NULL, NULL FROM network_registrations WHERE identity = ANY($1::text[])
UNION ALL
SELECT 'cur', identity, list, array_to_string(reasons, ','), deadline, "nextChangeAt" FROM device_lists WHERE identity = ANY($1::text[])
UNION ALL
SELECT 'seen', identity, unnest("seenWith"), NULL, NULL, NULL FROM device_lists WHERE identity = ANY($1::text[])`;

type Current = {
  list: List;
  reasons: string;
  deadline: Date | null;
  nextChangeAt: Date | null;
  seenWith: Set<string>;
};

/** The facts of many devices at once, and what device_lists holds for them. */
async function loadMany(client: pg.PoolClient, identities: string[]) {
  const tacList = [...new Set(identities.map((i) => i.slice(0, 8)))];
  const { rows } = await client.query<FactRow>(FACTS_SQL, [identities, tacList]);
  const current = new Map<string, Current>();
  const tacs = new Map<string, { brand: string; model: string }>();
  const pairs = new Map<string, Set<string>>();
  const seen = new Map<string, Set<string>>();
  /** Each device's rows of the kinds DEVICE_FACTS_SQL has, read by the same mapping as the check. */
  const factRows = new Map<string, FactRow[]>();
  const add = (m: Map<string, Set<string>>, i: string, v: string) => {
    let set = m.get(i);
    if (!set) m.set(i, (set = new Set()));
    set.add(v);
  };
  for (const r of rows) {
    switch (r.k) {
      case 'tac':
        tacs.set(r.i, { brand: r.a ?? '', model: r.b ?? '' });
        break;
      case 'cur':
        current.set(r.i, {
          list: r.a as List,
          reasons: r.b ?? '',
          deadline: r.t1,
          nextChangeAt: r.t2,
          seenWith: new Set(),
        });
        break;
      case 'pair':
        add(pairs, r.i, r.a ?? '');
        break;
      case 'seen':
        add(seen, r.i, r.a ?? '');
        break;
      default: {
        const list = factRows.get(r.i);
        if (list) list.push(r);
        else factRows.set(r.i, [r]);
      }
    }
  }
  const facts = new Map<string, DeviceFacts>(
    [...factRows].map(([i, rs]) => [i, deviceFactsFromRows(rs)]),
  );
  // A device is on a list only when something is known about it (a TAC alone is not a device).
  for (const [i, f] of facts) f.tac = tacs.get(i.slice(0, 8)) ?? null;
  for (const [i, c] of current) c.seenWith = seen.get(i) ?? new Set();
  return { facts, current, pairs };
}

export type RefreshReport = { devices: number; changes: number; batches: number };

/**
 * Brings device_lists and list_changes up to date: every dirty device and every device whose
 * time has come. Safe to call from any number of processes at once (they take turns).
 */
export async function refreshLists(
  options: { databaseUrl?: string; now?: Date; rules?: Rules; batchSize?: number } = {},
): Promise<RefreshReport> {
  const pool = listPool(options.databaseUrl);
  const rules = options.rules ?? config().rules;
  const batchSize = options.batchSize ?? BATCH;
  const report: RefreshReport = { devices: 0, changes: 0, batches: 0 };
  for (;;) {
    const now = options.now ?? new Date();
    const client = await pool.connect();
    let more = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [LIST_LOCK_KEY]);
      const tacLoaded = (
        await client.query<{ loaded: boolean }>(
          'SELECT EXISTS (SELECT 1 FROM tac_records) AS loaded',
        )
      ).rows[0].loaded;
      const due = await client.query<{ identity: string; source: string }>(
        `WITH dirty AS (SELECT id FROM list_dirty ORDER BY id LIMIT $1),
              timed AS (SELECT identity FROM device_lists WHERE "nextChangeAt" <= $2 ORDER BY "nextChangeAt" LIMIT $1),
              gone AS (DELETE FROM list_dirty d USING dirty WHERE d.id = dirty.id RETURNING d.identity)
         SELECT identity, 'dirty' AS source FROM gone
         UNION ALL SELECT identity, 'time' FROM timed`,
        [batchSize, now],
      );
      const identities = [...new Set(due.rows.map((r) => r.identity))];
      more =
        due.rows.filter((r) => r.source === 'dirty').length >= batchSize ||
        due.rows.filter((r) => r.source === 'time').length >= batchSize;
      if (identities.length === 0) {
        await client.query('COMMIT');
        return report;
      }
      const { facts, current, pairs } = await loadMany(client, identities);
      const upserts: object[] = [];
      const changes: object[] = [];
      for (const identity of identities) {
        const f = facts.get(identity);
        const cur = current.get(identity);
        if (!f) {
          // Nothing known any more (rows removed by hand): no list, nothing to look at later.
          if (cur?.nextChangeAt)
            upserts.push({
              identity,
              list: cur.list,
              reasons: cur.reasons ? cur.reasons.split(',') : [],
              deadline: cur.deadline,
              nextChangeAt: null,
              seenWith: [...cur.seenWith],
            });
          continue;
        }
        f.tacDatabaseLoaded = tacLoaded;
        const v = verify(parsedFromIdentity(identity), f, now, rules);
        const deadline = v.window?.deadline ?? null;
        const nextChangeAt = nextTimeChange(f, now, rules);
        const reasons = v.reasons.join(',');
        const changed =
          !cur ||
          cur.list !== v.list ||
          cur.reasons !== reasons ||
          (cur.deadline?.getTime() ?? null) !== (deadline?.getTime() ?? null);
        const seenWith = [...(pairs.get(identity) ?? [])].sort();
        const newPairs = seenWith.filter((p) => !cur?.seenWith.has(p));
        if (
          !changed &&
          newPairs.length === 0 &&
          (cur.nextChangeAt?.getTime() ?? null) === (nextChangeAt?.getTime() ?? null)
        )
          continue;
        upserts.push({
          identity,
          list: v.list,
          reasons: v.reasons,
          deadline,
          nextChangeAt,
          seenWith,
        });
        if (!changed && v.list === 'GREY' && cur) {
          // Still grey, seen with a new SIM or number: a change of those operators' notification
          // lists only ("added" for an operator that had not seen the device, else "changed").
          const before = new Set([...cur.seenWith].map((p) => p.split('|')[0]));
          for (const operator of new Set(newPairs.map((p) => p.split('|')[0]))) {
            changes.push({
              identity,
              at: now,
              oldList: before.has(operator) ? 'GREY' : null,
              newList: 'GREY',
              reasons: v.reasons,
              deadline,
              operator,
            });
          }
        }
        if (changed) {
          // A change that time alone made is dated by the instant it took effect.
          const byTime =
            cur?.nextChangeAt && cur.nextChangeAt.getTime() <= now.getTime()
              ? cur.nextChangeAt
              : null;
          changes.push({
            identity,
            at: byTime ?? now,
            oldList: cur?.list ?? null,
            newList: v.list,
            reasons: v.reasons,
            deadline,
          });
        }
      }
      if (upserts.length) {
        await client.query(
          `INSERT INTO device_lists AS t (identity, list, reasons, deadline, "nextChangeAt", "seenWith", "updatedAt")
           SELECT identity, list, coalesce(reasons, '{}'), deadline, "nextChangeAt", coalesce("seenWith", '{}'), $2
             FROM jsonb_to_recordset($1::jsonb) AS x(identity text, list text, reasons text[], deadline timestamptz, "nextChangeAt" timestamptz, "seenWith" text[])
           ON CONFLICT (identity) DO UPDATE SET list = excluded.list, reasons = excluded.reasons, deadline = excluded.deadline,
             "nextChangeAt" = excluded."nextChangeAt", "seenWith" = excluded."seenWith", "updatedAt" = excluded."updatedAt"`,
          [JSON.stringify(upserts), now],
        );
      }
      if (changes.length) {
        await client.query(
          `INSERT INTO list_changes (at, identity, "oldList", "newList", reasons, deadline, operator)
           SELECT at, identity, "oldList", "newList", coalesce(reasons, '{}'), deadline, operator
             FROM jsonb_to_recordset($1::jsonb) AS x(at timestamptz, identity text, "oldList" text, "newList" text, reasons text[], deadline timestamptz, operator text)`,
          [JSON.stringify(changes)],
        );
      }
      await client.query('COMMIT');
      report.devices += identities.length;
      report.changes += changes.length;
      report.batches++;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
    if (!more) return report;
  }
}

/** Marks every device the database knows dirty (after a restore, or to rebuild the lists), then refreshes. */
export async function rebuildLists(
  options: { databaseUrl?: string; now?: Date; rules?: Rules } = {},
): Promise<RefreshReport> {
  const pool = listPool(options.databaseUrl, 'write');
  await pool.query(`INSERT INTO list_dirty (identity)
    SELECT identity FROM gsma_blacklist UNION SELECT identity FROM legality_records
    UNION SELECT identity FROM network_registrations UNION SELECT identity FROM application_devices`);
  return refreshLists(options);
}
