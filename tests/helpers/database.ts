import fs from 'node:fs/promises';
import { inject } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded.js';

/** A private in-memory PGlite loaded from the run's template dump (fast: no initdb). */
export async function templateDatabase(which: 'empty' | 'migrated' = 'migrated'): Promise<EmbeddedPostgres> {
  const file = inject(which === 'empty' ? 'emptyDatabase' : 'migratedDatabase');
  const dump = new Blob([await fs.readFile(file)]);
  return startEmbeddedPostgres({ loadDataDir: dump });
}
