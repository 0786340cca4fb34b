/**
 * The EIR server in-process on port 0, on a real PostgreSQL (a database of this file's own, the
 * demo data seeded), asked over HTTP/1.1 (node:http) and h2c (node:http2). The server's clock is
 * the test's: the token cache's expiry and the daily "last seen" are reached by moving it, never
 * by waiting.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../data/test-db';
import type { Db } from '../data/prisma';
import { seedDemo } from '../data/demo-seed';
import { createApiClient, revokeApiClient } from '../data/api-clients';
import { loadDeviceFacts } from '../data/device-facts';
import { DEMO_DEVICES, DEMO_WRONG_CHECK_DIGIT } from '../demo-devices';
import { luhnCheckDigit, parseImei } from '../domain/imei';
import { DAY_MS } from '../domain/time';
import { verify } from '../domain/verdict';
import {
  EQUIPMENT_STATUS,
  EQUIPMENT_STATUS_PATH,
  startEirServer,
  type EirServer,
} from './eir-server';
import { systemActor } from '../domain/actor';

const T0 = new Date('2026-11-24T12:00:00Z');
const TTL_MS = 30_000;
let clock = T0;
const at = (ms: number) => new Date(T0.getTime() + ms);

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
let server: EirServer;
let base: string;
const logged: string[] = [];
const tokens: Record<
  'kcell' | 'beeline' | 'lists' | 'noOperator' | 'toRevoke' | 'revokedEarly',
  string
> = {} as never;
const ids: Record<string, number> = {};
let h1Agent: http.Agent;
let h2Session: http2.ClientHttp2Session;

beforeAll(async () => {
  ({ prisma, dispose, databaseUrl } = await createTestDb());
  await seedDemo(prisma, T0);
  const actor = systemActor('cli');
  const make = async (key: keyof typeof tokens, scopes: ('eir' | 'lists')[], operator?: string) => {
    const r = await createApiClient(prisma, { name: key, scopes, operator }, actor, T0);
    if (!r.ok) throw new Error(r.code);
    tokens[key] = r.token;
    ids[key] = r.client.id;
  };
  await make('kcell', ['eir'], 'Kcell');
  await make('beeline', ['eir', 'lists'], 'Beeline');
  await make('lists', ['lists'], 'Kcell');
  await make('noOperator', ['eir']);
  await make('toRevoke', ['eir'], 'Tele2');
  await make('revokedEarly', ['eir'], 'Tele2');
  await revokeApiClient(prisma, ids.revokedEarly, actor, T0);

  server = await startEirServer({
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    tokenTtlMs: TTL_MS,
    now: () => clock,
    log: (l) => logged.push(l),
  });
  base = `http://127.0.0.1:${server.port}`;
  h1Agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  h2Session = http2.connect(base);
});

afterAll(async () => {
  h2Session?.close();
  h1Agent?.destroy();
  await server?.close();
  await dispose?.();
});

type Answer = {
  status: number;
  type: string | undefined;
  headers: Record<string, unknown>;
  // Each test reads its own shape of the body.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  protocol: string;
};

function h1(
  path: string,
  token?: string | null,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const h: Record<string, string> = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    const req = http.request(`${base}${path}`, { method, headers: h, agent: h1Agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          type: res.headers['content-type'],
          headers: res.headers,
          body: text ? JSON.parse(text) : null,
          protocol: `HTTP/${res.httpVersion}`,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function h2(path: string, token?: string | null, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const h: http2.OutgoingHttpHeaders = { ':path': path, ':method': method };
    if (token) h.authorization = `Bearer ${token}`;
    const stream = h2Session.request(h, { endStream: true });
    let headers: http2.IncomingHttpHeaders = {};
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (hs) => (headers = hs));
    stream.on('data', (d) => (text += d));
    stream.on('end', () =>
      resolve({
        status: Number(headers[':status']),
        type: headers['content-type'] as string,
        headers,
        body: text ? JSON.parse(text) : null,
        protocol: 'HTTP/2',
      }),
    );
    stream.on('error', reject);
  });
}

const status = (query: string) => `${EQUIPMENT_STATUS_PATH}?${query}`;
const imeiOf = (identity: string) => identity + luhnCheckDigit(identity);
/** A device of a known TAC (Xiaomi) that the demo does not know: grey, never registered. */
const fresh = (serial: number) => `86754305${String(serial).padStart(6, '0')}`;

