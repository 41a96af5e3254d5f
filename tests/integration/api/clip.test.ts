import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { tinyClipFiles, writeFiles } from '../../helpers/onnx.js';
import { makeImage } from '../../helpers/images.js';

/**
 * An installed CLIP (here: a tiny generated model with CLIP's names and shapes, placed where
 * `vitrina models pull` puts it) is picked up at start-up and serves image and text search.
 */
describe('with a CLIP model installed', () => {
  let server: TestServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-clip-'));
    await writeFiles(path.join(dataDir, 'models', 'clip-vit-base-patch32'), tinyClipFiles({ dim: 8 }).files);
    server = await startTestServer({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves a CLIP base version and embeds the catalog with it', async () => {
    const active = await server.gql('{ activeModelVersion { name encoderId dim status } }');
    expect(active.data!.activeModelVersion).toEqual({
      name: 'clip-vit-base-patch32-base',
      encoderId: 'clip-vit-base-patch32',
      dim: 8,
      status: 'ACTIVE',
    });
    const product = await server.gql('mutation { createProduct(input: { name: "Striped towel" }) { id } }');
    const id = product.data!.createProduct.id;
    const image = await makeImage(4, { width: 300, height: 200, format: 'jpeg' });
    await server.upload(
      'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
      { id },
      'image',
      { bytes: image },
    );
    await server.vitrina.worker!.drain();

    const search = await server.upload(
      'mutation($image: Upload!) { searchByImage(image: $image) { modelVersion { encoderId } results { score product { id } } } }',
      {},
      'image',
      { bytes: image },
    );
    expect(search.data!.searchByImage.modelVersion.encoderId).toBe('clip-vit-base-patch32');
    expect(search.data!.searchByImage.results[0]).toMatchObject({ product: { id } });
    expect(search.data!.searchByImage.results[0].score).toBeGreaterThan(0.999);

    // Text that matches no word of the catalog still finds products through the text tower.
    const text = await server.gql('mutation { searchByText(text: "a photo") { results { product { id } } } }');
    expect(text.data!.searchByText.results.map((r: { product: { id: string } }) => r.product.id)).toEqual([id]);
    const embeddings = await server.vitrina.dataSource.query(`SELECT DISTINCT encoder_id, dim FROM image_embeddings`);
    expect(embeddings).toEqual([{ encoder_id: 'clip-vit-base-patch32', dim: 8 }]);
  });
});
