/**
 * npm start: the portal's production server. Next's documented custom-server API (`next()` +
 * `getRequestHandler()`) behind the edge (lib/server/edge-server.ts), which decides the client's
 * address (TRUSTED_PROXIES) and answers malformed requests with a 4xx before Next sees them.
 * Serves `next build`'s output on PORT (default 3000), on every interface or, as `next start`,
 * on the one given with `-H <address>`.
 * SIGINT or SIGTERM: stop accepting, let requests under way finish (at most 10 s), then exit.
 * Run with plain node + tsx (`node --import tsx scripts/server.ts`), never with the react-server
 * condition: Next loads its own server bundles.
 */
import { loadConfig, servingProblems } from '../lib/config';
import { createEdgeServer } from '../lib/server/edge-server';

const GRACE_MS = 10_000;

async function main() {
  const dev0 = process.argv.includes('--dev');
  // as `next start` and `next dev` do, before the configuration is read and Next is loaded
  (process.env as Record<string, string | undefined>).NODE_ENV ??= dev0
    ? 'development'
    : 'production';
  const c = loadConfig(process.env);
  // What production needs (the proof-of-work key) stops the start here, with one clear line,
  // rather than failing every request in Next's instrumentation hook.
  const problems = servingProblems(c);
  if (problems.length) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error('PORT must be a port number');
  const h = process.argv.indexOf('-H');
  const hostname = h > 0 ? process.argv[h + 1] : undefined;
  const dev = dev0;
  const { default: next } = await import('next');
  const app = next({ dev, hostname: hostname ?? 'localhost', port });
  await app.prepare();
  const server = createEdgeServer({
    handle: app.getRequestHandler(),
    trustedProxies: c.trustedProxies,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  const trusted = process.env.TRUSTED_PROXIES?.trim()
    ? `trusting X-Forwarded-For from ${process.env.TRUSTED_PROXIES.trim()}`
    : 'no trusted proxy: client addresses come from the socket';
  console.log(
    `portal: listening on http://${hostname ?? 'localhost'}:${port} (${dev ? 'development' : 'production'}; ${trusted})`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`portal: ${signal}: stopping`);
    const force = setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, GRACE_MS);
    force.unref();
    server.close(() => {
      void app.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`portal: could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
