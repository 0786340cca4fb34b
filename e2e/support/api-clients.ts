/**
 * API clients for the e2e tests of the machine interfaces, written straight into the e2e
 * database (as `npm run api-client:create` would: only the token's SHA-256 is stored).
 */
import { createHash, randomBytes } from 'node:crypto';
import { query } from './db';

export type TestClient = { name: string; token: string; auth: { Authorization: string } };

export async function createTestClient(options: {
  name: string;
  scopes: string[];
  operator?: string;
  supplier?: { source: string; organisation: string };
}): Promise<TestClient> {
  const token = 'kzimei_' + randomBytes(32).toString('base64url');
  const name = `${options.name}-${randomBytes(4).toString('hex')}`;
  await query(
    `INSERT INTO api_clients (name, scopes, operator, "supplierSource", organisation, "tokenHash", "createdAt", "createdBy")
     VALUES ($1, $2, $3, $4, $5, $6, now(), 'e2e')`,
    [
      name,
      options.scopes,
      options.operator ?? null,
      options.supplier?.source ?? null,
      options.supplier?.organisation ?? null,
      createHash('sha256').update(token).digest('hex'),
    ],
  );
  return { name, token, auth: { Authorization: `Bearer ${token}` } };
}

export async function revokeTestClient(client: TestClient): Promise<void> {
  await query(`UPDATE api_clients SET "revokedAt" = now() WHERE name = $1`, [client.name]);
}
