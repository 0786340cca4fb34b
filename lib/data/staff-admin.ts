/**
 * What administrators read: the staff list, the audit log and the history of feed imports.
 * Each function checks the role itself.
 */
import 'server-only';
import type { Db } from './prisma';
import { listStaff, type Staff, type StaffRow } from './staff';
import { listAudit } from './audit';
import { Forbidden } from './admin';
import { roleAllows } from '../domain/staff-rules';

function assertAdmin(staff: Staff | null): asserts staff is Staff {
  if (!staff || !roleAllows(staff.role, 'admin')) throw new Forbidden('forbidden');
}

export async function listStaffFor(prisma: Db, staff: Staff | null): Promise<StaffRow[]> {
  assertAdmin(staff);
  return listStaff(prisma);
}

export async function listAuditFor(prisma: Db, staff: Staff | null, options: { page: number }) {
  assertAdmin(staff);
  return listAudit(prisma, options);
}

export async function listFeedImports(prisma: Db, staff: Staff | null) {
  assertAdmin(staff);
  return prisma.feedImport.findMany({ orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }], take: 50 });
}
