import type { DataSource } from 'typeorm';
import type { JobState, StateProbe } from '../domain/metrics.js';

/**
 * The shared state the scrape-time gauges report, read from the database: one short statement
 * each, on indexed columns, since every scrape of every replica runs them.
 */
export class OperationalState implements StateProbe {
  constructor(private readonly dataSource: DataSource) {}

  async jobs(): Promise<JobState[]> {
    // Finished jobs are kept as history; the claim index (status, …) keeps this to the live ones.
    const rows = (await this.dataSource.query(
      `SELECT kind, status, count(*)::int AS count,
              extract(epoch FROM now() - min(created_at))::float8 AS oldest_age_seconds
       FROM jobs WHERE status IN ('queued', 'running')
       GROUP BY kind, status`,
    )) as Array<{ kind: string; status: string; count: number; oldest_age_seconds: number }>;
    return rows.map((r) => ({
      kind: r.kind,
      status: r.status,
      count: r.count,
      oldestAgeSeconds: Math.max(0, r.oldest_age_seconds),
    }));
  }

  async embeddingBacklog(): Promise<number> {
    // The same rule as the embedding job's pending images (src/services/embedding.service.ts);
    // the active version's id is found once, so each image is one primary-key probe.
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n
       FROM product_images pi
       JOIN products p ON p.id = pi.product_id AND p.deleted_at IS NULL
       WHERE NOT EXISTS (
         SELECT 1 FROM version_vectors v
         WHERE v.model_version_id = (SELECT id FROM model_versions WHERE status = 'active' LIMIT 1)
           AND v.product_image_id = pi.id)`,
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }

  async activeVersion(): Promise<string | null> {
    const rows = (await this.dataSource.query(
      `SELECT name FROM model_versions WHERE status = 'active' LIMIT 1`,
    )) as Array<{ name: string }>;
    return rows[0]?.name ?? null;
  }
}
