import type { DataSource } from 'typeorm';

export type SyntheticImage = { id: string; product_id: string; image_sha256: string };

/**
 * Products `first`..`last` of a synthetic catalog, each with one (placeholder) image row: what
 * the speed benchmarks need to put vectors behind, without rendering and encoding 50k photos.
 */
export async function insertSyntheticProducts(ds: DataSource, first: number, last: number): Promise<SyntheticImage[]> {
  return (await ds.query(
    `WITH p AS (
       INSERT INTO products (name, category) SELECT 'Synthetic ' || g, 'synthetic' FROM generate_series($1::int, $2::int) g RETURNING id),
     i AS (
       INSERT INTO images (sha256, format, width, height, byte_size)
       SELECT md5(p.id::text) || md5(p.id::text || 'x'), 'jpeg', 1, 1, 1 FROM p RETURNING sha256)
     INSERT INTO product_images (product_id, image_sha256)
     SELECT p.id, md5(p.id::text) || md5(p.id::text || 'x') FROM p RETURNING id, product_id, image_sha256`,
    [first, last],
  )) as SyntheticImage[];
}
