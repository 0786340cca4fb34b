/**
 * The portal's HTTP edge: a plain node:http server in front of Next's request handler (Next's
 * documented custom-server API, scripts/server.ts), doing what Next cannot be told to do:
 *
 * - **The client's address.** Next fills X-Forwarded-For from the socket only when a request has
 *   none, so a client could choose its own address. Here the address comes from the socket unless
 *   the socket's peer is a trusted proxy (TRUSTED_PROXIES), in which case X-Forwarded-For is read
 *   from the right (lib/domain/trusted-proxies.ts); the header is then replaced by that one
 *   normalised address, so `requestIp()`, the limits and the audit log all see what was decided.
 *   From an untrusted peer, X-Forwarded-Host/Proto/Port are dropped too (Next sets its own).
 * - **Malformed requests get a 4xx, never Next's 500.** A path that is not valid percent-encoded
 *   UTF-8 → 400; a declared body over the limit → 413 (read no further); a server action whose id
 *   is malformed, or whose body is not what a browser sends (bad JSON, a multipart body without
 *   a boundary or cut short) → 400. Each refusal is one short log line, never a stack.
 *
 * Action bodies (and any multipart POST to a page) are read here, up to the limit, checked, and
 * handed to Next as a request of their own with the same headers. Next's proxy buffers these
 * bodies anyway (`proxyClientMaxBodySize`), so this adds no new kind of cost.
 */
