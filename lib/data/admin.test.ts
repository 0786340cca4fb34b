import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from './test-db';
import type { Db } from './prisma';
import { audit } from './audit';
import {
  auditLogForStaff,
  documentForStaff,
  listFeedImports,
  listQueue,
  parseAuditFilters,
  parseQueueFilters,
} from './admin';
import { Forbidden, systemActor, type Actor, type StaffActor } from '../domain/actor';

let prisma: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ prisma, dispose } = await createTestDb());
});
afterAll(() => dispose());

const support: StaffActor = {
  kind: 'staff',
  id: 0,
  email: 'support@test.kz',
  role: 'support',
  ip: null,
};
const admin: StaffActor = { kind: 'staff', id: 0, email: 'admin@test.kz', role: 'admin', ip: null };
// 15:00 in Astana (UTC+5)
const NOW = new Date('2026-11-24T10:00:00Z');
const H = 3_600_000;

let n = 0;
async function application(o: {
  filedAt: Date;
  status?: string;
  possessionProven?: boolean;
  fullName?: string;
}) {
  n++;
  return prisma.application.create({
    data: {
      reference: `T${String(n).padStart(3, '0')}-AAAA`,
      status: o.status ?? 'SUBMITTED',
      fullName: o.fullName ?? `Applicant ${n}`,
      filedAt: o.filedAt,
      possessionProven: o.possessionProven ?? false,
    },
  });
}

describe('the review queue', () => {
  beforeAll(async () => {
    support.id = (
      await prisma.staffUser.create({
        data: {
          email: support.email,
          role: 'support',
          passwordHash: 'x',
          createdAt: NOW,
          passwordChangedAt: NOW,
        },
      })
    ).id;
    admin.id = (
      await prisma.staffUser.create({
        data: {
          email: admin.email,
          role: 'admin',
          passwordHash: 'x',
          createdAt: NOW,
          passwordChangedAt: NOW,
        },
      })
    ).id;
    await application({ filedAt: new Date(NOW.getTime() - 14 * H), fullName: 'Today early' }); // 01:00 today, Astana
    await application({
      filedAt: new Date(NOW.getTime() - 16 * H),
      fullName: 'Yesterday late',
      possessionProven: true,
    }); // 23:00 yesterday
    await application({ filedAt: new Date(NOW.getTime() - 5 * 24 * H), fullName: 'Five days' });
    await application({
      filedAt: new Date(NOW.getTime() - 10 * 24 * H),
      fullName: 'Ten days',
      status: 'APPROVED',
    });
  });

  const names = async (q: Record<string, string>) =>
    (await listQueue(prisma, support, parseQueueFilters(q), NOW)).rows.map((r) => r.fullName);

  it('filters by age in Astana calendar days, by possession and by status, and sorts', async () => {
    expect(await names({})).toEqual(['Five days', 'Yesterday late', 'Today early']);
    expect(await names({ age: 'today' })).toEqual(['Today early']);
    expect(await names({ age: 'days1to3' })).toEqual(['Yesterday late']);
    expect(await names({ age: 'days4to7' })).toEqual(['Five days']);
    expect(await names({ age: 'over7', status: 'all' })).toEqual(['Ten days']);
    expect(await names({ possession: 'proven' })).toEqual(['Yesterday late']);
    expect(await names({ possession: 'notProven', sort: 'newest' })).toEqual([
      'Today early',
      'Five days',
    ]);
    expect(await names({ status: 'APPROVED' })).toEqual(['Ten days']);
  });

  it('ignores unknown filter values instead of failing', async () => {
    expect(
      parseQueueFilters({ status: 'DROP TABLE', age: 'forever', possession: 1, sort: 'random' }),
    ).toEqual({ status: 'open', age: 'any', possession: 'any', sort: 'oldest' });
  });
});

