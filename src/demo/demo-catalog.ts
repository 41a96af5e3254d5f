import sharp from 'sharp';
import type { Logger } from 'pino';
import { BadUserInputError } from '../domain/errors.js';
import type { CatalogService } from '../services/catalog.service.js';
import { DEMO_PRODUCTS, STUDIO_VIEWS, svgFor, type DemoProduct, type View } from './drawings.js';

export async function renderDemoImage(
  product: DemoProduct,
  view: View,
  format: 'png' | 'jpeg' = 'png',
): Promise<Buffer> {
  const image = sharp(Buffer.from(svgFor(product, view)));
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 85 }).toBuffer();
}

/**
 * At first start (no product has ever existed), add a small catalog the project draws itself,
 * so that a first search finds something. Returns the number of products added.
 */
export async function seedDemoCatalog(catalog: CatalogService, logger: Logger): Promise<number> {
  if (await catalog.everUsed()) return 0;
  for (const item of DEMO_PRODUCTS) {
    const { name, category, description, sku, attributes } = item;
    const product = await catalog.create({ name, category, description, sku, attributes }).catch((error: unknown) => {
      // Replicas starting together on an empty database: another one is adding it.
      if (error instanceof BadUserInputError) return null;
      throw error;
    });
    if (!product) {
      logger.info('another replica is adding the demo catalog');
      return 0;
    }
    for (const view of STUDIO_VIEWS) await catalog.addImage(product.id, await renderDemoImage(item, view));
  }
  logger.info({ products: DEMO_PRODUCTS.length }, 'added the demo catalog (DEMO_CATALOG=false skips it)');
  return DEMO_PRODUCTS.length;
}
