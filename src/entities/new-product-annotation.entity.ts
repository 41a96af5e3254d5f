import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Search } from './search.entity.js';
import { Product } from './product.entity.js';
import { StoredImage } from './stored-image.entity.js';

export type AnnotationStatus = 'pending' | 'approved' | 'rejected';

/** The seed's `new_product_annotations`: a product a user proposed from a search's photo. */
@Entity('new_product_annotations')
@Check('new_product_annotations_status_check', `status IN ('pending', 'approved', 'rejected')`)
@Index('new_product_annotations_status_idx', ['status', 'createdAt'])
export class NewProductAnnotation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  searchId: string;

  @ManyToOne(() => Search, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'search_id' })
  search: Search;

  @Column({ type: 'text', nullable: true })
  imageSha256: string | null;

  @ManyToOne(() => StoredImage, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'image_sha256' })
  image: StoredImage | null;

  @Column({ type: 'text' })
  userId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  category: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: AnnotationStatus;

  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /** The product created on approval. */
  @Column({ type: 'uuid', nullable: true })
  productId: string | null;

  @ManyToOne(() => Product, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'product_id' })
  product: Product | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
