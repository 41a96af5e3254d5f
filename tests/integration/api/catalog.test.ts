import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listFiles, startTestServer, type TestServer } from '../../helpers/server.js';
import { makeImage } from '../../helpers/images.js';

const ADD_IMAGE = `mutation($productId: ID!, $image: Upload!) {
  addProductImage(productId: $productId, image: $image) { id imageSha256 url format width height position }
}`;

describe('catalog', () => {
  let server: TestServer;
  const MAX_BYTES = 64 * 1024;
  const MAX_PIXELS = 300 * 300;

  beforeAll(async () => {
    server = await startTestServer({ MAX_UPLOAD_BYTES: String(MAX_BYTES), MAX_IMAGE_PIXELS: String(MAX_PIXELS) });
  });
  afterAll(async () => server?.stop());
  beforeEach(async () => server.reset());

  const createProduct = async (input: Record<string, unknown>) => {
    const res = await server.gql(
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { id name category description sku attributes } }',
      { input },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createProduct as { id: string; [k: string]: unknown };
  };

  const storedState = async () => ({
    images: Number((await server.vitrina.dataSource.query('SELECT count(*) AS n FROM images'))[0].n),
    productImages: Number((await server.vitrina.dataSource.query('SELECT count(*) AS n FROM product_images'))[0].n),
    files: await listFiles(path.join(server.dataDir, 'images')),
  });

  it('round-trips a product with an image through the API', async () => {
    const product = await createProduct({
      name: 'Blue kettle',
      category: 'kitchen',
      description: 'A 1.7 l kettle',
      sku: 'KET-17',
      attributes: { colour: 'blue', litres: 1.7 },
    });
    expect(product).toMatchObject({ name: 'Blue kettle', sku: 'KET-17', attributes: { colour: 'blue', litres: 1.7 } });

    const bytes = await makeImage(3, { format: 'jpeg', width: 120, height: 80 });
    const added = await server.upload(ADD_IMAGE, { productId: product.id }, 'image', {
      bytes,
      name: 'kettle.jpg',
      type: 'image/jpeg',
    });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addProductImage).toMatchObject({ format: 'jpeg', width: 120, height: 80, position: 0 });

    const read = await server.gql(
      'query($id: ID!) { product(id: $id) { name images { imageSha256 url format width height } } }',
      { id: product.id },
    );
    const image = read.data!.product.images[0];
    expect(read.data!.product.images).toHaveLength(1);
    const served = await fetch(`${server.url}${image.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);

    // The same image again is stored once and attached once.
    const again = await server.upload(ADD_IMAGE, { productId: product.id }, 'image', { bytes, type: 'image/jpeg' });
    expect(again.data!.addProductImage.id).toBe(added.data!.addProductImage.id);
    const other = await createProduct({ name: 'Kettle, gift box' });
    await server.upload(ADD_IMAGE, { productId: other.id }, 'image', { bytes });
    expect(await storedState()).toMatchObject({ images: 1, productImages: 2 });
    expect((await storedState()).files).toHaveLength(1);
  });

  it('refuses non-images, corrupt and oversize uploads with BAD_USER_INPUT and stores nothing', async () => {
    const product = await createProduct({ name: 'Lamp' });
    const png = await makeImage(5, { width: 200, height: 150 });
    const bigPixels = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const cases: Array<[string, Buffer, string, RegExp]> = [
      ['text file', Buffer.from('definitely not an image'), 'image/png', /not an image/],
      ['empty file', Buffer.alloc(0), 'image/png', /empty/],
      ['truncated PNG', png.subarray(0, Math.floor(png.length / 2)), 'image/png', /corrupt or truncated/],
      ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'image/svg+xml', /svg/],
      ['GIF', await sharp(png).gif().toBuffer(), 'image/gif', /gif/],
      ['over the byte limit', Buffer.concat([png, Buffer.alloc(MAX_BYTES)]), 'image/png', /byte limit/],
      ['over the pixel limit', bigPixels, 'image/png', /400×400 pixels/],
    ];
    for (const [name, bytes, type, message] of cases) {
      const res = await server.upload(ADD_IMAGE, { productId: product.id }, 'image', { bytes, type });
      expect({ name, code: res.errors?.[0]?.extensions?.code }).toEqual({ name, code: 'BAD_USER_INPUT' });
      expect(res.errors?.[0]?.message).toMatch(message);
      expect(res.data?.addProductImage ?? null).toBeNull();
    }
    expect(await storedState()).toEqual({ images: 0, productImages: 0, files: [] });
  });

  it('refuses an image for an unknown product with NOT_FOUND', async () => {
    const res = await server.upload(ADD_IMAGE, { productId: '00000000-0000-4000-8000-000000000000' }, 'image', {
      bytes: await makeImage(1),
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await storedState()).productImages).toBe(0);
  });

  it('keeps CSRF prevention on for multipart requests', async () => {
    const product = await createProduct({ name: 'Chair' });
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: ADD_IMAGE, variables: { productId: product.id, image: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.image'] }));
    form.set('0', new Blob([await makeImage(2)]), 'a.png');
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-key-0123456789' },
      body: form,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
    expect((await storedState()).images).toBe(0);
  });

  it('updates, filters, paginates and soft-deletes products', async () => {
    for (let i = 0; i < 5; i++) await createProduct({ name: `Cup ${i}`, category: i % 2 ? 'odd' : 'even' });
    await createProduct({ name: 'Saucer', category: 'even' });

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await server.gql(
        'query($after: String) { products(first: 2, after: $after) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      expect(page.data.products.totalCount).toBe(6);
      seen.push(...page.data.products.nodes.map((n: { name: string }) => n.name));
      after = page.data.products.pageInfo.hasNextPage ? page.data.products.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['Cup 0', 'Cup 1', 'Cup 2', 'Cup 3', 'Cup 4', 'Saucer']);

    const even = await server.gql('{ products(category: "even", name: "cup") { totalCount nodes { name } } }');
    expect(even.data!.products.nodes.map((n: { name: string }) => n.name)).toEqual(['Cup 0', 'Cup 2', 'Cup 4']);

    const saucer = (await server.gql('{ products(name: "Sauc") { nodes { id } } }')).data!.products.nodes[0].id;
    const updated = await server.gql(
      'mutation($id: ID!) { updateProduct(id: $id, input: { description: "Fits every cup", sku: "SAU-1" }) { name description sku } }',
      { id: saucer },
    );
    expect(updated.data!.updateProduct).toEqual({ name: 'Saucer', description: 'Fits every cup', sku: 'SAU-1' });

    const deleted = await server.gql('mutation($id: ID!) { deleteProduct(id: $id) { id } }', { id: saucer });
    expect(deleted.data!.deleteProduct.id).toBe(saucer);
    const gone = await server.gql('query($id: ID!) { product(id: $id) { id } }', { id: saucer });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.gql('{ products { totalCount } }')).data!.products.totalCount).toBe(5);
    // Soft delete: the row stays for the searches and feedback that name it.
    const rows = await server.vitrina.dataSource.query('SELECT deleted_at FROM products WHERE id = $1', [saucer]);
    expect(rows[0].deleted_at).not.toBeNull();
  });

  it('validates product input and keeps SKUs unique', async () => {
    await createProduct({ name: 'Vase', sku: 'VAS-1' });
    const duplicate = await server.gql(
      'mutation { createProduct(input: { name: "Other vase", sku: "VAS-1" }) { id } }',
    );
    expect(duplicate.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(duplicate.errors?.[0]?.message).toMatch(/VAS-1/);
    const empty = await server.gql('mutation { createProduct(input: { name: "" }) { id } }');
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await server.gql('{ products(after: "garbage") { totalCount } }');
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await server.gql('{ products(first: 1000) { totalCount } }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await server.gql('{ products { totalCount } }')).data!.products.totalCount).toBe(1);
  });

  it('refuses queries nested beyond the depth limit', async () => {
    const deep = `{ products { nodes { images { url } } } }`;
    expect((await server.gql(deep)).errors).toBeUndefined();
    let nested = 'id';
    for (let i = 0; i < 15; i++) nested = `__typename ... on Query { products { nodes { ${nested} } } }`;
    const res = await server.gql(`{ ${nested} }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
