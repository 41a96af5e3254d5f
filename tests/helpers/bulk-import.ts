import { ADMIN_KEY } from './server.js';

export type ImportRowInput = { sku: string; name: string; images: Buffer[] };

const IMPORT = `mutation($products: [ImportProductInput!]!) {
  importProducts(products: $products) {
    rows { sku status imagesAdded error product { sku images { imageSha256 } } }
    created updated unchanged failed imagesAdded
  }
}`;

/** One bulk-import request (`importProducts`): every row's images at `products.<i>.images.<n>`. */
export async function importRows(
  url: string,
  rows: ImportRowInput[],
  key = ADMIN_KEY,
): Promise<{ status: number; body: any }> {
  const products = rows.map(({ images, ...fields }) => ({ ...fields, images: images.map(() => null) }));
  const files: Array<[string, Buffer]> = [];
  rows.forEach((row, i) =>
    row.images.forEach((bytes, n) => files.push([`variables.products.${i}.images.${n}`, bytes])),
  );
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: IMPORT, variables: { products } }));
  form.set('map', JSON.stringify(Object.fromEntries(files.map(([at], i) => [i, [at]]))));
  files.forEach(([, bytes], i) => form.set(String(i), new Blob([bytes], { type: 'image/png' }), `${i}.png`));
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'apollo-require-preflight': 'true' },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}
