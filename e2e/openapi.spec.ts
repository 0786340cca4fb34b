/**
 * The contract: the running server answers as /api/openapi.json says. For each documented
 * operation, requests that lead to its documented answers; each answer's status must be
 * documented for the operation, its content type must be the documented one, and its body must
 * match the documented schema (the zod schema the document was generated from, strictly).
 */
import { expect, test, type APIResponse } from '@playwright/test';
import type { z } from 'zod';
import { luhnCheckDigit } from '../lib/domain/imei';
import {
  batchAccepted,
  equipmentStatus,
  itemErrors,
  problem,
  problemDetails29500,
  verdict,
} from '../lib/schemas/machine-api';
import { demoDevice } from '../lib/demo-devices';
import { E2E_TAC } from './support/e2e-devices';
import { createTestClient, type TestClient } from './support/api-clients';
import { EIR_URL } from '../playwright.config';

const SCHEMAS: Record<string, z.ZodObject> = {
  Verdict: verdict,
  BatchAccepted: batchAccepted,
  Problem: problem,
  ItemErrors: itemErrors,
  EirResponseData: equipmentStatus,
  ProblemDetails: problemDetails29500,
};

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<
          string,
          {
            content?: Record<string, { schema: { $ref?: string } }>;
            headers?: Record<string, unknown>;
          }
        >;
      }
    >
  >;
};
let doc: Doc;
let operator: TestClient;
let supplier: TestClient;
let lists: TestClient;

test.beforeAll(async ({ request }) => {
  const res = await request.get('/api/openapi.json');
  expect(res.status()).toBe(200);
  doc = await res.json();
  operator = await createTestClient({
    name: 'contract-operator',
    scopes: ['registrations'],
    operator: 'Beeline',
  });
  supplier = await createTestClient({
    name: 'contract-supplier',
    scopes: ['legality'],
    supplier: { source: 'manufacturer', organisation: 'Contract Manufacturing' },
  });
  lists = await createTestClient({
    name: 'contract-lists',
    scopes: ['lists'],
    operator: 'Beeline',
  });
});

async function conforms(path: string, method: string, res: APIResponse) {
  const op = doc.paths[path]?.[method];
  expect(op, `${method.toUpperCase()} ${path} is documented`).toBeTruthy();
  const documented = op.responses[String(res.status())];
  expect(
    documented,
    `${method.toUpperCase()} ${path} → ${res.status()} is documented`,
  ).toBeTruthy();
  const type = (res.headers()['content-type'] ?? '').split(';')[0];
  const content = documented.content ?? {};
  expect(Object.keys(content), `${path} ${res.status()} content type`).toContain(type);
  for (const header of Object.keys(documented.headers ?? {}))
    expect(res.headers()[header.toLowerCase()], `${path} header ${header}`).toBeTruthy();
  const ref = content[type]?.schema?.$ref;
  if (ref) {
    const name = ref.split('/').at(-1)!;
    const schema = SCHEMAS[name];
    expect(schema, `a zod schema for ${name}`).toBeTruthy();
    const parsed = schema.strict().safeParse(await res.json());
    expect(
      parsed.success,
      `${path} ${res.status()} body matches ${name}: ${parsed.success ? '' : parsed.error.message}`,
    ).toBe(true);
  }
}

const fresh = () => {
  const identity = E2E_TAC + String(900000 + Math.floor(Math.random() * 99_999)).padStart(6, '0');
  return identity + luhnCheckDigit(identity);
};

test('the document is OpenAPI 3.1 and lists every machine interface', async () => {
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths).sort()).toEqual(
    [
      '/api/v1/imei/{imei}',
      '/n5g-eir-eic/v1/equipment-status',
      '/api/v1/registrations',
      '/api/v1/legality-records',
      '/api/v1/lists/black',
      '/api/v1/lists/grey',
      '/api/v1/lists/white',
      '/api/v1/lists/notification',
      '/api/v1/lists/tac',
    ].sort(),
  );
});

test('the public check answers as documented', async ({ request }) => {
  await conforms(
    '/api/v1/imei/{imei}',
    'get',
    await request.get(`/api/v1/imei/${demoDevice('grey-days-left').imei}`),
  );
  await conforms('/api/v1/imei/{imei}', 'get', await request.get('/api/v1/imei/12345'));
});

test('the batch interfaces answer as documented', async ({ request }) => {
  const imei = fresh();
  const path = '/api/v1/registrations';
  await conforms(
    path,
    'post',
    await request.post(path, {
      headers: operator.auth,
      data: [
        { imei, imsi: '401017777700001', msisdn: '77775550001', seenAt: new Date().toISOString() },
      ],
    }),
  );
  await conforms(
    path,
    'post',
    await request.post(path, {
      headers: operator.auth,
      data: [{ imei: 'x', imsi: '1', msisdn: '1', seenAt: '1' }],
    }),
  );
  await conforms(
    path,
    'post',
    await request.post(path, {
      headers: { ...operator.auth, 'Content-Type': 'application/json' },
      data: 'null',
    }),
  );
  await conforms(path, 'post', await request.post(path, { data: [] }));
  await conforms(path, 'post', await request.post(path, { headers: lists.auth, data: [] }));
  const legal = '/api/v1/legality-records';
  await conforms(
    legal,
    'post',
    await request.post(legal, {
      headers: supplier.auth,
      data: [{ imei, document: 'CM-1', recordedAt: '2026-11-01' }],
    }),
  );
  await conforms(
    legal,
    'post',
    await request.post(legal, {
      headers: supplier.auth,
      data: [{ imei, document: '', recordedAt: '2026-11-01' }],
    }),
  );
});

test('the lists answer as documented', async ({ request }) => {
  for (const name of ['black', 'grey', 'white', 'notification']) {
    const path = `/api/v1/lists/${name}`;
    const full = await request.get(path, { headers: lists.auth });
    await conforms(path, 'get', full);
    await conforms(
      path,
      'get',
      await request.get(`${path}?since=${full.headers()['x-list-cursor']}`, {
        headers: lists.auth,
      }),
    );
    await conforms(path, 'get', await request.get(`${path}?since=x`, { headers: lists.auth }));
    await conforms(path, 'get', await request.get(path));
  }
  await conforms(
    '/api/v1/lists/tac',
    'get',
    await request.get('/api/v1/lists/tac', { headers: lists.auth }),
  );
  await conforms(
    '/api/v1/lists/tac',
    'get',
    await request.get('/api/v1/lists/tac', { headers: operator.auth }),
  );
});

test('the equipment identity check server answers as documented', async ({ request }) => {
  const eir = await createTestClient({
    name: 'contract-eir',
    scopes: ['eir'],
    operator: 'Beeline',
  });
  const path = '/n5g-eir-eic/v1/equipment-status';
  expect(doc.paths[path] as unknown as { servers?: unknown[] }).toHaveProperty('servers');
  await conforms(
    path,
    'get',
    await request.get(`${EIR_URL}${path}?pei=imei-${fresh()}`, { headers: eir.auth }),
  );
  await conforms(path, 'get', await request.get(`${EIR_URL}${path}`, { headers: eir.auth }));
  await conforms(
    path,
    'get',
    await request.get(`${EIR_URL}${path}?pei=imei-1`, { headers: eir.auth }),
  );
  await conforms(path, 'get', await request.get(`${EIR_URL}${path}?pei=imei-${fresh()}`));
  await conforms(
    path,
    'get',
    await request.get(`${EIR_URL}${path}?pei=imei-${fresh()}`, { headers: lists.auth }),
  );
});
