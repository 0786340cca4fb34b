/**
 * What administrators read and manage: the staff list, the audit log, the history of feed
 * imports and the API clients. Each function checks the role itself.
 */
import 'server-only';
import type { Db } from './prisma';
import { listStaff, type Staff, type StaffRow } from './staff';
import { Forbidden } from './admin';
import { roleAllows } from '../domain/staff-rules';
import { createApiClient, listApiClients, revokeApiClient, type ApiClientRow, type CreateResult } from './api-clients';
import type { ApiClientInput } from '../schemas/api-client-form';

function assertAdmin(staff: Staff | null): asserts staff is Staff {
  if (!staff || !roleAllows(staff.role, 'admin')) throw new Forbidden('forbidden');
}

export async function listStaffFor(prisma: Db, staff: Staff | null): Promise<StaffRow[]> {
  assertAdmin(staff);
  return listStaff(prisma);
}

export async function listFeedImports(prisma: Db, staff: Staff | null) {
  assertAdmin(staff);
  return prisma.feedImport.findMany({ orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }], take: 50 });
}

export async function listApiClientsFor(prisma: Db, staff: Staff | null): Promise<ApiClientRow[]> {
  assertAdmin(staff);
  return listApiClients(prisma);
}

/** Creates an API client in the administrator's name (audited); the token is in the answer only. */
export async function createApiClientAs(prisma: Db, staff: (Staff & { ip?: string }) | null, input: ApiClientInput): Promise<CreateResult> {
  assertAdmin(staff);
  return createApiClient(prisma, input, { id: staff.id, email: staff.email, ip: staff.ip ?? null });
}

/** Revokes an API client in the administrator's name (audited); false when unknown or already revoked. */
export async function revokeApiClientAs(prisma: Db, staff: (Staff & { ip?: string }) | null, id: number): Promise<boolean> {
  assertAdmin(staff);
  return revokeApiClient(prisma, id, { id: staff.id, email: staff.email, ip: staff.ip ?? null });
}
