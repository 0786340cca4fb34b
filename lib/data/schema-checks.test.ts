import { describe, expect, it } from 'vitest';
import { setUpTestDb } from './test-db';
import type { Db } from './prisma';
import { BLACKLIST_REASONS, LEGALITY_SOURCES, LISTS, PROOF_STATUSES } from '../domain/verdict';
import { API_SCOPES } from '../domain/api-clients';
import { REJECTION_REASONS } from '../domain/rejection-reasons';
import { STAFF_ROLES } from '../domain/staff-rules';
import { PENDING_STAGES } from '../domain/two-factor';
import { ARRIVAL_METHODS } from '../schemas/application-form';

let prisma: Db;
setUpTestDb((t) => ({ prisma } = t));

/** The quoted values a CHECK constraint allows, read back from PostgreSQL. */
async function allowed(constraint: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<
    { def: string }[]
  >`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = ${constraint}`;
  expect(rows, constraint).toHaveLength(1);
  return [...rows[0].def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]).sort();
}

// The closed sets are written twice, in lib/domain (and lib/schemas) and as CHECK constraints in
// the migrations (Prisma's schema language has none): this keeps the two equal.
describe('CHECK constraints match the domain', () => {
  it.each([
    ['gsma_blacklist_reason_check', BLACKLIST_REASONS],
    ['legality_records_source_check', LEGALITY_SOURCES],
    ['applications_status_check', PROOF_STATUSES],
    ['applications_decision_reason_check', REJECTION_REASONS],
    ['applications_arrival_method_check', ARRIVAL_METHODS],
    ['staff_users_role_check', STAFF_ROLES],
    ['applications_locale_check', ['kk', 'ru']],
    ['api_clients_scopes_check', API_SCOPES],
    ['api_clients_supplier_source_check', LEGALITY_SOURCES],
    ['device_lists_list_check', LISTS],
    ['list_changes_old_list_check', LISTS],
    ['list_changes_new_list_check', LISTS],
    ['staff_pending_sign_ins_stage_check', PENDING_STAGES],
  ] as const)('%s', async (constraint, values) => {
    expect(await allowed(constraint)).toEqual([...values].sort());
  });

  it('PostgreSQL itself refuses a value outside the set', async () => {
    await expect(
      prisma.$executeRaw`INSERT INTO staff_users (email, role, "passwordHash", "createdAt", "passwordChangedAt") VALUES ('x@x.kz', 'root', 'h', now(), now())`,
    ).rejects.toThrow(/staff_users_role_check/);
    await expect(
      prisma.$executeRaw`INSERT INTO tac_records (tac, brand, model, "updatedAt") VALUES ('1234', 'b', 'm', now())`,
    ).rejects.toThrow(/tac_records_tac_check/);
  });
});
