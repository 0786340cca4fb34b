/**
 * Loads what the database holds about one device, in one round trip of indexed point lookups
 * (the hot path of every check). The typed NULLs let PostgreSQL unify the branches' column types.
 *
 * The SQL text and the rows → DeviceFacts mapping are exported so that the EIR server (lib/eir),
 * which runs the same query as a named prepared statement on `pg` with one more branch of its
 * own, shares them with Next's path instead of keeping a copy.
 */
import 'server-only';
import type { Db } from './prisma';
import type { BlacklistReason, DeviceFacts, LegalitySource, ProofStatus } from '../domain/verdict';

/** One row of the facts query: `k` says which branch it comes from; unknown kinds are ignored. */
export type DeviceFactsRow = {
  k: string;
  a: string | null;
  b: string | null;
  t1: string | Date | null;
  t2: string | Date | null;
};

/**
 * The facts of one device: `$1` its 14-digit identity, `$2` its TAC (the first 8 digits).
 * Callers may append `UNION ALL` branches of the same five columns (k, a, b, t1, t2).
 */
export const DEVICE_FACTS_SQL = `
    SELECT 'tac' AS k, brand AS a, model AS b, NULL::timestamptz AS t1, NULL::timestamptz AS t2 FROM tac_records WHERE tac = $2
    UNION ALL
    SELECT 'tacdb', NULL, NULL, NULL::timestamptz, NULL::timestamptz WHERE EXISTS (SELECT 1 FROM tac_records)
    UNION ALL
    SELECT 'bl', reason, NULL, "listedAt", "removedAt" FROM gsma_blacklist WHERE identity = $1
    UNION ALL
    SELECT 'legal', source, NULL, "recordedAt", NULL::timestamptz FROM legality_records WHERE identity = $1
    UNION ALL
    SELECT 'reg', NULL, NULL, MIN("firstSeenAt"), NULL::timestamptz FROM network_registrations WHERE identity = $1
    UNION ALL
    SELECT 'proof', a.status, NULL, a."filedAt", NULL::timestamptz
      FROM application_devices d JOIN applications a ON a.id = d."applicationId"
     WHERE d.identity = $1`;

/** The parameters of DEVICE_FACTS_SQL, in order. */
export function deviceFactsParams(identity: string): [string, string] {
  return [identity, identity.slice(0, 8)];
}

function toDate(v: string | Date | null): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(v);
}

/** The DeviceFacts that the rows of DEVICE_FACTS_SQL describe (rows of other kinds are skipped). */
export function deviceFactsFromRows(rows: Iterable<DeviceFactsRow>): DeviceFacts {
  const facts: DeviceFacts = {
    tacDatabaseLoaded: false,
    tac: null,
    blacklist: [],
    legalRecords: [],
    firstRegistrationAt: null,
    proofs: [],
  };
  for (const r of rows) {
    switch (r.k) {
      case 'tac':
        facts.tac = { brand: r.a ?? '', model: r.b ?? '' };
        break;
      case 'tacdb':
        facts.tacDatabaseLoaded = true;
        break;
      case 'bl':
        facts.blacklist.push({
          reason: r.a as BlacklistReason,
          listedAt: toDate(r.t1)!,
          removedAt: toDate(r.t2),
        });
        break;
      case 'legal':
        facts.legalRecords.push({ source: r.a as LegalitySource, recordedAt: toDate(r.t1)! });
        break;
      case 'reg':
        facts.firstRegistrationAt = toDate(r.t1);
        break;
      case 'proof':
        facts.proofs.push({ status: r.a as ProofStatus, filedAt: toDate(r.t1)! });
        break;
    }
  }
  return facts;
}

export async function loadDeviceFacts(prisma: Db, identity: string): Promise<DeviceFacts> {
  // Bound parameters ($1, $2), never interpolated: "unsafe" only names Prisma's API for SQL text.
  const rows = await prisma.$queryRawUnsafe<DeviceFactsRow[]>(
    DEVICE_FACTS_SQL,
    ...deviceFactsParams(identity),
  );
  return deviceFactsFromRows(rows);
}
