import { randomBytes, randomUUID } from 'node:crypto';
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

/**
 * `perProduct` accepted gallery views of each product of `images`, each with the photo, search and
 * verdict a view comes from, and its vector in version `versionId`: a shop whose shoppers have
 * confirmed photos of these products. Returns how many views it added.
 */
export async function insertSyntheticGalleryViews(
  ds: DataSource,
  versionId: string,
  images: readonly SyntheticImage[],
  perProduct: number,
  vector: () => Float32Array,
): Promise<number> {
  const views = images.flatMap((image) =>
    Array.from({ length: perProduct }, () => ({
      product: image.product_id,
      sha: randomBytes(32).toString('hex'),
      search: randomUUID(),
      example: randomUUID(),
      view: randomUUID(),
    })),
  );
  for (let start = 0; start < views.length; start += 1000) {
    const chunk = views.slice(start, start + 1000);
    const column = (key: keyof (typeof chunk)[number]) => chunk.map((v) => v[key]);
    await ds.query(
      `INSERT INTO images (sha256, format, width, height, byte_size) SELECT s, 'jpeg', 1, 1, 1 FROM unnest($1::text[]) s`,
      [column('sha')],
    );
    await ds.query(
      `INSERT INTO searches (id, kind, user_id, query_image_sha256, result_limit)
       SELECT id, 'image', 'bench', sha, 5 FROM unnest($1::uuid[], $2::text[]) AS t(id, sha)`,
      [column('search'), column('sha')],
    );
    await ds.query(
      `INSERT INTO training_examples (id, search_id, image_sha256, user_id, feedback_type, product_id)
       SELECT e, s, sha, 'bench', 'correct', p FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[]) AS t(e, s, sha, p)`,
      [column('example'), column('search'), column('sha'), column('product')],
    );
    await ds.query(
      `INSERT INTO gallery_views (id, product_id, example_id, search_id, image_sha256, user_id, verdict, status, decided_by, decided_at)
       SELECT v, p, e, s, sha, 'bench', 'correct', 'accepted', 'admin', now()
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[]) AS t(v, p, e, s, sha)`,
      [column('view'), column('product'), column('example'), column('search'), column('sha')],
    );
    await ds.query(
      `INSERT INTO gallery_vectors (model_version_id, gallery_view_id, product_id, embedding)
       SELECT $1, v, p, e::vector FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS t(v, p, e)`,
      [versionId, column('view'), column('product'), chunk.map(() => `[${vector().join(',')}]`)],
    );
  }
  return views.length;
}
