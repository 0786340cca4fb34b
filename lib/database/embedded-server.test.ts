import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { canConnect, ensureEmbeddedServer } from './embedded-server';
import { embeddedSettings } from './embedded-settings';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

// A cluster of its own (a folder and a port of its own), beside the one the other tests use.
async function ownSettings() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-pg-test-'));
  return embeddedSettings({
    ...process.env,
    EMBEDDED_PG_DIR: dir,
    EMBEDDED_PG_PORT: String(await freePort()),
  });
}

describe('the embedded PostgreSQL', () => {
  it('starts once; the command that started it stops it only after the last other user is done', async () => {
    const settings = await ownSettings();
    try {
      const first = await ensureEmbeddedServer(settings); // initialises and starts the cluster
      expect(first.started).toBe(true);
      const second = await ensureEmbeddedServer(settings); // finds it running
      expect(second.started).toBe(false);
      expect(fs.statSync(settings.dir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(settings.passwordFile).mode & 0o777).toBe(0o600);

      await first.release(); // the starter ends while another command still uses it
      expect(await canConnect(first.adminUrl)).toBe(true);
      await second.release(); // the last user ends: the server stops
      expect(await canConnect(first.adminUrl)).toBe(false);

      const again = await ensureEmbeddedServer(settings); // the cluster is kept: it starts again
      const finder = await ensureEmbeddedServer(settings);
      await finder.release(); // a command that found it running leaves it running
      expect(await canConnect(again.adminUrl)).toBe(true);
      await again.release();
      expect(await canConnect(again.adminUrl)).toBe(false);
    } finally {
      fs.rmSync(settings.dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder that others may write to (its binaries would run)', async () => {
    const settings = await ownSettings();
    try {
      fs.chmodSync(settings.dir, 0o777);
      await expect(ensureEmbeddedServer(settings)).rejects.toThrow(/writable by no one else/);
    } finally {
      fs.rmSync(settings.dir, { recursive: true, force: true });
    }
  });
});
