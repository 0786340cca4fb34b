/** Drops and creates the e2e database (E2E_DATABASE_URL) on TEST_DATABASE_URL's server; run by scripts/e2e-server.sh. */
import { adminQuery } from '../../lib/database/test-databases';
import { quoteIdent } from '../../lib/database/embedded-server';

const adminUrl = process.env.TEST_DATABASE_URL;
const url = process.env.E2E_DATABASE_URL;
if (!adminUrl || !url) throw new Error('TEST_DATABASE_URL and E2E_DATABASE_URL must be set');
const name = quoteIdent(decodeURIComponent(new URL(url).pathname.slice(1)));
await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
