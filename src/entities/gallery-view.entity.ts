import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Product } from './product.entity.js';
import { Search } from './search.entity.js';
import { StoredImage } from './stored-image.entity.js';
import { TrainingExample } from './training-example.entity.js';

export const GALLERY_VIEW_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type GalleryViewStatus = (typeof GALLERY_VIEW_STATUSES)[number];

/** Who or what decided a view: an admin, or the policy (trusted contributor, users agreeing). */
export const GALLERY_DECIDERS = ['admin', 'trusted', 'consensus', 'policy'] as const;
export type GalleryDecider = (typeof GALLERY_DECIDERS)[number];

/**
 * A shopper's photo confirmed for a product (CORRECT on a result, or CORRECT_PRODUCT), proposed
 * as one more view of that product: once accepted, its stored base embedding is searched like a
 * catalog image in every version that serves gallery views. It is never shown as the product's
 * picture. One per verdict: the verdict's row is its provenance, and a changed verdict ends it.
 */
@Entity('gallery_views')
@Check('gallery_views_status_check', `status IN ('pending', 'accepted', 'rejected')`)
@Index('gallery_views_example_key', ['exampleId'], { unique: true })
@Index('gallery_views_status_idx', ['status', 'createdAt'])
@Index('gallery_views_product_idx', ['productId', 'status'])
@Index('gallery_views_user_idx', ['userId'])
export class GalleryView {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product: Product;

  /** The verdict that confirmed the photo for the product. */
  @Column({ type: 'uuid' })
  exampleId: string;

  @ManyToOne(() => TrainingExample, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'example_id' })
  example: TrainingExample;

  @Column({ type: 'uuid' })
  searchId: string;

  @ManyToOne(() => Search, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'search_id' })
  search: Search;

  /** The query photo (content address). */
  @Column({ type: 'text' })
  imageSha256: string;

  @ManyToOne(() => StoredImage, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'image_sha256' })
  image: StoredImage;

  @Column({ type: 'text' })
  userId: string;

  /** `correct` or `correct_product`, as given. */
  @Column({ type: 'text' })
  verdict: string;

  @Column({ type: 'text', default: 'pending' })
  status: GalleryViewStatus;

  /** Who decided it (`admin`, `trusted`, `consensus`, `policy`); null while pending. */
  @Column({ type: 'text', nullable: true })
  decidedBy: GalleryDecider | null;

  /** The admin's user id when an admin decided. */
  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  /** Why it was rejected or removed, in words for admins. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
