import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { setUpTestDb } from './test-db';
import type { Db } from './prisma';
import { createApiClient, findClientByToken, listApiClients, revokeApiClient } from './api-clients';
import { Forbidden, staffActor, systemActor, type Actor } from '../domain/actor';
import { apiClientSchema } from '../schemas/api-client-form';
import { TOKEN_PATTERN } from '../domain/api-clients';

let prisma: Db;
setUpTestDb((t) => ({ prisma } = t));

const admin = staffActor({ id: 0, email: 'admin@x.kz', role: 'admin' }, '10.0.0.7');
const cli = systemActor('cli');
const T = new Date('2026-11-25T10:00:00Z');
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

beforeAll(async () => {
  // a real staff row, so the audit rows point at someone
  const u = await prisma.staffUser.create({
    data: {
      email: admin.email,
      role: 'admin',
      passwordHash: 'x',
      createdAt: T,
      passwordChangedAt: T,
    },
  });
  admin.id = u.id;
});

describe('API clients', () => {
  it('a created client is found by its token, and by nothing else', async () => {
    const r = await createApiClient(
      prisma,
      apiClientSchema.parse({
        name: 'Beeline EIR',
        scopes: ['eir', 'lists', 'eir'],
        operator: 'Beeline',
      }),
      cli,
      T,
    );
    if (!r.ok) throw new Error(r.code);
    expect(r.token).toMatch(TOKEN_PATTERN);
    expect(r.client).toMatchObject({
      name: 'Beeline EIR',
      scopes: ['eir', 'lists'],
      operator: 'Beeline',
      supplier: null,
      createdBy: 'cli',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(await findClientByToken(prisma, r.token)).toEqual({
      id: r.client.id,
      name: 'Beeline EIR',
      scopes: ['eir', 'lists'],
      operator: 'Beeline',
      supplier: null,
    });
    expect(
      await findClientByToken(prisma, r.token.slice(0, -1) + (r.token.endsWith('A') ? 'B' : 'A')),
    ).toBeNull();
  });

  it('stores only the SHA-256 of the token, never the token', async () => {
    const r = await createApiClient(
      prisma,
      apiClientSchema.parse({
        name: 'Alpha import',
        scopes: ['legality'],
        supplierSource: 'importer',
        organisation: 'Alpha LLP',
      }),
      cli,
      T,
    );
    if (!r.ok) throw new Error(r.code);
    const secret = r.token.slice('kzimei_'.length);
    const [row] = await prisma.$queryRaw<
      { json: string; tokenHash: string }[]
    >`SELECT row_to_json(c)::text AS json, c."tokenHash" FROM api_clients c WHERE c.name = 'Alpha import'`;
    expect(row.tokenHash).toBe(sha256(r.token));
    expect(row.json).not.toContain(secret);
    const audits = await prisma.$queryRaw<
      { json: string }[]
    >`SELECT row_to_json(a)::text AS json FROM audit_log a`;
    for (const a of audits) expect(a.json).not.toContain(secret);
    expect((await findClientByToken(prisma, r.token))?.supplier).toEqual({
      source: 'importer',
      organisation: 'Alpha LLP',
    });
  });

  it('a name is taken once', async () => {
    const input = apiClientSchema.parse({ name: 'Kcell lists', scopes: ['lists'] });
    expect(await createApiClient(prisma, input, cli, T)).toMatchObject({ ok: true });
    expect(await createApiClient(prisma, input, cli, T)).toEqual({ ok: false, code: 'NAME_TAKEN' });
  });

  it('a revoked client is refused at once; revoking twice or an unknown client answers false', async () => {
    const r = await createApiClient(
      prisma,
      apiClientSchema.parse({
        name: 'Tele2 registrations',
        scopes: ['registrations'],
        operator: 'Tele2',
      }),
      admin,
    );
    if (!r.ok) throw new Error(r.code);
    expect(r.client.createdBy).toBe(admin.email);
    expect(await findClientByToken(prisma, r.token)).not.toBeNull();
    expect(await revokeApiClient(prisma, r.client.id, admin)).toBe(true);
    expect(await findClientByToken(prisma, r.token)).toBeNull();
    expect(await revokeApiClient(prisma, r.client.id, admin)).toBe(false);
    expect(await revokeApiClient(prisma, 999_999, admin)).toBe(false);
    const listed = (await listApiClients(prisma, admin)).find((c) => c.id === r.client.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    // active clients first, then by name
    const names = (await listApiClients(prisma, admin)).map(
      (c) => `${c.revokedAt ? 'revoked' : 'active'} ${c.name}`,
    );
    expect(names).toEqual([
      'active Alpha import',
      'active Beeline EIR',
      'active Kcell lists',
      'revoked Tele2 registrations',
    ]);
  });

  it('writes an audit row for every creation and revocation, with who and from where', async () => {
    const rows = await prisma.auditEvent.findMany({
      where: { action: { startsWith: 'API_CLIENT_' } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((a) => [a.action, a.actorEmail, a.target])).toEqual([
      ['API_CLIENT_CREATED', 'cli', 'Beeline EIR'],
      ['API_CLIENT_CREATED', 'cli', 'Alpha import'],
      ['API_CLIENT_CREATED', 'cli', 'Kcell lists'],
      ['API_CLIENT_CREATED', admin.email, 'Tele2 registrations'],
      ['API_CLIENT_REVOKED', admin.email, 'Tele2 registrations'],
    ]);
    const byAdmin = rows.filter((a) => a.actorEmail === admin.email);
    for (const a of byAdmin) expect(a).toMatchObject({ actorId: admin.id, ip: admin.ip });
    expect(rows[0].details).toBe('scopes eir,lists');
  });

  it('only an administrator (or the CLI) may list, create or revoke', async () => {
    const support = staffActor(
      { id: admin.id, email: 'support@x.kz', role: 'support' },
      '10.0.0.8',
    );
    await expect(listApiClients(prisma, support)).rejects.toBeInstanceOf(Forbidden);
    await expect(listApiClients(prisma, null as unknown as Actor)).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(
      createApiClient(
        prisma,
        apiClientSchema.parse({ name: 'sneaky', scopes: ['lists'] }),
        support,
      ),
    ).rejects.toBeInstanceOf(Forbidden);
    // the old ad-hoc "CLI" shape is refused: only systemActor('cli') acts as the command line
    await expect(
      createApiClient(prisma, apiClientSchema.parse({ name: 'sneaky', scopes: ['lists'] }), {
        id: null,
        email: 'cli',
      } as unknown as Actor),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(revokeApiClient(prisma, 1, support)).rejects.toBeInstanceOf(Forbidden);
    expect(await prisma.apiClient.count({ where: { name: 'sneaky' } })).toBe(0);
    expect(await listApiClients(prisma, cli)).toHaveLength(4);
  });
});
