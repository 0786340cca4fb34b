/**
 * The equipment identity check (3GPP TS 29.511 N5g-eir, `GET /n5g-eir-eic/v1/equipment-status`)
 * on a small server of its own, not Next: HTTP/1.1 and HTTP/2 without TLS (h2c with prior
 * knowledge) on one port, `pg` with one prepared statement per request, the verdict from the same
 * `verify()` as the portal. `GET /healthz` answers 200 while the process is up.
 *
 * One TCP server reads the first bytes of each connection: the HTTP/2 connection preface
 * (`PRI * HTTP/2.0…`) hands the socket to an `http2` server, anything else to an `http` server.
 */
import 'server-only';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import pg from 'pg';
import { bearerToken } from '../domain/api-clients';
import { DEFAULT_RULES, verify, type List, type Rules } from '../domain/verdict';
import { ApiClientCache, MAX_TOKEN_TTL_MS } from './api-client-cache';
import { loadFacts, recordAttach, type Attach } from './equipment-store';
import { parseEquipmentStatusQuery } from './equipment-status-query';
import { PROBLEMS, type Problem } from './problem-details';
import { RegistrationAudit } from './registration-audit';

export const EQUIPMENT_STATUS_PATH = '/n5g-eir-eic/v1/equipment-status';

/** S13 / N5g-eir equipment status, one to one with the lists (shared/domain.md). */
export const EQUIPMENT_STATUS: Record<List, 'WHITELISTED' | 'GREYLISTED' | 'BLACKLISTED'> = {
  WHITE: 'WHITELISTED',
  GREY: 'GREYLISTED',
  BLACK: 'BLACKLISTED',
};

export type EirServerOptions = {
  databaseUrl: string;
  /** 0: any free port (tests). */
  port: number;
  /** Default: every interface. */
  host?: string;
  poolMax?: number;
  rules?: Rules;
  /** How long a token's client (or its absence) is remembered: 0 to 30 s, default 30 s. */
  tokenTtlMs?: number;
  /** The time of each request (tests move it on instead of waiting). */
  now?: () => Date;
  /** One short line per unexpected error; never personal data. */
  log?: (line: string) => void;
};

export type EirServer = { port: number; close: () => Promise<void> };

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** A connection that sends nothing (or only part of the preface) for this long is closed. */
const FIRST_BYTES_TIMEOUT_MS = 10_000;
/** How long a stop waits for requests under way before it closes their connections. */
const STOP_GRACE_MS = 5_000;

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

