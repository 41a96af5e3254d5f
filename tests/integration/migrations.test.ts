import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../../src/db/data-source.js';
import { migrations } from '../../src/db/migrations/index.js';
import type { EmbeddedPostgres } from '../../src/db/embedded.js';
import { templateDatabase } from '../helpers/database.js';

describe('migrations', () => {
  let pg: EmbeddedPostgres;
  let dataSource: DataSource;

  beforeAll(async () => {
    pg = await templateDatabase('empty');
    dataSource = createDataSource({ url: pg.url, embedded: true });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await pg?.close();
  });

  const tables = async () =>
    (
      (await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      )) as { table_name: string }[]
    ).map((r) => r.table_name);

  it('build the whole data model on an empty database', async () => {
    expect(await tables()).toEqual([]);
    const applied = await migrate(dataSource);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual(
      [
        'api_keys',
        'experiment_arms',
        'experiments',
        'gallery_vectors',
        'gallery_views',
        'image_embeddings',
        'images',
        'jobs',
        'migrations',
        'model_activations',
        'model_versions',
        'new_product_annotations',
        // Which replica runs each periodic task (no entity: LeaseRepository's SQL).
        'periodic_leases',
        'product_images',
        'products',
        // Replicas' shared request budgets (rate-limiter-flexible's layout, no entity).
        'rate_limits',
        'search_comments',
        'search_results',
        'searches',
        'training_examples',
        'training_runs',
        'version_vectors',
      ].sort(),
    );
    const extensions = (await dataSource.query(`SELECT extname FROM pg_extension ORDER BY 1`)) as { extname: string }[];
    expect(extensions.map((e) => e.extname)).toEqual(expect.arrayContaining(['pg_trgm', 'vector']));
  });

  it('leave nothing for TypeORM to synchronise: entities and migrations agree', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are idempotent and can be undone and redone', async () => {
    expect(await migrate(dataSource)).toEqual([]);
    for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    expect((await migrate(dataSource)).length).toBeGreaterThan(0);
    expect(await tables()).toContain('training_examples');
  });

  it('keep the seed tables with every seed field', async () => {
    const columns = async (table: string) =>
      (
        (await dataSource.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1`, [
          table,
        ])) as { column_name: string }[]
      ).map((c) => c.column_name);
    expect(await columns('training_examples')).toEqual(
      expect.arrayContaining([
        'image_sha256',
        'user_id',
        'feedback_type',
        'product_id',
        'similarity_score',
        'quality_rating',
        'used_for_training',
        'model_version_id',
        'created_at',
      ]),
    );
    expect(await columns('training_runs')).toEqual(
      expect.arrayContaining([
        'model_version_id',
        'examples_used',
        'accuracy_before',
        'accuracy_after',
        'parameters',
        'duration_ms',
        'status',
        'started_by',
        'created_at',
      ]),
    );
    expect(await columns('new_product_annotations')).toEqual(
      expect.arrayContaining(['search_id', 'image_sha256', 'user_id', 'name', 'category', 'comment', 'status']),
    );
  });

  it('keep vectors inline, where the planner prices them honestly', async () => {
    const storage = await dataSource.query(
      `SELECT attrelid::regclass::text AS t, attstorage FROM pg_attribute WHERE attname = 'embedding' AND attrelid IN ('version_vectors'::regclass, 'image_embeddings'::regclass) ORDER BY 1`,
    );
    expect(storage).toEqual([
      { t: 'image_embeddings', attstorage: 'p' },
      { t: 'version_vectors', attstorage: 'p' },
    ]);
  });

  it('enforce the rules the code relies on', async () => {
    await dataSource.query(
      `INSERT INTO model_versions (name, encoder_id, encoder_checksum, dim, status) VALUES ('a', 'builtin', 'x', 8, 'active')`,
    );
    await expect(
      dataSource.query(
        `INSERT INTO model_versions (name, encoder_id, encoder_checksum, dim, status) VALUES ('b', 'builtin', 'x', 8, 'active')`,
      ),
    ).rejects.toThrow(/model_versions_one_active_key/);
    await expect(
      dataSource.query(`INSERT INTO api_keys (name, role, key_hash, key_prefix) VALUES ('k', 'root', 'h', 'p')`),
    ).rejects.toThrow(/api_keys_role_check/);
  });
});
