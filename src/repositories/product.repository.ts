import { BaseRepository } from './base.repository.js';

/** Products and their images: the `products` and `product_images` tables. */
export class ProductRepository extends BaseRepository {}
