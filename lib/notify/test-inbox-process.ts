/**
 * For tests: scripts/test-inbox.ts as a child process on free ports (real SMTP and HTTP), and a
 * small client for its /messages, /control and /reset.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A message the test inbox received (scripts/test-inbox.ts keeps them in this shape). */
export type InboxMessage = {
  channel: 'SMS' | 'EMAIL';
  id: string | null;
  to: string;
  subject: string | null;
  text: string;
  at: string;
};

export type TestInbox = {
  httpUrl: string;
  smsUrl: string;
  smtpUrl: string;
  token: string;
  messages: (to?: string) => Promise<InboxMessage[]>;
  failNext: (n: number, status?: number) => Promise<void>;
  reset: () => Promise<void>;
  stop: () => Promise<void>;
};

export async function startTestInbox(): Promise<TestInbox> {
  const root = path.resolve(import.meta.dirname, '../..');
  const token = 'test-gateway-token';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/test-inbox.ts'],
    {
      cwd: root,
      env: { ...process.env, INBOX_HTTP_PORT: '0', INBOX_SMTP_PORT: '0', INBOX_TOKEN: token },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ports = await new Promise<{ http: number; smtp: number }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('test inbox did not start')), 30_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /test inbox: http (\d+) smtp (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ http: Number(m[1]), smtp: Number(m[2]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`test inbox exited with ${code}`)));
  });
  const httpUrl = `http://127.0.0.1:${ports.http}`;
  const post = async (p: string, body: unknown) => {
    const res = await fetch(`${httpUrl}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
  };
  return {
    httpUrl,
    smsUrl: `${httpUrl}/sms`,
    smtpUrl: `smtp://127.0.0.1:${ports.smtp}`,
    token,
    messages: async (to) =>
      (
        await fetch(`${httpUrl}/messages${to ? `?to=${encodeURIComponent(to)}` : ''}`)
      ).json() as Promise<InboxMessage[]>,
    failNext: (n, status = 503) => post('/control', { failNext: n, status }),
    reset: () => post('/reset', {}),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
