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

// The heap limit `npm run data:import` runs the importer with (package.json), so these tests run it the same way.
const npmScript: string = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts[
  'data:import'
];
const heap = /--max-old-space-size=\d+/.exec(npmScript)![0];

function cli(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [heap, '--conditions=react-server', '--import', 'tsx', 'scripts/data-import.ts', ...args],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    },
  );
  return { status: r.status, out: r.stdout, err: r.stderr };
}
function file(name: string, text: string) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('npm run data:import', () => {
  it('imports a file, and a second import of it changes nothing', () => {
    const f = file(
      'reg.csv',
      'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567890,77015550011,Beeline,2026-11-01\n',
    );
    const first = cli('registrations', f);
    expect(first.status).toBe(0);
    expect(first.out).toContain('1 rows, 1 new or changed');
    const second = cli('registrations', f);
    expect(second.status).toBe(0);
    expect(second.out).toContain('1 rows, 0 new or changed');
  });

  it('refuses a bad file with a non-zero status and every bad row by line', () => {
    const f = file(
      'bad.csv',
      'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567891,77015550011,Kcell,2026-11-02\n352099001761482,4010,123,Kcell,2026-11-02\n',
    );
    const r = cli('registrations', f);
    expect(r.status).toBe(1);
    expect(r.err).toContain('nothing was written');
    expect(r.err).toContain('line 3: imei:');
    expect(r.err).toContain('line 3: imsi:');
    expect(r.err).toContain('line 3: msisdn:');
    // the good row of the refused file was not written: importing it now adds it
    const good = file(
      'good.csv',
      'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567891,77015550011,Kcell,2026-11-02\n',
    );
    expect(cli('registrations', good).out).toContain('1 new or changed');
  });

  it(`refuses a 60 MB field, a 4 MB multi-line value and a 60 MB row of empty fields as row errors, within its heap (${heap})`, () => {
    expect(heap).toBe('--max-old-space-size=96');
    // Written in pieces: the test holds no 60 MB string either.
    const big = path.join(dir, 'big.csv');
    const fd = fs.openSync(big, 'w');
    const mb = 'x'.repeat(1 << 20);
    fs.writeSync(
      fd,
      'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567890,77015550011,Kcell,2026-11-01\n352099001761481,401011234567890,77015550011,',
    );
    for (let i = 0; i < 60; i++) fs.writeSync(fd, mb);
    fs.writeSync(fd, ',2026-11-01\n352099001761481,401011234567890,77015550011,"');
    for (let i = 0; i < 4; i++) fs.writeSync(fd, mb.replaceAll('x', '\n'));
    fs.writeSync(fd, '",2026-11-01\n');
    const commas = ','.repeat(1 << 20);
    for (let i = 0; i < 60; i++) fs.writeSync(fd, commas);
    fs.writeSync(fd, '\n352099001761481,4010,77015550011,Kcell,2026-11-01\n');
    fs.closeSync(fd);
    const r = cli('registrations', big);
    fs.rmSync(big);
    expect(r.err).not.toMatch(/heap|allocation failed/i);
    expect(r.status).toBe(1);
    expect(r.err).toContain('nothing was written');
    expect(r.err).toContain(
      'line 3: operator: a value is longer than 8192 bytes: the row was not read (FIELD_TOO_LONG)',
    );
    // the quoted value holds 4,194,304 line breaks: the next row is counted after them
    expect(r.err).toContain('line 4: operator: a value is longer than 8192 bytes');
    expect(r.err).toContain(
      `line ${5 + 4 * (1 << 20)}: —: the row is longer than 65536 bytes: it was not read (RECORD_TOO_LONG)`,
    );
    expect(r.err).toContain(`line ${6 + 4 * (1 << 20)}: imsi:`); // read on after them
    expect(r.err).toContain('4 bad row(s) of 5');
  }, 300_000);

  it('refuses a TAC repeated in one file, naming both lines', () => {
    const f = file(
      'tac.csv',
      'tac,brand,model\n35209900,Samsung,A55\n35391511,Apple,iPhone 15\n35209900,Samsung,A56\n',
    );
    const r = cli('tac', f);
    expect(r.status).toBe(1);
    expect(r.err).toContain(
      'line 4: tac: this TAC is already on line 2: each TAC appears once in a file (DUPLICATE_TAC)',
    );
  });

  it('explains its usage', () => {
    const r = cli('nonsense', 'x.csv');
    expect(r.status).toBe(2);
    expect(r.err).toContain('unknown kind');
    expect(r.err).toContain('gsma-blacklist');
  });
});
