import { BaseRepository } from './base.repository.js';

/** The `image_embeddings` table: each image's base embedding, per encoder. */
export class ImageEmbeddingRepository extends BaseRepository {}
