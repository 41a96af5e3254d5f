import { BaseRepository } from './base.repository.js';

/** The `new_product_annotations` table: products shoppers suggested, waiting for review. */
export class AnnotationRepository extends BaseRepository {}