async function registrations(identity: string) {
  return prisma.networkRegistration.findMany({
    where: { identity },
    orderBy: [{ firstSeenAt: 'asc' }, { imsi: 'asc' }, { msisdn: 'asc' }, { operator: 'asc' }],
  });
}
async function isDirty(identity: string) {
  return (
    (
      await prisma.$queryRawUnsafe<unknown[]>(
        'SELECT 1 FROM list_dirty WHERE identity = $1',
        identity,
      )
    ).length === 1
  );
}

describe('the equipment status of every demo device, over HTTP/1.1 and h2c', () => {
  for (const d of DEMO_DEVICES) {
    it(`${d.key} → ${EQUIPMENT_STATUS[d.expected.list]}`, async () => {
      for (const ask of [h1, h2]) {
        const r = await ask(status(`pei=imei-${d.imei}`), tokens.kcell);
        expect(r).toMatchObject({
          status: 200,
          type: 'application/json',
          body: { status: EQUIPMENT_STATUS[d.expected.list] },
        });
      }
    });
  }

  it('answers HTTP/1.1 to node:http and HTTP/2 to http2.connect on the same port', async () => {
    expect((await h1('/healthz')).protocol).toBe('HTTP/1.1');
    expect((await h2('/healthz')).protocol).toBe('HTTP/2');
    expect((await h2('/healthz')).body).toEqual({ status: 'UP' });
  });

  it('an invalid check digit is BLACKLISTED', async () => {
    expect((await h1(status(`pei=imei-${DEMO_WRONG_CHECK_DIGIT}`), tokens.kcell)).body).toEqual({
      status: 'BLACKLISTED',
    });
  });

  it('an unknown TAC is BLACKLISTED', async () => {
    expect((await h2(status(`pei=imei-${imeiOf('99887766123456')}`), tokens.kcell)).body).toEqual({
      status: 'BLACKLISTED',
    });
  });

  it('takes an IMEISV (16 digits: the identity and a software version)', async () => {
    const white = DEMO_DEVICES.find((d) => d.expected.list === 'WHITE')!;
    const grey = DEMO_DEVICES.find((d) => d.expected.list === 'GREY')!;
    expect((await h1(status(`pei=imeisv-${white.identity}07`), tokens.kcell)).body).toEqual({
      status: 'WHITELISTED',
    });
    expect((await h2(status(`pei=imeisv-${grey.identity}12`), tokens.kcell)).body).toEqual({
      status: 'GREYLISTED',
    });
  });

  it('many requests at once on one h2c session and on pooled HTTP/1.1 connections', async () => {
    const all = DEMO_DEVICES.flatMap((d) =>
      [h2, h1, h2].map((ask) =>
        ask(status(`pei=imei-${d.imei}`), tokens.beeline).then((r) => [d, r] as const),
      ),
    );
    for (const [d, r] of await Promise.all(all))
      expect(r.body).toEqual({ status: EQUIPMENT_STATUS[d.expected.list] });
  });
});

