import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createTestDb } from '../lib/data/test-db';
import type { Db } from '../lib/data/prisma';

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ prisma, databaseUrl, dispose } = await createTestDb());
});
afterAll(() => dispose());

function cli(input: string, ...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/staff-create.ts', ...args],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      input,
      encoding: 'utf8',
    },
  );
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const SECRET = 'SFVBQTAPEP7SW2PT42QGTBKR24SQJKY7';

describe('npm run staff:create', () => {
  it('without a given secret: the account enrols its second factor at the first sign-in', async () => {
    const r = cli(
      'a long password 12\n',
      '--email',
      'plain@x.kz',
      '--role',
      'admin',
      '--password-stdin',
    );
    expect(r.status).toBe(0);
    expect(r.out).toContain(
      'created admin plain@x.kz (enrols a second factor at the first sign-in)',
    );
    expect(
      await prisma.staffUser.findUniqueOrThrow({ where: { email: 'plain@x.kz' } }),
    ).toMatchObject({ totpSecret: null, totpConfirmedAt: null });
  });

  it('--totp-secret-stdin enrols the secret on the line after the password, never echoed', async () => {
    const r = cli(
      `a long password 12\n${SECRET.toLowerCase().replace(/(.{4})/g, '$1 ')}\n`,
      '--email',
      'robot@x.kz',
      '--role',
      'support',
      '--password-stdin',
      '--totp-secret-stdin',
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain('created support robot@x.kz with the given second factor');
    expect(r.out).not.toContain(SECRET);
    const user = await prisma.staffUser.findUniqueOrThrow({ where: { email: 'robot@x.kz' } });
    expect(user.totpSecret).toBe(SECRET);
    expect(user.totpConfirmedAt).not.toBeNull();
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'TWO_FACTOR_ENROLLED' },
    });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('refuses a secret that is not Base32 of 16 bytes, and creates nothing', async () => {
    const r = cli(
      'a long password 12\nJBSWY3DPEHPK3PXP\n',
      '--email',
      'short@x.kz',
      '--role',
      'support',
      '--password-stdin',
      '--totp-secret-stdin',
    );
    expect(r.status).toBe(1);
    expect(r.err).toContain('the TOTP secret must be Base32');
    expect(await prisma.staffUser.findUnique({ where: { email: 'short@x.kz' } })).toBeNull();
  });
});
