/** Writes examples/photos/*.jpg: "shopper photos" of demo products, for the README's first search. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEMO_PRODUCTS, SHOPPER_VIEW } from '../src/demo/drawings.js';
import { renderDemoImage } from '../src/demo/demo-catalog.js';

const dir = path.resolve(import.meta.dirname, '../examples/photos');
await fs.mkdir(dir, { recursive: true });
for (const sku of ['DEMO-MUG-RED', 'DEMO-SNEAKER-ORANGE', 'DEMO-TEAPOT-TEAL']) {
  const product = DEMO_PRODUCTS.find((p) => p.sku === sku)!;
  const file = path.join(dir, `${sku.toLowerCase().replace(/^demo-/, '')}.jpg`);
  await fs.writeFile(file, await renderDemoImage(product, SHOPPER_VIEW, 'jpeg'));
  console.log(file);
}
