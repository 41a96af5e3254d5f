import fs from 'node:fs/promises';
import { inject } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded.js';

/** A private in-memory PGlite loaded from the run's template dump (fast: no initdb). */
export async function templateDatabase(
  which: 'empty' | 'migrated' = 'migrated',
  options: { maxConnections?: number; tcp?: boolean } = {},
): Promise<EmbeddedPostgres> {
  const file = inject(which === 'empty' ? 'emptyDatabase' : 'migratedDatabase');
  return startEmbeddedPostgres({ loadDataDir: await fs.readFile(file), ...options });
}
