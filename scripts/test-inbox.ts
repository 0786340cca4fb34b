/**
 * The test inbox: ONE process with a local SMTP server and a local HTTP SMS gateway, which the
 * end-to-end servers and the vitest tests of transports and the worker send to over the real
 * protocols (nothing inside the app is stubbed).
 *
 *   INBOX_HTTP_PORT (default 3390)  HTTP: the SMS gateway and the inbox
 *   INBOX_SMTP_PORT (default 3391)  SMTP (no TLS, any sender, any recipient)
 *   INBOX_TOKEN     (default e2e-gateway-token)  the bearer token the gateway requires
 *
 *   POST /sms       {"id","to","text"} with Authorization: Bearer <token> and Idempotency-Key:
 *                   200 stored; 409 a repeated Idempotency-Key (not stored twice); 401 a wrong
 *                   token; 400 a malformed body; or the status set by /control
 *   GET  /messages?to=<recipient>   [{channel, to, subject, text, id, at}], newest last (all without ?to)
 *   POST /control   {"failNext": n, "status": 503}: the next n sends (SMS and email) fail with that status
 *                   (an SMTP failure answers 451 for a 5xx status given, 550 for a 4xx)
 *   POST /reset     forget every message
 *   GET  /healthz   {"status":"UP"}
 *
 * Printed on start: "test inbox: http <port> smtp <port>" (port 0 picks free ones).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { InboxMessage } from '../lib/notify/test-inbox-process';

const messages: InboxMessage[] = [];
const keys = new Set<string>();
let failNext = 0;
let failStatus = 503;
const token = process.env.INBOX_TOKEN ?? 'e2e-gateway-token';

function takeFailure(): number | null {
  if (failNext <= 0) return null;
  failNext--;
  return failStatus;
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  // One request per connection: a client never reuses a socket the server is about to close.
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const httpServer = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://inbox');
    if (req.method === 'GET' && url.pathname === '/healthz')
      return json(res, 200, { status: 'UP' });
    if (req.method === 'GET' && url.pathname === '/messages') {
      const to = url.searchParams.get('to');
      return json(res, 200, to ? messages.filter((m) => m.to === to) : messages);
    }
    if (req.method === 'POST' && url.pathname === '/control') {
      const body = JSON.parse((await readBody(req)) || '{}') as {
        failNext?: number;
        status?: number;
      };
      failNext = Math.max(0, Number(body.failNext ?? 0));
      failStatus = Number(body.status ?? 503);
      return json(res, 200, { failNext, status: failStatus });
    }
    if (req.method === 'POST' && url.pathname === '/reset') {
      messages.length = 0;
      keys.clear();
      failNext = 0;
      return json(res, 200, { ok: true });
    }
    if (req.method === 'POST' && url.pathname === '/sms') {
      if (req.headers.authorization !== `Bearer ${token}`)
        return json(res, 401, { error: 'unauthorized' });
      const raw = await readBody(req);
      const fail = takeFailure();
      if (fail !== null) return json(res, fail, { error: 'failing on purpose' });
      let body: { id?: unknown; to?: unknown; text?: unknown };
      try {
        body = JSON.parse(raw);
      } catch {
        return json(res, 400, { error: 'not JSON' });
      }
      if (
        typeof body.to !== 'string' ||
        typeof body.text !== 'string' ||
        !/^\+\d{6,15}$/.test(body.to)
      )
        return json(res, 400, { error: 'to and text required' });
      const key = String(req.headers['idempotency-key'] ?? '');
      if (key && keys.has(key)) return json(res, 409, { error: 'duplicate', id: key });
      if (key) keys.add(key);
      messages.push({
        channel: 'SMS',
        id: typeof body.id === 'string' ? body.id : null,
        to: body.to,
        subject: null,
        text: body.text,
        at: new Date().toISOString(),
      });
      return json(res, 200, { accepted: true, id: key || null });
    }
    json(res, 404, { error: 'not found' });
  } catch (e) {
    json(res, 500, { error: (e as Error).message });
  }
});

const smtpServer = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const fail = takeFailure();
    simpleParser(stream)
      .then((mail) => {
        if (fail !== null) {
          const err = new Error('failing on purpose') as Error & { responseCode: number };
          err.responseCode = fail >= 500 ? 451 : 550;
          return callback(err);
        }
        const rcpts = session.envelope.rcptTo.map((r) => r.address);
        for (const to of rcpts) {
          messages.push({
            channel: 'EMAIL',
            id: mail.messageId ?? null,
            to,
            subject: mail.subject ?? '',
            text: (mail.text ?? '').trim(),
            at: new Date().toISOString(),
          });
        }
        callback();
      })
      .catch((e: Error) => callback(e));
  },
});

httpServer.keepAliveTimeout = 60_000;

const httpPort = Number(process.env.INBOX_HTTP_PORT ?? 3390);
const smtpPort = Number(process.env.INBOX_SMTP_PORT ?? 3391);
httpServer.listen(httpPort, '127.0.0.1', () => {
  smtpServer.listen(smtpPort, '127.0.0.1', () => {
    const h = (httpServer.address() as AddressInfo).port;
    const s = (smtpServer.server.address() as AddressInfo).port;
    console.log(`test inbox: http ${h} smtp ${s}`);
  });
});
const stop = () => {
  httpServer.close();
  smtpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
