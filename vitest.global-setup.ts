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
  let release = async () => {};
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const server = await ensureEmbeddedServer();
    adminUrl = server.adminUrl;
    release = server.release;
  }
  let templateUrl: string | undefined;
  try {
    templateUrl = await createDatabase(adminUrl, 'portal_tpl');
    await deploy({ databaseUrl: templateUrl, log: () => {} });
  } catch (e) {
    if (templateUrl) await dropDatabase(adminUrl, templateUrl).catch(() => {});
    await release();
    throw e;
  }
  project.provide('testAdminUrl', adminUrl);
  project.provide('testTemplate', decodeURIComponent(new URL(templateUrl).pathname.slice(1)));
  return async () => {
    await dropDatabase(adminUrl, templateUrl!);
    await release();
  };
}
