/**
 * A TCP proxy between one portal instance and PostgreSQL, to make the database unreachable for
 * that instance alone (the e2e database server is shared by the whole suite and keeps running).
 *
 * - `cut()`: closes every proxied connection at once (both sides) and refuses new ones (they
 *   are accepted and closed before a byte is answered, as a server that went away).
 * - `restore()`: forwards new connections again.
 *
 * Run as a script (scripts/e2e-server.sh --outage) it listens on DB_PROXY_PORT, forwards to
 * DB_PROXY_TARGET (host:port), and is controlled over HTTP on the same port: `POST /cut`,
 * `POST /restore`, `GET /healthz`. PostgreSQL's client speaks first and its first byte is 0 (a
 * 4-byte length, SSLRequest or StartupMessage); an HTTP request starts with a letter, so the first
 * byte tells the two apart. Loopback only.
 */
import http from 'node:http';
import net from 'node:net';
import { pathToFileURL } from 'node:url';

export type DbProxy = {
  port: number;
  cut(): void;
  restore(): void;
  isCut(): boolean;
  /** Connections forwarded now. */
  open(): number;
  close(): Promise<void>;
};

export async function startDbProxy(options: {
  port: number;
  target: { host: string; port: number };
  host?: string;
  /** Answers HTTP requests arriving on the same port (the control interface), when given. */
  control?: http.Server;
}): Promise<DbProxy> {
  let cut = false;
  const pairs = new Set<[net.Socket, net.Socket]>();

  const forward = (client: net.Socket, first: Buffer) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(options.target.port, options.target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.write(first);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const server = net.createServer((socket) => {
    socket.once('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (first[0] !== 0 && options.control) {
        // HTTP: give the socket, with what it already sent, to the control server.
        socket.unshift(first);
        options.control.emit('connection', socket);
        socket.resume();
        return;
      }
      forward(socket, first);
      socket.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    port,
    cut() {
      cut = true;
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    restore() {
      cut = false;
    },
    isCut: () => cut,
    open: () => pairs.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  const port = Number(process.env.DB_PROXY_PORT);
  const target = process.env.DB_PROXY_TARGET ?? '';
  const m = /^(.+):(\d+)$/.exec(target);
  if (!Number.isInteger(port) || port <= 0 || !m)
    throw new Error('DB_PROXY_PORT and DB_PROXY_TARGET (host:port) are required');
  // Assigned once: the control server must exist first, since the proxy is started with it.
  // eslint-disable-next-line prefer-const
  let proxy: DbProxy | undefined;
  const control = http.createServer((req, res) => {
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (!proxy) return answer(503, { error: 'starting' });
    if (req.method === 'POST' && req.url === '/cut') {
      proxy.cut();
      console.log('db-proxy: cut');
      return answer(200, { cut: true });
    }
    if (req.method === 'POST' && req.url === '/restore') {
      proxy.restore();
      console.log('db-proxy: restored');
      return answer(200, { cut: false });
    }
    if (req.method === 'GET' && req.url === '/healthz')
      return answer(200, { cut: proxy.isCut(), open: proxy.open() });
    answer(404, { error: 'not found' });
  });
  proxy = await startDbProxy({
    port,
    target: { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) },
    control,
  });
  console.log(`db-proxy: 127.0.0.1:${port} -> ${target}`);
  const stop = () => void proxy?.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(`db-proxy: ${(e as Error).message}`);
    process.exit(1);
  });
}