describe('400: ProblemDetails with a cause and the invalid parameters', () => {
  const grey = DEMO_DEVICES.find((d) => d.expected.list === 'GREY')!.imei;
  const cases: [string, string, string[]][] = [
    ['', 'MANDATORY_IE_MISSING', ['pei']],
    ['pei=', 'MANDATORY_IE_MISSING', ['pei']],
    ['supi=imsi-401011234567890', 'MANDATORY_IE_MISSING', ['pei']],
    [`pei=${grey}`, 'MANDATORY_IE_INCORRECT', ['pei']],
    ['pei=imei-35209900176148', 'MANDATORY_IE_INCORRECT', ['pei']],
    [`pei=imei-${grey}0`, 'MANDATORY_IE_INCORRECT', ['pei']],
    [`pei=imeisv-${grey}`, 'MANDATORY_IE_INCORRECT', ['pei']],
    ['pei=mac-00-11-22-33-44-55', 'MANDATORY_IE_INCORRECT', ['pei']],
    [`pei=imei-${grey}&pei=imei-${grey}`, 'MANDATORY_IE_INCORRECT', ['pei']],
    [`pei=imei-${grey}&supi=imsi-1234`, 'OPTIONAL_IE_INCORRECT', ['supi']],
    [`pei=imei-${grey}&supi=nai-user@example.kz`, 'OPTIONAL_IE_INCORRECT', ['supi']],
    [`pei=imei-${grey}&gpsi=msisdn-7701234567890123`, 'OPTIONAL_IE_INCORRECT', ['gpsi']],
    [
      `pei=imei-${grey}&supi=imsi-40101x&gpsi=77012345678`,
      'OPTIONAL_IE_INCORRECT',
      ['supi', 'gpsi'],
    ],
    ['pei=imei-123&supi=imsi-12', 'MANDATORY_IE_INCORRECT', ['pei', 'supi']],
  ];
  for (const [query, cause, params] of cases) {
    it(`?${query} → ${cause} (${params.join(', ')})`, async () => {
      for (const ask of [h1, h2]) {
        const r = await ask(status(query), tokens.kcell);
        expect(r.status).toBe(400);
        expect(r.type).toBe('application/problem+json');
        expect(r.body).toMatchObject({
          status: 400,
          cause,
          title: expect.any(String),
          detail: expect.any(String),
        });
        expect(r.body.invalidParams.map((p: { param: string }) => p.param)).toEqual(params);
        for (const p of r.body.invalidParams) expect(p.reason).toEqual(expect.any(String));
      }
    });
  }

  it('a malformed query writes nothing', async () => {
    const identity = fresh(500);
    await h1(status(`pei=imei-${imeiOf(identity)}&supi=imsi-4010112&gpsi=msisdn-12`), tokens.kcell);
    expect(await registrations(identity)).toEqual([]);
  });
});

