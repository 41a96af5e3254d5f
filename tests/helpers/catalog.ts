import { expect } from 'vitest';
import { STUDIO_VIEWS, type DemoProduct } from '../../src/demo/drawings.js';
import { renderDemoImage } from '../../src/demo/demo-catalog.js';
import type { TestServer } from './server.js';

/** Demo products, each with its first studio view, created by the admin and searchable: their ids. */
export async function addDemoCatalog(server: TestServer, items: readonly DemoProduct[]): Promise<string[]> {
  const ids: string[] = [];
  for (const item of items) {
    const res = await server.gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
      input: { name: item.name, category: item.category, description: item.description, sku: item.sku },
    });
    const id = res.data!.createProduct.id as string;
    ids.push(id);
    const added = await server.upload(
      'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
      { id },
      'image',
      { bytes: await renderDemoImage(item, STUDIO_VIEWS[0]!) },
    );
    expect(added.errors).toBeUndefined();
  }
  await server.vitrina.worker!.drain();
  return ids;
}
