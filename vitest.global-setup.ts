/**
 * Once per `vitest run`: a PostgreSQL to test on (TEST_DATABASE_URL, or the embedded server,
 * started here when it is not running and stopped at the end if this run started it), and a
 * template database with every migration applied, which each test file clones
 * (lib/data/test-db.ts).
 */
import type { TestProject } from 'vitest/node';
import { ensureEmbeddedServer } from './lib/database/embedded-server';
import { createDatabase, dropDatabase } from './lib/database/test-databases';
import { deploy } from './scripts/db-migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    testAdminUrl: string;
    testTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  let stopServer = async () => {};
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const server = await ensureEmbeddedServer();
    adminUrl = server.adminUrl;
    stopServer = server.stop;
  }
  const templateUrl = await createDatabase(adminUrl, 'portal_tpl');
  await deploy({ databaseUrl: templateUrl, log: () => {} });
  project.provide('testAdminUrl', adminUrl);
  project.provide('testTemplate', decodeURIComponent(new URL(templateUrl).pathname.slice(1)));
  return async () => {
    await dropDatabase(adminUrl, templateUrl);
    await stopServer();
  };
}
