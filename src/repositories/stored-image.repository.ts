import { BaseRepository } from './base.repository.js';

/** The `stored_images` table: what the image store holds, by SHA-256. */
export class StoredImageRepository extends BaseRepository {}
