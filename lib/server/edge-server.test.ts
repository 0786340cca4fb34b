/**
 * The edge server over real HTTP on loopback, in front of a small handler that answers with what
 * it received (the address it was given and the body it read), as Next's handler would read them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTrustedProxies } from '../domain/trusted-proxies';
import { createEdgeServer } from './edge-server';

type Answer = { status: number; type: string; body: string };
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function start(trusted: string, logged: string[] = []): Promise<number> {
  const r = parseTrustedProxies(trusted);
  if (!r.ok) throw new Error(r.invalid);
  const server = createEdgeServer({
    trustedProxies: r.ranges,
    log: (line) => logged.push(line),
    handle: async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          xff: req.headers['x-forwarded-for'] ?? null,
          host: req.headers['x-forwarded-host'] ?? null,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function send(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the client address', () => {
  it('with no trusted proxy, a forged X-Forwarded-For is ignored: the socket decides', async () => {
    const port = await start('');
    const a = await send(port, {
      headers: {
        'X-Forwarded-For': '203.0.113.66',
        'X-Forwarded-Host': 'evil.example',
        'X-Real-IP': '203.0.113.67',
      },
    });
    expect(JSON.parse(a.body)).toMatchObject({ xff: '127.0.0.1', host: null });
  });
  it('behind a trusted proxy (loopback here), the address the proxy appended is used, normalised', async () => {
    const port = await start('127.0.0.1,::1');
    expect(
      JSON.parse(
        (await send(port, { headers: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.66' } })).body,
      ).xff,
    ).toBe('203.0.113.66');
    expect(
      JSON.parse(
        (await send(port, { headers: { 'X-Forwarded-For': '2001:0DB8:0:0:0:0:0:0001' } })).body,
      ).xff,
    ).toBe('2001:db8::1');
    // no header: the proxy itself
    expect(JSON.parse((await send(port, {})).body).xff).toBe('127.0.0.1');
  });
  it('trusts a range, not just an address', async () => {
    const port = await start('127.0.0.0/8');
    expect(
      JSON.parse((await send(port, { headers: { 'X-Forwarded-For': '198.51.100.4' } })).body).xff,
    ).toBe('198.51.100.4');
  });
});

describe('malformed requests get a 4xx problem, never reach the handler', () => {
  it('a path that is not valid percent-encoded UTF-8: 400', async () => {
    const logged: string[] = [];
    const port = await start('', logged);
    for (const path of [
      '/api/v1/imei/%zz',
      '/api/v1/imei/%E0%A4%A',
      '/api/v1/imei/%C0%AF',
      '/kk/%ED%A0%80',
      '/%',
    ]) {
      const a = await send(port, { path });
      expect(a.status, path).toBe(400);
      expect(a.type).toBe('application/problem+json');
      expect(JSON.parse(a.body)).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
    }
    expect(logged).toHaveLength(5);
    expect(logged.every((l) => !l.includes('\n') && l.length < 100)).toBe(true);
    // a percent-encoded query or a well-encoded path goes through
    expect((await send(port, { path: '/api/v1/imei/35%2035?x=%zz' })).status).toBe(200);
  });
  it('a declared body over the limit: 413 before it is read', async () => {
    const port = await start('');
    const a = await send(port, {
      method: 'POST',
      path: '/api/v1/registrations',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(5 * 1024 * 1024) },
      body: '[]',
    });
    expect(a.status).toBe(413);
    expect(JSON.parse(a.body)).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' });
  });
  it('a chunked action body that grows over the limit: 413', async () => {
    const port = await start('');
    const big = Buffer.alloc(53 * 1024 * 1024, 0x61);
    const a = await send(port, {
      method: 'POST',
      path: '/kk',
      headers: {
        'Next-Action': 'a'.repeat(42),
        'Content-Type': 'text/plain',
        'Transfer-Encoding': 'chunked',
      },
      body: big,
    });
    expect(a.status).toBe(413);
  });
  it('a server action with a malformed id or body: 400', async () => {
    const port = await start('');
    const action = { 'Next-Action': '60'.padEnd(42, 'a') };
    const cases: { headers: Record<string, string>; body: string }[] = [
      { headers: { 'Next-Action': 'abc', 'Content-Type': 'text/plain' }, body: '[]' },
      { headers: { ...action, 'Content-Type': 'text/plain;charset=UTF-8' }, body: 'garbage{' },
      { headers: { ...action, 'Content-Type': 'multipart/form-data' }, body: 'garbage' },
      {
        headers: { ...action, 'Content-Type': 'multipart/form-data; boundary=xyz' },
        body: 'garbage',
      },
      {
        headers: { ...action, 'Content-Type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nContent-Disposition: form-data; name="0"\r\n\r\n{not json\r\n--xyz--\r\n',
      },
      // a form post without the action header, cut before its closing boundary
      {
        headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
      },
    ];
    for (const c of cases) {
      const a = await send(port, { method: 'POST', path: '/kk', headers: c.headers, body: c.body });
      expect(a.status, c.body).toBe(400);
      expect(a.type).toBe('application/problem+json');
      expect(a.body).not.toMatch(/\bat \w|Error:/);
    }
  });
  it('a well-formed action body reaches the handler whole', async () => {
    const port = await start('');
    const action = { 'Next-Action': '60'.padEnd(42, 'a') };
    const json = await send(port, {
      method: 'POST',
      path: '/kk',
      headers: { ...action, 'Content-Type': 'text/plain;charset=UTF-8' },
      body: '["$undefined","Қазақ"]',
    });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body).body).toBe('["$undefined","Қазақ"]');
    const form =
      '--xyz\r\nContent-Disposition: form-data; name="1_imei"\r\n\r\n352099001761481\r\n--xyz\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"]\r\n--xyz--\r\n';
    const mp = await send(port, {
      method: 'POST',
      path: '/kk',
      headers: { ...action, 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: form,
    });
    expect(mp.status).toBe(200);
    expect(JSON.parse(mp.body).body).toBe(form);
  });
});
