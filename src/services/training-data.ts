import type { ModelVersion } from '../entities/model-version.entity.js';
import type { Repositories } from '../repositories/index.js';
import type { TrainingData } from '../trainer/data.js';
import { feedbackTrainingData, type CatalogVector } from '../trainer/feedback-data.js';
import type { ForegroundGate } from './foreground.js';

/** Base embeddings read per query when gathering the catalog. */
const CATALOG_PAGE = 100;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export type GatheredData = { training: TrainingData; catalog: CatalogVector[]; exampleIds: string[] };

/**
 * Feedback, query photos and catalog in the parent encoder's base space. The catalog is read
 * page by page along the primary key, yielding to searches between pages.
 */
export async function gatherTrainingData(
  repos: Repositories,
  foreground: ForegroundGate,
  parent: ModelVersion,
): Promise<GatheredData> {
  const catalog: CatalogVector[] = [];
  for (let after = FIRST_ID; ;) {
    await foreground.quiet();
    const page = await repos.products.embeddedImagesPage(parent.encoderId, after, CATALOG_PAGE);
    // Images of deleted products, and images not embedded yet, are left out.
    for (const image of page) if (image.vector) catalog.push({ ...image, vector: image.vector });
    if (page.length < CATALOG_PAGE) break;
    after = page.at(-1)!.productImageId;
  }
  const rows = await repos.examples.usableEmbedded(parent.encoderId);
  return { ...feedbackTrainingData(parent.dim, catalog, rows), catalog };
}