describe('401, 403, 404, 405: ProblemDetails too', () => {
  const q = status(`pei=imei-${DEMO_DEVICES[0].imei}`);

  it('401 without a token, with a malformed one, an unknown one or a revoked one', async () => {
    const unknown = 'kzimei_' + 'A'.repeat(43);
    for (const ask of [h1, h2]) {
      for (const token of [null, 'not-a-token', unknown, tokens.revokedEarly]) {
        const r = await ask(q, token);
        expect(r.status).toBe(401);
        expect(r.type).toBe('application/problem+json');
        expect(r.body).toMatchObject({ status: 401, title: 'Unauthorized' });
        expect(r.headers['www-authenticate']).toMatch(/^Bearer /);
      }
    }
    const basic = await h1(q, null, 'GET', { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
  });

  it('401 before 400: an unauthenticated caller learns nothing about its query', async () => {
    expect((await h1(status(''), null)).status).toBe(401);
  });

  it('403 for a client without the eir scope', async () => {
    for (const ask of [h1, h2]) {
      const r = await ask(q, tokens.lists);
      expect(r).toMatchObject({
        status: 403,
        type: 'application/problem+json',
        body: { status: 403 },
      });
      expect(r.headers['www-authenticate']).toMatch(/insufficient_scope/);
    }
  });

  it('403 for a registration (supi) from a client that speaks for no operator; the check alone is fine', async () => {
    expect((await h1(q, tokens.noOperator)).status).toBe(200);
    const r = await h1(`${q}&supi=imsi-401011234567890`, tokens.noOperator);
    expect(r).toMatchObject({ status: 403, type: 'application/problem+json' });
  });

  it('a revoked token is refused once the cache has forgotten it (TTL), not before', async () => {
    expect((await h1(q, tokens.toRevoke)).status).toBe(200);
    await revokeApiClient(prisma, ids.toRevoke, systemActor('cli'), clock);
    expect((await h1(q, tokens.toRevoke)).status).toBe(200); // remembered for at most the TTL
    clock = new Date(clock.getTime() + TTL_MS);
    expect((await h1(q, tokens.toRevoke)).status).toBe(401);
    expect((await h2(q, tokens.toRevoke)).status).toBe(401);
  });

  it('records the last use of a client', async () => {
    await h1(q, tokens.beeline);
    const c = await prisma.apiClient.findUniqueOrThrow({ where: { id: ids.beeline } });
    expect(c.lastUsedAt).not.toBeNull();
  });

  it('404 for another path, 405 for another method', async () => {
    for (const ask of [h1, h2]) {
      expect(await ask('/n5g-eir-eic/v1/equipment-statuses', tokens.kcell)).toMatchObject({
        status: 404,
        type: 'application/problem+json',
        body: { status: 404 },
      });
      expect(await ask('/', null)).toMatchObject({ status: 404, type: 'application/problem+json' });
      const r = await ask(q, tokens.kcell, 'POST');
      expect(r).toMatchObject({
        status: 405,
        type: 'application/problem+json',
        body: { status: 405 },
      });
      expect(r.headers.allow).toBe('GET');
      expect(await ask('/healthz', null, 'DELETE')).toMatchObject({
        status: 405,
        type: 'application/problem+json',
      });
    }
  });

  it('an HTTP/2 preface that arrives in pieces still reaches the HTTP/2 server', async () => {
    const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(preface.subarray(0, 5));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(preface.subarray(5));
    // The server's SETTINGS frame: type 0x4 in the 4th byte of its first frame.
    const first = await new Promise<Buffer>((r) => socket.once('data', r));
    expect(first[3]).toBe(0x4);
    socket.destroy();
  });
});

describe('registration attempts (supi): the 30-day window and bounded writes', () => {
  it('the first attach starts the window: GREYLISTED at once, one row, the device marked dirty', async () => {
    clock = T0;
    const identity = fresh(1);
    expect(await registrations(identity)).toEqual([]);
    const r = await h1(
      status(`pei=imei-${imeiOf(identity)}&supi=imsi-401011234567890&gpsi=msisdn-77011234567`),
      tokens.kcell,
    );
    expect(r.body).toEqual({ status: 'GREYLISTED' });
    const rows = await registrations(identity);
    expect(rows).toMatchObject([
      {
        imsi: '401011234567890',
        msisdn: '77011234567',
        operator: 'Kcell',
        firstSeenAt: T0,
        lastSeenAt: T0,
      },
    ]);
    expect(await isDirty(identity)).toBe(true);
    const parsed = parseImei(imeiOf(identity));
    if (!parsed.ok) throw new Error(parsed.code);
    const v = verify(parsed.value, await loadDeviceFacts(prisma, identity), T0);
    expect(v.window).toMatchObject({
      started: true,
      firstRegistrationAt: T0,
      deadline: at(30 * DAY_MS),
      daysLeft: 30,
    });
  });

  it('later attaches never move the start; last seen moves at most once a day', async () => {
    const identity = fresh(2);
    const q = status(
      `pei=imei-${imeiOf(identity)}&supi=imsi-401011234567891&gpsi=msisdn-77011234568`,
    );
    clock = T0;
    await h1(q, tokens.kcell);
    clock = at(DAY_MS / 2);
    await h2(q, tokens.kcell);
    expect(await registrations(identity)).toMatchObject([{ firstSeenAt: T0, lastSeenAt: T0 }]);
    clock = at(2 * DAY_MS);
    await h1(q, tokens.kcell);
    expect(await registrations(identity)).toMatchObject([
      { firstSeenAt: T0, lastSeenAt: at(2 * DAY_MS) },
    ]);
    clock = at(2 * DAY_MS + 3_600_000);
    await h1(q, tokens.kcell);
    expect(await registrations(identity)).toMatchObject([
      { firstSeenAt: T0, lastSeenAt: at(2 * DAY_MS) },
    ]);
    // The window ends 30 days after the first attach, whatever came later.
    clock = at(30 * DAY_MS - 1);
    expect((await h1(q, tokens.kcell)).body).toEqual({ status: 'GREYLISTED' });
    clock = at(30 * DAY_MS);
    expect((await h2(q, tokens.kcell)).body).toEqual({ status: 'BLACKLISTED' });
    expect(await registrations(identity)).toMatchObject([
      { firstSeenAt: T0, lastSeenAt: at(30 * DAY_MS - 1) },
    ]);
  });

  it('a new SIM, a new number or another operator is a new row; the window keeps its start', async () => {
    const identity = fresh(3);
    const pei = `pei=imei-${imeiOf(identity)}`;
    clock = T0;
    await h1(status(`${pei}&supi=imsi-401011111111111&gpsi=msisdn-77010000001`), tokens.kcell);
    clock = at(DAY_MS);
    await h1(status(`${pei}&supi=imsi-401022222222222&gpsi=msisdn-77010000001`), tokens.kcell); // new SIM
    await h1(status(`${pei}&supi=imsi-401022222222222`), tokens.kcell); // no number given: msisdn ''
    await h1(status(`${pei}&supi=imsi-401022222222222&gpsi=msisdn-77010000001`), tokens.beeline); // another operator
    const rows = await registrations(identity);
    expect(rows.map((r) => [r.imsi, r.msisdn, r.operator, r.firstSeenAt])).toEqual([
      ['401011111111111', '77010000001', 'Kcell', T0],
      ['401022222222222', '', 'Kcell', at(DAY_MS)],
      ['401022222222222', '77010000001', 'Beeline', at(DAY_MS)],
      ['401022222222222', '77010000001', 'Kcell', at(DAY_MS)],
    ]);
    const facts = await loadDeviceFacts(prisma, identity);
    expect(facts.firstRegistrationAt).toEqual(T0);
  });

  it('one row per (device, IMSI, MSISDN, operator) after many attaches, some at once', async () => {
    const identity = fresh(4);
    const pei = `pei=imei-${imeiOf(identity)}`;
    const queries = [
      `${pei}&supi=imsi-401010000000001&gpsi=msisdn-77010000001`,
      `${pei}&supi=imsi-401010000000002&gpsi=msisdn-77010000002`,
      `${pei}&supi=imsi-401010000000002`,
    ];
    for (let day = 0; day < 3; day++) {
      clock = at(day * DAY_MS);
      const all = [];
      for (let i = 0; i < 20; i++)
        for (const q of queries)
          all.push((i % 2 ? h1 : h2)(status(q), i % 3 ? tokens.kcell : tokens.beeline));
      const answers = await Promise.all(all);
      for (const a of answers) expect(a.body).toEqual({ status: 'GREYLISTED' });
    }
    const rows = await registrations(identity);
    expect(rows).toHaveLength(6); // 3 tuples × 2 operators
    for (const r of rows) expect(r).toMatchObject({ firstSeenAt: T0, lastSeenAt: at(2 * DAY_MS) });
  });

  it('an IMEISV registers its device; an IMEI with a wrong check digit registers nothing', async () => {
    clock = T0;
    const identity = fresh(5);
    expect(
      (await h1(status(`pei=imeisv-${identity}03&supi=imsi-401013333333333`), tokens.kcell)).body,
    ).toEqual({ status: 'GREYLISTED' });
    expect(await registrations(identity)).toHaveLength(1);

    const other = fresh(6);
    const wrong = other + ((Number(luhnCheckDigit(other)) + 1) % 10);
    expect(
      (await h1(status(`pei=imei-${wrong}&supi=imsi-401014444444444`), tokens.kcell)).body,
    ).toEqual({ status: 'BLACKLISTED' });
    expect(await registrations(other)).toEqual([]);
    expect(await isDirty(other)).toBe(false);
  });

  it('an attach of a white device is recorded and it stays WHITELISTED', async () => {
    clock = T0;
    const white = DEMO_DEVICES.find((d) => d.key === 'white-import-record')!;
    const before = (await registrations(white.identity)).length;
    expect(
      (await h2(status(`pei=imei-${white.imei}&supi=imsi-401015555555555`), tokens.kcell)).body,
    ).toEqual({ status: 'WHITELISTED' });
    expect(await registrations(white.identity)).toHaveLength(before + 1);
  });

  it('never logged anything (and so no IMSI or MSISDN)', () => {
    expect(logged).toEqual([]);
  });
});

describe('the audit log', () => {
  it('counts the registrations an EIR client wrote, one row per client, written at the latest on stop', async () => {
    const made = await createApiClient(
      prisma,
      { name: 'audited', scopes: ['eir'], operator: 'Altel' },
      systemActor('cli'),
      T0,
    );
    if (!made.ok) throw new Error(made.code);
    const token = made.token;
    const other = await startEirServer({
      databaseUrl,
      port: 0,
      host: '127.0.0.1',
      now: () => clock,
      log: (l) => logged.push(l),
    });
    const url = `http://127.0.0.1:${other.port}${EQUIPMENT_STATUS_PATH}`;
    for (const n of [1, 2, 3]) {
      const identity = `86754305${String(990000 + n)}`;
      const res = await fetch(
        `${url}?pei=imei-${identity}${luhnCheckDigit(identity)}&supi=imsi-40101777000000${n}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(res.status).toBe(200);
    }
    // The same attach again writes nothing new.
    await fetch(
      `${url}?pei=imei-86754305990001${luhnCheckDigit('86754305990001')}&supi=imsi-401017770000001`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    await other.close();
    const rows = await prisma.auditEvent.findMany({
      where: { action: 'EIR_REGISTRATIONS', actorEmail: 'api:audited' },
    });
    expect(rows.map((r) => [r.actorEmail, r.target, r.details])).toEqual([
      ['api:audited', 'Altel', '3 new registration row(s) by the equipment identity check'],
    ]);
  });
});

describe('stopping', () => {
  it('close() ends idle HTTP/1.1 keep-alive connections and h2c sessions, then refuses new connections', async () => {
    const other = await startEirServer({
      databaseUrl,
      port: 0,
      host: '127.0.0.1',
      now: () => clock,
      log: (l) => logged.push(l),
    });
    const url = `http://127.0.0.1:${other.port}`;
    const agent = new http.Agent({ keepAlive: true });
    // (in an object: resolving with the promise itself would wait for it)
    const { socketClosed } = await new Promise<{ socketClosed: Promise<unknown> }>(
      (resolve, reject) => {
        let closed: Promise<unknown>;
        const req = http.get(`${url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ socketClosed: closed }));
        });
        req.on('socket', (socket) => (closed = new Promise((r) => socket.once('close', r))));
        req.on('error', reject);
      },
    );
    const session = http2.connect(url);
    await new Promise<void>((resolve, reject) => {
      const stream = session.request({ ':path': '/healthz' });
      stream.resume();
      stream.on('end', resolve).on('error', reject);
    });
    const sessionClosed = new Promise((r) => session.once('close', r));
    await other.close();
    await Promise.all([socketClosed, sessionClosed]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    agent.destroy();
  });
});

describe('an unexpected error', () => {
  it('answers 500 SYSTEM_FAILURE (no stack) and logs one short line without personal data', async () => {
    const lines: string[] = [];
    const broken = await startEirServer({
      databaseUrl: 'postgresql://nobody:none@127.0.0.1:1/none',
      port: 0,
      host: '127.0.0.1',
      log: (l) => lines.push(l),
    });
    try {
      const res = await fetch(
        `http://127.0.0.1:${broken.port}${status(`pei=imei-${DEMO_DEVICES[0].imei}&supi=imsi-401019999999999&gpsi=msisdn-77019999999`)}`,
        {
          headers: { authorization: `Bearer ${tokens.kcell}` },
        },
      );
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = await res.json();
      expect(body).toEqual({
        title: expect.any(String),
        status: 500,
        detail: expect.any(String),
        cause: 'SYSTEM_FAILURE',
      });
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/401019999999999|77019999999|\n|    at /);
    } finally {
      await broken.close();
    }
  });
});
