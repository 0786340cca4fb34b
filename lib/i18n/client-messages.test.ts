import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ru from '../../messages/ru.json' with { type: 'json' };
import { PUBLIC_CLIENT_NAMESPACES, STAFF_CLIENT_NAMESPACES, pickMessages } from './client-messages';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('the messages sent to the browser', () => {
  const clientFiles = sources(path.join(ROOT, 'app')).filter((f) =>
    /^\s*['"]use client['"]/.test(fs.readFileSync(f, 'utf8')),
  );

  it('cover every namespace a client component translates with', () => {
    const sent = new Set<string>([...PUBLIC_CLIENT_NAMESPACES, ...STAFF_CLIENT_NAMESPACES]);
    const missing: string[] = [];
    for (const f of clientFiles) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/useTranslations\(\s*['"]([\w.]+)['"]/g)) {
        const ns = m[1].split('.')[0];
        if (!sent.has(ns)) missing.push(`${path.relative(ROOT, f)}: ${ns}`);
      }
      // a bare useTranslations() would need every message
      expect(/useTranslations\(\s*\)/.test(text), path.relative(ROOT, f)).toBe(false);
    }
    expect(missing).toEqual([]);
    expect(clientFiles.length).toBeGreaterThan(5);
  });

  it('name namespaces that exist, and leave the server-only ones out', () => {
    for (const ns of [...PUBLIC_CLIENT_NAMESPACES, ...STAFF_CLIENT_NAMESPACES])
      expect(ru, ns).toHaveProperty(ns);
    const picked = pickMessages(ru, PUBLIC_CLIENT_NAMESPACES);
    expect(Object.keys(picked)).toEqual([...PUBLIC_CLIENT_NAMESPACES]);
    for (const serverOnly of ['result', 'reasons', 'home', 'admin', 'notifications'])
      expect(picked).not.toHaveProperty(serverOnly);
  });
});
