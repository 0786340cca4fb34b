/**
 * The hostile-input corpus (e2e/corpus/*.json) as a whole: each file is replayed by its own test
 * (README, "Hostile inputs"); this keeps the total at 300 or more and every entry named once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.join(import.meta.dirname, '..', 'e2e', 'corpus');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('the hostile-input corpus', () => {
  it('covers every surface with 300 inputs or more', () => {
    expect(files.sort()).toEqual([
      'check-form.json',
      'feeds.json',
      'forms.json',
      'imei-api.json',
      'uploads.json',
    ]);
    const total = files.reduce(
      (n, f) => n + (JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as unknown[]).length,
      0,
    );
    expect(total).toBeGreaterThanOrEqual(300);
  });
  it('names each entry once within its file', () => {
    for (const f of files) {
      const entries = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { name: string }[];
      const names = entries.map((e) => e.name);
      expect(
        names.every((n) => typeof n === 'string' && n.length > 0),
        f,
      ).toBe(true);
      expect(new Set(names).size, f).toBe(names.length);
    }
  });
});
