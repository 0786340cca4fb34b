import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createTestDb } from '../lib/data/test-db';
import type { Db } from '../lib/data/prisma';
import { TOKEN_PATTERN } from '../lib/domain/api-clients';

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ prisma, databaseUrl, dispose } = await createTestDb());
});
afterAll(() => dispose());

function cli(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/api-client-create.ts', ...args],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    },
  );
  return { status: r.status, out: r.stdout, err: r.stderr };
}
const lines = (s: string) => s.trimEnd().split('\n');

describe('npm run api-client:create', () => {
  it('creates an operator client: a summary, then the token alone on the last line; only its hash is stored; audited as cli', async () => {
    const r = cli(
      '--name',
      'Beeline EIR',
      '--scope',
      'eir',
      '--scope',
      'lists',
      '--operator',
      'Beeline',
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain('created API client "Beeline EIR"');
    expect(r.out).toContain('scopes eir, lists; operator Beeline');
    const token = lines(r.out).at(-1)!;
    expect(token).toMatch(TOKEN_PATTERN);
    expect(r.out.split(token).length).toBe(2); // printed once
    const row = await prisma.apiClient.findUniqueOrThrow({ where: { name: 'Beeline EIR' } });
    expect(row).toMatchObject({
      scopes: ['eir', 'lists'],
      operator: 'Beeline',
      supplierSource: null,
      createdBy: 'cli',
      revokedAt: null,
    });
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'API_CLIENT_CREATED', target: 'Beeline EIR' },
    });
    expect(audit).toMatchObject({ actorEmail: 'cli', actorId: null });
    expect(JSON.stringify(audit)).not.toContain(token.slice(7));
  });

  it('creates a supplier client', async () => {
    const r = cli(
      '--name',
      'Alpha import',
      '--scope',
      'legality',
      '--supplier',
      'service_centre',
      '--organisation',
      'Alpha Service LLP',
    );
    expect(r.status).toBe(0);
    expect(r.out).toContain('scopes legality; service centre Alpha Service LLP');
    expect(lines(r.out).at(-1)).toMatch(TOKEN_PATTERN);
    expect(
      await prisma.apiClient.findUniqueOrThrow({ where: { name: 'Alpha import' } }),
    ).toMatchObject({ supplierSource: 'service_centre', organisation: 'Alpha Service LLP' });
  });

  it('refuses what the schema refuses, says why, prints no token and writes nothing', async () => {
    const before = await prisma.apiClient.count();
    const cases: [string[], string][] = [
      [['--scope', 'lists'], '--name is required'],
      [['--name', 'x'], 'at least one --scope is required'],
      [
        ['--name', 'x', '--scope', 'root'],
        '--scope must be one of eir, registrations, legality, lists',
      ],
      [
        ['--name', 'x', '--scope', 'legality'],
        'a client with the legality scope must be a supplier',
      ],
      [
        ['--name', 'x', '--scope', 'legality', '--supplier', 'importer'],
        '--supplier needs --organisation',
      ],
      [
        ['--name', 'x', '--scope', 'legality', '--supplier', 'smuggler', '--organisation', 'A'],
        '--supplier must be one of manufacturer, importer, service_centre',
      ],
      [['--name', 'x', '--scope', 'eir'], 'must name its operator: --operator <name>'],
      [['--name', 'x', '--scope', 'lists', '--token', 'mine'], "Unknown option '--token'"],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
      expect(r.err).toContain('usage: npm run api-client:create');
      expect(r.out).not.toMatch(/kzimei_/);
    }
    expect(await prisma.apiClient.count()).toBe(before);
  });

  it('refuses a name that is taken, with status 1', () => {
    const r = cli('--name', 'Beeline EIR', '--scope', 'lists');
    expect(r.status).toBe(1);
    expect(r.err).toContain('an API client with this name exists already');
    expect(r.out).not.toMatch(/kzimei_/);
  });
});
