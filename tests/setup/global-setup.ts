import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { createDataSource, migrate } from '../../src/db/data-source.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data directory dump of a fresh cluster (no schema). */
    emptyDatabase: string;
    /** The same, with every migration applied. */
    migratedDatabase: string;
  }
}

/**
 * initdb in PGlite takes seconds; do it once per run and let each test file load a dump.
 */
export default async function setup(project: TestProject) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-test-db-'));
  const pg = await startEmbeddedPostgres();
  const emptyDatabase = path.join(dir, 'empty.tar');
  await fs.writeFile(emptyDatabase, await pg.dump());

  const dataSource = createDataSource({ url: pg.url, embedded: true });
  await dataSource.initialize();
  await migrate(dataSource);
  await dataSource.destroy();
  const migratedDatabase = path.join(dir, 'migrated.tar');
  await fs.writeFile(migratedDatabase, await pg.dump());
  await pg.close();

  project.provide('emptyDatabase', emptyDatabase);
  project.provide('migratedDatabase', migratedDatabase);
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}
