/**
 * The bench's yardstick for the check API (scripts/bench.ts): GET /api/v1/imei/<imei> answered by
 * a bare `node:http` server with one `pg` pool of 10 and ONE prepared statement doing the same
 * lookups as lib/data/device-facts.ts, then the same pure verdict (lib/domain) and the same JSON
 * as app/api/v1/imei/[imei]/route.ts. No framework, no ORM: what the hardware and PostgreSQL
 * allow, measured in the same run as the app.
 *
 *   DATABASE_URL=postgresql://… node --import tsx scripts/bench-bare-server.ts <port>
 * Listens on 127.0.0.1 only; prints "listening" once ready.
 */
import http from 'node:http';
import pg from 'pg';
import { parseImei } from '../lib/domain/imei';
import {
  DEFAULT_RULES,
  verify,
  type BlacklistReason,
  type DeviceFacts,
  type LegalitySource,
  type ProofStatus,
} from '../lib/domain/verdict';
import { verdictBody } from '../lib/api/verdict-body';

const port = Number(process.argv[2]);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => {});

/** lib/data/device-facts.ts's query, as one named (server-side prepared) statement: $1 identity, $2 TAC. */
const FACTS = {
  name: 'bench_device_facts',
  text: `
    SELECT 'tac' AS k, brand AS a, model AS b, NULL::timestamptz AS t1, NULL::timestamptz AS t2 FROM tac_records WHERE tac = $2
    UNION ALL
    SELECT 'tacdb', NULL, NULL, NULL::timestamptz, NULL::timestamptz WHERE EXISTS (SELECT 1 FROM tac_records)
    UNION ALL
    SELECT 'bl', reason, NULL, "listedAt", "removedAt" FROM gsma_blacklist WHERE identity = $1
    UNION ALL
    SELECT 'legal', source, NULL, "recordedAt", NULL::timestamptz FROM legality_records WHERE identity = $1
    UNION ALL
    SELECT 'reg', NULL, NULL, MIN("firstSeenAt"), NULL::timestamptz FROM network_registrations WHERE identity = $1
    UNION ALL
    SELECT 'proof', a.status, NULL, a."filedAt", NULL::timestamptz
      FROM application_devices d JOIN applications a ON a.id = d."applicationId"
     WHERE d.identity = $1`,
};

type Row = { k: string; a: string | null; b: string | null; t1: Date | null; t2: Date | null };

async function facts(identity: string): Promise<DeviceFacts> {
  const { rows } = await pool.query<Row>({ ...FACTS, values: [identity, identity.slice(0, 8)] });
  const f: DeviceFacts = {
    tacDatabaseLoaded: false,
    tac: null,
    blacklist: [],
    legalRecords: [],
    firstRegistrationAt: null,
    proofs: [],
  };
  for (const r of rows) {
    if (r.k === 'tac') f.tac = { brand: r.a ?? '', model: r.b ?? '' };
    else if (r.k === 'tacdb') f.tacDatabaseLoaded = true;
    else if (r.k === 'bl')
      f.blacklist.push({ reason: r.a as BlacklistReason, listedAt: r.t1!, removedAt: r.t2 });
    else if (r.k === 'legal')
      f.legalRecords.push({ source: r.a as LegalitySource, recordedAt: r.t1! });
    else if (r.k === 'reg') f.firstRegistrationAt = r.t1;
    else if (r.k === 'proof') f.proofs.push({ status: r.a as ProofStatus, filedAt: r.t1! });
  }
  return f;
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json') {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

const PREFIX = '/api/v1/imei/';
let loggedError = false;

const server = http.createServer((req, res) => {
  const url = req.url ?? '';
  if (req.method !== 'GET' || !url.startsWith(PREFIX))
    return send(res, 404, { status: 404 }, 'application/problem+json');
  let input: string;
  try {
    input = decodeURIComponent(url.slice(PREFIX.length).split('?')[0]);
  } catch {
    return send(res, 400, { status: 400, code: 'IMEI_NOT_DIGITS' }, 'application/problem+json');
  }
  const parsed = parseImei(input, { allowImeisv: true });
  if (!parsed.ok)
    return send(res, 400, { status: 400, code: parsed.code }, 'application/problem+json');
  facts(parsed.value.identity).then(
    (f) => {
      const v = verify(parsed.value, f, new Date(), DEFAULT_RULES);
      send(res, 200, verdictBody(v));
    },
    (e: unknown) => {
      if (!loggedError)
        console.error(
          `api check failed: database error: ${e instanceof Error ? e.message : String(e)}`,
        );
      loggedError = true;
      send(res, 500, { status: 500, code: 'INTERNAL_ERROR' }, 'application/problem+json');
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));

const stop = () => server.close(() => void pool.end().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
