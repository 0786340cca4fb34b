import { defineConfig } from '@playwright/test';
import { embeddedUrl, withDatabase } from './lib/database/embedded-settings';

const port = Number(process.env.E2E_PORT ?? 3100);
// The e2e database: its own, on the tests' server (TEST_DATABASE_URL, or the embedded PostgreSQL),
// recreated by scripts/e2e-server.sh. The servers and the tests read it from the environment.
process.env.E2E_DATABASE_URL ??= withDatabase(
  process.env.TEST_DATABASE_URL ?? embeddedUrl('postgres'),
  `portal_e2e_${port}`,
);
/** The second instance of the portal, on the same database (e2e/instances.spec.ts). */
export const SECOND_INSTANCE_URL = `http://127.0.0.1:${port + 1}`;
/** The equipment identity check server (scripts/eir.ts) on the same database (e2e/eir.spec.ts). */
export const EIR_URL = `http://127.0.0.1:${port + 2}`;
/** The test inbox (scripts/test-inbox.ts): its HTTP side (SMS gateway, GET /messages); SMTP is on the next port. */
export const INBOX_URL = `http://127.0.0.1:${port + 3}`;
process.env.INBOX_URL ??= INBOX_URL;
/** An instance whose database connections pass through a proxy that a test can cut (e2e/database-outage.spec.ts). */
export const OUTAGE_INSTANCE_URL = `http://127.0.0.1:${port + 6}`;
/** That proxy's control interface (e2e/support/db-proxy.ts): POST /cut, POST /restore. */
export const DB_PROXY_URL = `http://127.0.0.1:${port + 7}`;
/** The notification worker's health endpoint (scripts/worker.ts). */
const WORKER_HEALTH_URL = `http://127.0.0.1:${port + 5}/healthz`;

export default defineConfig({
  testDir: 'e2e',
  // Generous limits: they catch a hang, not a slow machine (CI shares two cores between the
  // browser, two Next servers, PostgreSQL and scrypt at OWASP's cost).
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Owners use phones: every test runs at 360 px wide.
    viewport: { width: 360, height: 780 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  // The test inbox (SMS gateway and SMTP server), then two instances of the portal on one
  // database, as behind a load balancer (most tests use the first; e2e/instances.spec.ts uses
  // both), the EIR server and the notification worker. Started in order; stopped with SIGTERM.
  webServer: [
    {
      command: 'bash scripts/e2e-server.sh --inbox',
      url: `${INBOX_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: 'bash scripts/e2e-server.sh',
      url: `http://127.0.0.1:${port}/api/ready`,
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
    {
      command: 'bash scripts/e2e-server.sh --second',
      url: `${SECOND_INSTANCE_URL}/api/ready`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
    {
      command: 'bash scripts/e2e-server.sh --outage',
      url: `${OUTAGE_INSTANCE_URL}/api/ready`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
    {
      command: 'bash scripts/e2e-server.sh --eir',
      url: `${EIR_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
    {
      command: 'bash scripts/e2e-server.sh --worker',
      url: WORKER_HEALTH_URL,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
  ],
});