import http, { IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { clientAddress, isTrusted, type AddressRange } from '../domain/trusted-proxies';
import { bodyLimit, declaredLength, targetPath } from '../domain/request-target';
import { PROBLEM_TITLES } from '../api/problem';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export type EdgeOptions = {
  /** Next's request handler (or, in tests, any handler). */
  handle: Handler;
  /** TRUSTED_PROXIES, parsed. */
  trustedProxies: readonly AddressRange[];
  /** Where refusals are logged (one short line each). */
  log?: (line: string) => void;
};

type Refusal = {
  status: 400 | 413;
  code: 'MALFORMED_REQUEST' | 'BODY_TOO_LARGE';
  title: string;
  log: string;
};

const SERVER_REFERENCE_ID = /^[0-9a-f]{42}$/;

export function createEdgeServer(options: EdgeOptions): http.Server {
  const log = options.log ?? ((line: string) => console.warn(line));
  const server = http.createServer((req, res) => {
    void serve(req, res).catch(() => {
      // the handler failed before answering (Next answers its own errors): a bare 500, one line
      log('edge: a request failed before it was answered (500)');
      if (res.headersSent) return void res.destroy();
      const body = JSON.stringify({
        type: '/api/v1/problems#INTERNAL_ERROR',
        title: PROBLEM_TITLES.INTERNAL_ERROR,
        status: 500,
        code: 'INTERNAL_ERROR',
      });
      res
        .writeHead(500, {
          'Content-Type': 'application/problem+json',
          'Cache-Control': 'no-store',
          Connection: 'close',
        })
        .end(body);
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const path = targetPath(req.url ?? '/');
    if (path === null)
      return refuse(res, {
        status: 400,
        code: 'MALFORMED_REQUEST',
        title: 'The path is not valid percent-encoded UTF-8.',
        log: 'edge: refused a path with bad percent-encoding (400)',
      });

    setClientAddress(req, options.trustedProxies);

    const declared = declaredLength(header(req, 'content-length'));
    const limit = bodyLimit(path);
    if (Number.isNaN(declared))
      return refuse(res, {
        status: 400,
        code: 'MALFORMED_REQUEST',
        title: 'Content-Length is not a number.',
        log: 'edge: refused a malformed Content-Length (400)',
      });
    if (declared !== null && declared > limit) return refuse(res, tooLarge(limit));

    if (req.method === 'POST' && !path.startsWith('/api/') && isPossibleAction(req)) {
      const actionId = header(req, 'next-action');
      if (actionId !== undefined && !SERVER_REFERENCE_ID.test(actionId)) {
        return refuse(res, {
          status: 400,
          code: 'MALFORMED_REQUEST',
          title: 'Invalid Server Action request.',
          log: 'edge: refused a malformed server action id (400)',
        });
      }
      const body = await readBody(req, limit);
      if (body === 'too-large') return refuse(res, tooLarge(limit));
      if (body === 'aborted') return void res.destroy();
      const problem = await checkActionBody(req, body, actionId !== undefined);
      if (problem)
        return refuse(res, {
          status: 400,
          code: 'MALFORMED_REQUEST',
          title: 'The request body is malformed.',
          log: `edge: refused a malformed ${problem} (400)`,
        });
      return options.handle(replay(req, body), res);
    }
    return options.handle(req, res);
  }

  function refuse(res: ServerResponse, r: Refusal) {
    log(r.log);
    const body = JSON.stringify({
      type: `/api/v1/problems#${r.code}`,
      title: r.title,
      status: r.status,
      code: r.code,
    });
    res.writeHead(r.status, {
      'Content-Type': 'application/problem+json',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // the rest of an unread body is not worth reading: close the connection after answering
      Connection: 'close',
    });
    res.end(body);
  }

  return server;
}

function tooLarge(limit: number): Refusal {
  return {
    status: 413,
    code: 'BODY_TOO_LARGE',
    title: `The body is larger than ${limit} bytes.`,
    log: 'edge: refused a body over the limit (413)',
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Replaces X-Forwarded-For by the one address decided on (lib/domain/trusted-proxies.ts). */
export function setClientAddress(req: IncomingMessage, trusted: readonly AddressRange[]): void {
  const peer = req.socket.remoteAddress;
  const address = clientAddress(peer, req.headersDistinct['x-forwarded-for'] ?? [], trusted);
  if (address === null) delete req.headers['x-forwarded-for'];
  else req.headers['x-forwarded-for'] = address;
  delete req.headers['x-real-ip'];
  delete req.headers['forwarded'];
  if (peer === undefined || !isTrusted(peer, trusted)) {
    delete req.headers['x-forwarded-host'];
    delete req.headers['x-forwarded-proto'];
    delete req.headers['x-forwarded-port'];
  }
}

/** What Next would treat as a server action: an action header, or a multipart/urlencoded form post. */
function isPossibleAction(req: IncomingMessage): boolean {
  if (req.headers['next-action'] !== undefined) return true;
  const type = (header(req, 'content-type') ?? '').toLowerCase();
  return type.startsWith('multipart/form-data');
}

async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | 'too-large' | 'aborted'> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) return 'too-large';
      chunks.push(chunk);
    }
  } catch {
    return 'aborted';
  }
  return Buffer.concat(chunks);
}

type Busboy = NodeJS.WritableStream & {
  on(event: 'field', fn: (name: string, value: string) => void): Busboy;
  on(event: 'file', fn: (name: string, stream: Readable) => void): Busboy;
  on(event: 'error', fn: (e: unknown) => void): Busboy;
  on(event: 'close', fn: () => void): Busboy;
};
const busboy = createRequire(import.meta.url)('next/dist/compiled/busboy') as (o: {
  headers: http.IncomingHttpHeaders;
  defParamCharset?: string;
}) => Busboy;

/**
 * Null when the body is one a browser could have sent for a server action, else what is wrong
 * with it. A fetch action carries React's reply encoding: a JSON text, or a multipart form whose
 * numbered fields are JSON; a form post without JavaScript is a well-formed multipart form.
 */
async function checkActionBody(
  req: IncomingMessage,
  body: Buffer,
  isFetchAction: boolean,
): Promise<string | null> {
  const type = (header(req, 'content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    if (!isFetchAction) return null;
    try {
      JSON.parse(body.toString('utf8'));
      return null;
    } catch {
      return 'server-action body';
    }
  }
  return new Promise((resolve) => {
    let bb: Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8' });
    } catch {
      return resolve('multipart body (no boundary)');
    }
    let problem: string | null = null;
    bb.on('field', (name, value) => {
      if (isFetchAction && /^\d+$/.test(name)) {
        try {
          JSON.parse(value);
        } catch {
          problem ??= 'server-action body';
        }
      }
    });
    bb.on('file', (_name, stream) => stream.resume());
    bb.on('error', () => resolve('multipart body'));
    bb.on('close', () => resolve(problem));
    Readable.from([body]).pipe(bb);
  });
}

/** The request again, its body the bytes already read: what Next's handler reads instead. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = { ...req.headers, 'content-length': String(body.length) };
  delete copy.headers['transfer-encoding'];
  copy.rawHeaders = Object.entries(copy.headers).flatMap(([k, v]) =>
    Array.isArray(v) ? v.flatMap((x) => [k, x]) : v === undefined ? [] : [k, v],
  );
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}
