import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ModelVersion } from './model-version.entity.js';
import { Product } from './product.entity.js';
import { ProductImage } from './product-image.entity.js';

/**
 * A catalog image's search vector in one model version: adapter(base embedding).
 * Each version gets its own partial HNSW index over `embedding::vector(dim)`.
 */
@Entity('version_vectors')
@Index('version_vectors_product_idx', ['modelVersionId', 'productId'])
export class VersionVector {
  @PrimaryColumn({ type: 'uuid' })
  modelVersionId: string;

  @ManyToOne(() => ModelVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion: ModelVersion;

  @PrimaryColumn({ type: 'uuid' })
  productImageId: string;

  @ManyToOne(() => ProductImage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_image_id' })
  productImage: ProductImage;

  /** Denormalised from the image so that ranking by product needs no join. */
  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product: Product;

  @Column({ type: 'vector' })
  embedding: string;
}
