import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { DEMO_PRODUCTS, SHOPPER_VIEW, STUDIO_VIEWS } from '../../../src/demo/drawings.js';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';
import { VectorIndex } from '../../../src/services/vector-index.js';
import { ModelVersion } from '../../../src/entities/model-version.entity.js';

const SEARCH = `mutation($image: Upload!, $limit: Int) {
  searchByImage(image: $image, limit: $limit) {
    id kind queryImageSha256 modelVersion { id name encoderId } experimentArm
    results { rank score product { id name sku } }
  }
}`;
const ADD_IMAGE = 'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }';

describe('search', () => {
  let server: TestServer;
  const ids = new Map<string, string>();
  const items = DEMO_PRODUCTS.slice(0, 6);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  const count = async (table: string) =>
    Number((await server.vitrina.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  beforeEach(async () => {
    await server.reset();
    ids.clear();
    for (const item of items) {
      const res = await server.gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
        input: { name: item.name, category: item.category, description: item.description, sku: item.sku },
      });
      const id = res.data!.createProduct.id as string;
      ids.set(item.sku, id);
      for (const view of STUDIO_VIEWS) {
        const added = await server.upload(ADD_IMAGE, { id }, 'image', { bytes: await renderDemoImage(item, view) });
        expect(added.errors).toBeUndefined();
      }
    }
    await server.vitrina.worker!.drain();
  });

  it('finds the photographed product first, and stores the search with its results', async () => {
    const user = await server.createKey('USER');
    for (const item of items) {
      const photo = await renderDemoImage(item, SHOPPER_VIEW, 'jpeg');
      const res = await server.upload(
        SEARCH,
        { limit: 3 },
        'image',
        { bytes: photo, type: 'image/jpeg' },
        { key: user.key },
      );
      expect(res.errors).toBeUndefined();
      const search = res.data!.searchByImage;
      expect(search.results[0].product.sku).toBe(item.sku);
      expect(search.results).toHaveLength(3);
      expect(search.results.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
      expect(search.results[0].score).toBeGreaterThanOrEqual(search.results[1].score);
      expect(search.modelVersion.encoderId).toBe('builtin-v4');
      expect(search.experimentArm).toBeNull();

      const stored = await server.gql(
        'query($id: ID!) { search(id: $id) { kind results { rank product { sku } } } }',
        { id: search.id },
        { key: user.key },
      );
      expect(stored.data!.search.results[0].product.sku).toBe(item.sku);
      const other = await server.createKey('USER', 'someone else');
      const foreign = await server.gql(
        'query($id: ID!) { search(id: $id) { id } }',
        { id: search.id },
        { key: other.key },
      );
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await count('searches')).toBe(items.length);
    expect(await count('search_results')).toBe(items.length * 3);
  });

  it('stores a repeated photo once and reuses its embedding', async () => {
    const photo = await renderDemoImage(items[0]!, SHOPPER_VIEW, 'jpeg');
    const first = await server.upload(SEARCH, {}, 'image', { bytes: photo });
    const before = { images: await count('images'), embeddings: await count('image_embeddings') };
    const second = await server.upload(SEARCH, {}, 'image', { bytes: photo });
    expect(second.data!.searchByImage.queryImageSha256).toBe(first.data!.searchByImage.queryImageSha256);
    expect(second.data!.searchByImage.id).not.toBe(first.data!.searchByImage.id);
    expect({ images: await count('images'), embeddings: await count('image_embeddings') }).toEqual(before);
    expect(second.data!.searchByImage.results).toEqual(first.data!.searchByImage.results);
  });

  it('ranks a product by its best image and hides deleted products', async () => {
    const mug = ids.get('DEMO-MUG-RED')!;
    const photo = await renderDemoImage(items[0]!, STUDIO_VIEWS[1]!, 'png');
    const res = await server.upload(SEARCH, { limit: 6 }, 'image', { bytes: photo });
    const results = res.data!.searchByImage.results;
    expect(results[0].product.id).toBe(mug);
    expect(results[0].score).toBeGreaterThan(0.999); // the identical catalog image, not the other view
    expect(new Set(results.map((r: { product: { id: string } }) => r.product.id)).size).toBe(results.length);

    await server.gql('mutation($id: ID!) { deleteProduct(id: $id) { id } }', { id: mug });
    const after = await server.upload(SEARCH, { limit: 6 }, 'image', { bytes: photo });
    expect(after.data!.searchByImage.results.map((r: { product: { id: string } }) => r.product.id)).not.toContain(mug);
  });

  it("uses the version's own HNSW index and never returns another version's vectors", async () => {
    const { registry, index } = server.vitrina.services;
    const a = await registry.active();
    const repo = server.vitrina.dataSource.getRepository(ModelVersion);
    const b = await repo.save(repo.create({ ...a, id: undefined, name: 'other', status: 'ready', activatedAt: null }));
    await index.ensureIndex(b);
    // Version B holds one vector, for a product that A has no vectors for, equal to the query.
    const query = new Float32Array(a.dim).fill(0);
    query[0] = 1;
    const loner = await server.gql('mutation { createProduct(input: { name: "Only in B" }) { id } }');
    const lonerId = loner.data!.createProduct.id;
    const image = await server.vitrina.dataSource.query(`SELECT id FROM product_images LIMIT 1`);
    await index.upsert(b, [{ productImageId: image[0].id, productId: lonerId, vector: query }]);

    const fromA = await index.nearest(a, query, 50);
    expect(fromA.map((n) => n.productId)).not.toContain(lonerId);
    expect(fromA.length).toBe(items.length);
    expect((await index.nearest(b, query, 50)).map((n) => n.productId)).toEqual([lonerId]);

    const plan = await index.explainNearest(a, query, 5);
    expect(plan).toContain(VectorIndex.indexName(a));
    expect(plan).not.toContain(VectorIndex.indexName(b));
  });

  it('searches by text in names, categories and descriptions', async () => {
    const res = await server.gql(
      'mutation { searchByText(text: "mug", limit: 5) { kind queryText results { product { sku } } } }',
    );
    expect(res.data!.searchByText.kind).toBe('TEXT');
    const skus = res.data!.searchByText.results.map((r: { product: { sku: string } }) => r.product.sku);
    expect(skus.slice(0, 2).sort()).toEqual(['DEMO-MUG-BLUE', 'DEMO-MUG-RED']);
    const typo = await server.gql('mutation { searchByText(text: "sneakr") { results { product { sku } } } }');
    expect(typo.data!.searchByText.results.map((r: { product: { sku: string } }) => r.product.sku)).toContain(
      'DEMO-SNEAKER-WHITE',
    );
    const category = await server.gql('mutation { searchByText(text: "shoes") { results { product { sku } } } }');
    expect(category.data!.searchByText.results).toHaveLength(2);
    const none = await server.gql('mutation { searchByText(text: "zzzzqqqq") { results { rank } } }');
    expect(none.data!.searchByText.results).toEqual([]);
    const empty = await server.gql('mutation { searchByText(text: "") { id } }');
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses bad photos cleanly and records no search', async () => {
    const jpeg = await renderDemoImage(items[0]!, SHOPPER_VIEW, 'jpeg');
    const imagesBefore = await count('images');
    for (const bytes of [
      Buffer.alloc(0),
      Buffer.from('GIF89a not really'),
      (await renderDemoImage(items[0]!, SHOPPER_VIEW)).subarray(0, 200),
      jpeg.subarray(0, Math.floor(jpeg.length * 0.6)),
    ]) {
      const res = await server.upload(SEARCH, {}, 'image', { bytes });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const tooMany = await server.upload(SEARCH, { limit: 500 }, 'image', {
      bytes: await renderDemoImage(items[0]!, SHOPPER_VIEW),
    });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count('searches')).toBe(0);
    expect(await count('images')).toBe(imagesBefore);
  });
});

describe('demo catalog', () => {
  it('is added at first start and answers a first search', async () => {
    const server = await startTestServer({ DEMO_CATALOG: 'true' });
    try {
      await server.vitrina.worker!.drain();
      const products = await server.gql('{ products { totalCount } }');
      expect(products.data!.products.totalCount).toBe(DEMO_PRODUCTS.length);
      const teapot = DEMO_PRODUCTS.find((p) => p.sku === 'DEMO-TEAPOT-TEAL')!;
      const res = await server.upload(SEARCH, {}, 'image', {
        bytes: await renderDemoImage(teapot, SHOPPER_VIEW, 'jpeg'),
      });
      expect(res.data!.searchByImage.results[0].product.sku).toBe(teapot.sku);
    } finally {
      await server.stop();
    }
  });
});
