import type { TestProject } from 'vitest/node';
import { postgresUnavailable, startPostgresCluster } from '../helpers/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real PostgreSQL with pgvector for the external-database tests, or '' when there is none. */
    postgresUrl: string;
  }
}

/**
 * TEST_DATABASE_URL when set (a server of your own: the tests create and drop databases on it);
 * otherwise a throwaway PostgreSQL 15 cluster for this run, where one can start.
 */
export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  const reason = await postgresUnavailable();
  if (reason && process.env.VITRINA_REQUIRE_POSTGRES) {
    throw new Error(`${reason}, and VITRINA_REQUIRE_POSTGRES is set (run scripts/ensure-postgres.sh)`);
  }
  if (reason) {
    console.warn(`vitrina: ${reason}; skipping the external-database tests (tests/integration/postgres/)`);
    project.provide('postgresUrl', '');
    return;
  }
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
