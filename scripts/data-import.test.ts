import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb } from '../lib/data/test-db';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-import-cli-'));
let databaseUrl: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ databaseUrl, dispose } = await createTestDb());
});
afterAll(async () => {
  await dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/data-import.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
function file(name: string, text: string) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('npm run data:import', () => {
  it('imports a file, and a second import of it changes nothing', () => {
    const f = file('reg.csv', 'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567890,77015550011,Beeline,2026-11-01\n');
    const first = cli('registrations', f);
    expect(first.status).toBe(0);
    expect(first.out).toContain('1 rows, 1 new or changed');
    const second = cli('registrations', f);
    expect(second.status).toBe(0);
    expect(second.out).toContain('1 rows, 0 new or changed');
  });

  it('refuses a bad file with a non-zero status and every bad row by line', () => {
    const f = file('bad.csv', 'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567891,77015550011,Kcell,2026-11-02\n352099001761482,4010,123,Kcell,2026-11-02\n');
    const r = cli('registrations', f);
    expect(r.status).toBe(1);
    expect(r.err).toContain('nothing was written');
    expect(r.err).toContain('line 3: imei:');
    expect(r.err).toContain('line 3: imsi:');
    expect(r.err).toContain('line 3: msisdn:');
    // the good row of the refused file was not written: importing it now adds it
    const good = file('good.csv', 'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567891,77015550011,Kcell,2026-11-02\n');
    expect(cli('registrations', good).out).toContain('1 new or changed');
  });

  it('explains its usage', () => {
    const r = cli('nonsense', 'x.csv');
    expect(r.status).toBe(2);
    expect(r.err).toContain('unknown kind');
    expect(r.err).toContain('gsma-blacklist');
  });
});