export async function startEirServer(options: EirServerOptions): Promise<EirServer> {
  const rules = options.rules ?? DEFAULT_RULES;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', () => {}); // an idle connection dropped by the server: the pool replaces it

  // At most one log line a second, whatever the error rate; the SQLSTATE or error code only
  // (a message may quote a row, and rows hold IMSIs and MSISDNs).
  let lastLogged = 0;
  let unlogged = 0;
  const unexpected = (what: string) => (e: unknown) => {
    const t = Date.now();
    if (t - lastLogged < 1_000) {
      unlogged++;
      return;
    }
    const code = (e as { code?: unknown } | null)?.code;
    const kind = typeof code === 'string' ? code : e instanceof Error ? e.name : typeof e;
    log(`eir: ${what} failed (${kind})${unlogged ? `; ${unlogged} more errors not logged` : ''}`);
    lastLogged = t;
    unlogged = 0;
  };
  const clients = new ApiClientCache(
    pool,
    options.tokenTtlMs ?? MAX_TOKEN_TTL_MS,
    () => now().getTime(),
    unexpected("recording a client's last use"),
  );

  let stopping = false;
  const writes = new RegistrationAudit(pool, () => now(), unexpected('writing the audit log'));

  function send(
    req: Request,
    res: Response,
    status: number,
    body: unknown,
    type: string,
    headers: Record<string, string> = {},
  ) {
    const text = JSON.stringify(body);
    const h: Record<string, string | number> = {
      'content-type': type,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
      ...headers,
    };
    if (stopping && req.httpVersionMajor === 1) h.connection = 'close';
    res.writeHead(status, h);
    if (req.method === 'HEAD') res.end();
    else res.end(text);
  }
  const sendProblem = (req: Request, res: Response, p: Problem) =>
    send(req, res, p.status, p.body, 'application/problem+json', p.headers);

  async function equipmentStatus(req: Request, res: Response, search: string) {
    const token = bearerToken(req.headers.authorization);
    if (!token)
      return sendProblem(
        req,
        res,
        req.headers.authorization ? PROBLEMS.invalidToken() : PROBLEMS.missingToken(),
      );
    const client = await clients.lookup(token);
    if (client) clients.touch(client.id);
    if (!client) return sendProblem(req, res, PROBLEMS.invalidToken());
    if (!client.scopes.includes('eir')) return sendProblem(req, res, PROBLEMS.noScope());

    const query = parseEquipmentStatusQuery(search);
    if (!query.ok) return sendProblem(req, res, query.problem);
    const { pei, imsi, msisdn } = query.value;
    if (imsi !== null && !client.operator) return sendProblem(req, res, PROBLEMS.noOperator());

    // A registration attempt: a SUPI on the client's operator. Not for an IMEI whose check digit
    // is wrong: it is not that device (its first 14 digits may be a real phone's identity, whose
    // grey window it must not start); it is BLACK whatever happens.
    const attach: Attach | null =
      imsi !== null && pei.checkDigitValid
        ? { imsi, msisdn: msisdn ?? '', operator: client.operator! }
        : null;
    const at = now();
    const loaded = await loadFacts(pool, pei.identity, attach);
    let facts = loaded.facts;
    if (attach) {
      const recorded = await recordAttach(pool, pei.identity, attach, loaded, at);
      facts = recorded.facts;
      if (recorded.inserted) writes.count(client);
    }
    const verdict = verify(pei, facts, at, rules);
    send(req, res, 200, { status: EQUIPMENT_STATUS[verdict.list] }, 'application/json');
  }

  function handle(req: Request, res: Response) {
    if (req.httpVersionMajor === 1) {
      const socket = req.socket as net.Socket;
      h1Busy.set(socket, (h1Busy.get(socket) ?? 0) + 1);
      res.once('close', () => {
        if (h1Busy.has(socket)) h1Busy.set(socket, h1Busy.get(socket)! - 1);
      });
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === EQUIPMENT_STATUS_PATH) {
      if (req.method !== 'GET') return sendProblem(req, res, PROBLEMS.methodNotAllowed('GET'));
      equipmentStatus(req, res, q < 0 ? '' : url.slice(q + 1)).catch((e: unknown) => {
        unexpected('an equipment status check')(e);
        if (!res.headersSent) sendProblem(req, res, PROBLEMS.systemFailure());
        else res.end();
      });
      return;
    }
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendProblem(req, res, PROBLEMS.methodNotAllowed('GET, HEAD'));
      return send(req, res, 200, { status: 'UP' }, 'application/json');
    }
    sendProblem(req, res, PROBLEMS.notFound());
  }

  const h1 = http.createServer({ keepAliveTimeout: 65_000 }, handle);
  // http.Server checks headersTimeout and requestTimeout only for connections of its own listen();
  // a connection handed over here is closed after this long without a byte instead.
  h1.timeout = 70_000;
  const h2 = http2.createServer({}, handle);
  const sockets = new Set<net.Socket>();
  /** Connections not yet handed to a server (their first bytes have not come yet). */
  const unrouted = new Set<net.Socket>();
  /** HTTP/1.1 connections and their requests under way: those with none are idle (closed at once on stop). */
  const h1Busy = new Map<net.Socket, number>();
  const sessions = new Set<http2.Http2Session>();
  h2.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    if (stopping) s.close();
  });
  h1.on('clientError', (_e, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  // Each connection: read until its first bytes tell HTTP/2's preface from anything else, put
  // them back and hand the socket over.
  const tcp = net.createServer((socket) => {
    if (stopping) return void socket.destroy();
    sockets.add(socket);
    unrouted.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      unrouted.delete(socket);
      h1Busy.delete(socket);
    });
    socket.on('error', () => socket.destroy());
    socket.setTimeout(FIRST_BYTES_TIMEOUT_MS, () => socket.destroy());
    let seen: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = seen.length ? Buffer.concat([seen, chunk]) : chunk;
      const n = Math.min(seen.length, PREFACE.length);
      const h2Preface = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (h2Preface && seen.length < PREFACE.length) return; // part of the preface so far: wait for the rest
      socket.removeListener('data', onData);
      unrouted.delete(socket);
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(seen);
      if (h2Preface) {
        h2.emit('connection', socket); // the HTTP/2 session reads what was put back itself
      } else {
        h1Busy.set(socket, 0);
        h1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port, options.host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const address = tcp.address() as net.AddressInfo;

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      stopping = true;
      const listening = new Promise<void>((r) => tcp.close(() => r()));
      for (const s of sessions) s.close(); // GOAWAY: streams under way finish, no new ones
      // Idle HTTP/1.1 connections close now, busy ones after their response (Connection: close).
      // (http.Server's own closeIdleConnections() tracks only the connections of a listening server.)
      for (const [socket, busy] of h1Busy) if (busy === 0) socket.destroy();
      for (const socket of unrouted) socket.destroy();
      const drained = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (sockets.size === 0) {
            clearInterval(check);
            resolve();
          }
        }, 20);
        setTimeout(() => {
          clearInterval(check);
          for (const s of sockets) s.destroy();
          resolve();
        }, STOP_GRACE_MS).unref();
      });
      await Promise.all([listening, drained]);
      await clients.settle();
      await writes.close();
      await pool.end();
    })());

  return { port: address.port, close };
}
