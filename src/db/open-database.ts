import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Closers } from '../lib/closers.js';
import { connectionPool, createDataSource, migrate } from './data-source.js';
import { embeddedOptions, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';

/** The database vitrina serves from, connected and migrated. */
export type Database = {
  dataSource: DataSource;
  /** PGlite in this process (no DATABASE_URL): one session, one replica. */
  embedded: boolean;
  /** The pool of a shared PostgreSQL, for what replicas share through it (rate limits); none when embedded. */
  sharedPool: Pool | undefined;
  /** Resolves when the database answers at all; throws the driver's error when not. */
  ping(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** DATABASE_URL; without it, PGlite persisted under `dataDir`. */
  url: string | undefined;
  dataDir: string;
  logger: Logger;
  closers: Closers;
  /** An embedded database to use instead of opening DATA_DIR's (tests, or one started early). */
  embedded?: EmbeddedPostgres | Promise<EmbeddedPostgres>;
  /** Whether closing closes `embedded` too. */
  ownsEmbedded?: boolean;
};

/** The configured PostgreSQL, or PGlite persisted under DATA_DIR; connected and migrated. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { dataDir, logger, closers } = options;
  let url = options.url;
  const embedded = !url;
  if (!url) {
    const database = await (options.embedded ?? startEmbeddedPostgres(embeddedOptions(dataDir)));
    if (!options.embedded || options.ownsEmbedded) closers.push(['embedded database', () => database.close()]);
    url = database.url;
    logger.info({ dataDir }, 'embedded PostgreSQL (PGlite) ready');
  }
  const dataSource = createDataSource({ url, embedded, logger });
  await dataSource.initialize();
  closers.push(['data source', () => dataSource.destroy()]);
  const applied = await migrate(dataSource, { lock: !embedded });
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  return {
    dataSource,
    embedded,
    sharedPool: embedded ? undefined : connectionPool(dataSource),
    ping: async () => {
      await dataSource.query('SELECT 1');
    },
  };
}
