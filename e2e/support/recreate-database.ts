/** Drops and creates the e2e database (E2E_DATABASE_URL) on TEST_DATABASE_URL's server; run by scripts/e2e-server.sh. */
import { adminQuery, dropDatabase } from '../../lib/database/test-databases';
import { quoteIdent } from '../../lib/database/embedded-server';

const adminUrl = process.env.TEST_DATABASE_URL;
const url = process.env.E2E_DATABASE_URL;
if (!adminUrl || !url) throw new Error('TEST_DATABASE_URL and E2E_DATABASE_URL must be set');
await dropDatabase(adminUrl, url);
await adminQuery(
  adminUrl,
  `CREATE DATABASE ${quoteIdent(decodeURIComponent(new URL(url).pathname.slice(1)))}`,
);
