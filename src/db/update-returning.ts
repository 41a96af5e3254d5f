import type { DataSource, EntityManager } from 'typeorm';

/** The rows an `UPDATE … RETURNING` gave back: TypeORM answers `[rows, count]` for updates. */
export async function updateReturning<T = unknown>(
  db: DataSource | EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const [rows] = (await db.query(sql, params)) as [T[], number];
  return rows;
}
