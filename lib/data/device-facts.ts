/**
 * Loads what the database holds about one device, in one round trip of indexed point lookups
 * (the hot path of every check). The typed NULLs let PostgreSQL unify the branches' column types.
 */
import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from './prisma';
import type { BlacklistReason, DeviceFacts, LegalitySource, ProofStatus } from '../domain/verdict';

type Row = { k: string; a: string | null; b: string | null; t1: string | Date | null; t2: string | Date | null };

function toDate(v: string | Date | null): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(v);
}

export async function loadDeviceFacts(prisma: Db, identity: string): Promise<DeviceFacts> {
  const tac = identity.slice(0, 8);
  const rows = await prisma.$queryRaw<Row[]>(Prisma.sql`
    SELECT 'tac' AS k, brand AS a, model AS b, NULL::timestamptz AS t1, NULL::timestamptz AS t2 FROM tac_records WHERE tac = ${tac}
    UNION ALL
    SELECT 'tacdb', NULL, NULL, NULL::timestamptz, NULL::timestamptz WHERE EXISTS (SELECT 1 FROM tac_records)
    UNION ALL
    SELECT 'bl', reason, NULL, "listedAt", "removedAt" FROM gsma_blacklist WHERE identity = ${identity}
    UNION ALL
    SELECT 'legal', source, NULL, "recordedAt", NULL::timestamptz FROM legality_records WHERE identity = ${identity}
    UNION ALL
    SELECT 'reg', NULL, NULL, MIN("firstSeenAt"), NULL::timestamptz FROM network_registrations WHERE identity = ${identity}
    UNION ALL
    SELECT 'proof', a.status, NULL, a."filedAt", NULL::timestamptz
      FROM application_devices d JOIN applications a ON a.id = d."applicationId"
     WHERE d.identity = ${identity}
  `);

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
        facts.blacklist.push({ reason: r.a as BlacklistReason, listedAt: toDate(r.t1)!, removedAt: toDate(r.t2) });
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
