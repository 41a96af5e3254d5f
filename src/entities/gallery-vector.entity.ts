import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GalleryView } from './gallery-view.entity.js';
import { ModelVersion } from './model-version.entity.js';
import { Product } from './product.entity.js';

/**
 * An accepted gallery view's search vector in one model version: adapter(base embedding).
 * Beside `version_vectors` rather than in it: a view is no catalog image, and removing one is
 * deleting its row here, in every version at once. Each version has a partial HNSW index here
 * too, searched together with its catalog index (`vitrina_nearest`).
 */
@Entity('gallery_vectors')
@Index('gallery_vectors_view_idx', ['galleryViewId'])
export class GalleryVector {
  @PrimaryColumn({ type: 'uuid' })
  modelVersionId: string;

  @ManyToOne(() => ModelVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion: ModelVersion;

  @PrimaryColumn({ type: 'uuid' })
  galleryViewId: string;

  @ManyToOne(() => GalleryView, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gallery_view_id' })
  galleryView: GalleryView;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product: Product;

  @Column({ type: 'vector' })
  embedding: string;
}
