import 'server-only';
/**
 * Whether this instance can serve: the database answers and every migration in
 * prisma/migrations has been applied to it (for a load balancer's readiness probe).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sqlState, type Db } from './prisma';

export type Readiness =
  | { ready: true }
  | { ready: false; code: 'DATABASE_UNREACHABLE' | 'MIGRATIONS_PENDING' | 'MIGRATIONS_UNKNOWN' };

/** A probe answers within this; a database slower than that is as good as unreachable to a load balancer. */
const PROBE_TIMEOUT_MS = 5_000;

let expected: string[] | undefined;
/** The migration folders this build ships (read once). */
function expectedMigrations(
  dir = path.join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations'),
): string[] {
  expected ??= fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return expected;
}

export async function readiness(
  prisma: Db,
  options: { migrations?: string[]; timeoutMs?: number } = {},
): Promise<Readiness> {
  const { migrations, timeoutMs = PROBE_TIMEOUT_MS } = options;
  let wanted: string[];
  try {
    wanted = migrations ?? expectedMigrations();
  } catch {
    return { ready: false, code: 'MIGRATIONS_UNKNOWN' }; // this build's prisma/migrations cannot be read
  }
  let applied: Set<string>;
  try {
    const query = prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('probe timed out')), timeoutMs);
    });
    const rows = await Promise.race([query, timeout]).finally(() => clearTimeout(timer));
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (e) {
    // No _prisma_migrations table yet: the database answers but was never migrated.
    if (sqlState(e) === '42P01') return { ready: false, code: 'MIGRATIONS_PENDING' };
    return { ready: false, code: 'DATABASE_UNREACHABLE' };
  }
  return wanted.every((m) => applied.has(m))
    ? { ready: true }
    : { ready: false, code: 'MIGRATIONS_PENDING' };
}