describe('documents viewed', () => {
  it('records one view per document a reviewer opens, however often the viewer asks for it', async () => {
    const a = await application({ filedAt: NOW, status: 'IN_REVIEW' });
    const doc = (name: string) =>
      prisma.applicationDocument.create({
        data: {
          applicationId: a.id,
          storedName: `${crypto.randomUUID()}.pdf`,
          originalName: name,
          size: 10,
          mimeType: 'application/pdf',
          sha256: 'x',
          uploadedAt: NOW,
        },
      });
    const [one, two] = [await doc('one.pdf'), await doc('two.pdf')];
    const views = () =>
      prisma.auditEvent.count({ where: { action: 'DOCUMENT_VIEWED', target: a.reference } });
    await documentForStaff(prisma, support, one.id, NOW);
    await documentForStaff(prisma, support, one.id, new Date(NOW.getTime() + 5_000)); // the PDF viewer asks again
    expect(await views()).toBe(1);
    await documentForStaff(prisma, support, two.id, new Date(NOW.getTime() + 10_000));
    expect(await views()).toBe(2);
    await documentForStaff(prisma, support, one.id, new Date(NOW.getTime() + 10 * 60_000)); // opened again later
    expect(await views()).toBe(3);
  });
});

describe('the audit log for administrators', () => {
  it('filters by action, actor, target and Astana days, a page at a time', async () => {
    const day = new Date('2026-11-20T04:00:00Z'); // 09:00 on 20.11 in Astana
    await audit(
      prisma,
      { id: null, email: 'operator-cli' },
      {
        action: 'APPLICATION_DECIDED',
        target: 'AUDT-0001',
        details: 'REJECTED DOCUMENTS_MISMATCH',
      },
      day,
    );
    await audit(
      prisma,
      admin,
      { action: 'DOCUMENT_VIEWED', target: 'AUDT-0001', details: 'document 1 (application/pdf)' },
      day,
    );
    await audit(
      prisma,
      admin,
      { action: 'DOCUMENT_VIEWED', target: 'AUDT-0002', details: 'document 2 (application/pdf)' },
      new Date('2026-11-21T04:00:00Z'),
    );
    const actions = ['APPLICATION_DECIDED', 'DOCUMENT_VIEWED'];
    const list = async (q: Record<string, string>) =>
      (
        await auditLogForStaff(prisma, admin, { ...parseAuditFilters(q, actions), page: 1 })
      ).rows.map((r) => `${r.action} ${r.target}`);
    expect(await list({ target: 'audt-0001' })).toEqual([
      'DOCUMENT_VIEWED AUDT-0001',
      'APPLICATION_DECIDED AUDT-0001',
    ]);
    expect(await list({ target: 'AUDT', action: 'DOCUMENT_VIEWED' })).toEqual([
      'DOCUMENT_VIEWED AUDT-0002',
      'DOCUMENT_VIEWED AUDT-0001',
    ]);
    expect(await list({ target: 'AUDT', actor: 'cli' })).toEqual(['APPLICATION_DECIDED AUDT-0001']);
    expect(await list({ target: 'AUDT', actor: String(admin.id) })).toEqual([
      'DOCUMENT_VIEWED AUDT-0002',
      'DOCUMENT_VIEWED AUDT-0001',
    ]);
    expect(await list({ target: 'AUDT', from: '2026-11-21' })).toEqual([
      'DOCUMENT_VIEWED AUDT-0002',
    ]);
    expect(await list({ target: 'AUDT', to: '2026-11-20' })).toEqual([
      'DOCUMENT_VIEWED AUDT-0001',
      'APPLICATION_DECIDED AUDT-0001',
    ]);
    expect(await list({ target: 'AUDT', action: 'NOT_AN_ACTION', from: 'yesterday' })).toHaveLength(
      3,
    );
    await expect(auditLogForStaff(prisma, support, { page: 1 })).rejects.toThrow('forbidden');
  });
});

describe('authorisation', () => {
  it('a support user is refused what only administrators read; nobody is refused everything', async () => {
    await expect(auditLogForStaff(prisma, support, { page: 1 })).rejects.toBeInstanceOf(Forbidden);
    await expect(listFeedImports(prisma, support)).rejects.toBeInstanceOf(Forbidden);
    await expect(listFeedImports(prisma, admin)).resolves.toBeInstanceOf(Array);
    for (const nobody of [
      undefined,
      null,
      { id: null, email: 'cli' },
      { id: admin.id, email: admin.email, role: 'admin' },
    ]) {
      await expect(listQueue(prisma, nobody as unknown as Actor, {}, NOW)).rejects.toBeInstanceOf(
        Forbidden,
      );
    }
  });

  it('a system actor reads what a command line tool may', async () => {
    await expect(auditLogForStaff(prisma, systemActor('cli'), { page: 1 })).resolves.toMatchObject({
      page: 1,
    });
  });
});
