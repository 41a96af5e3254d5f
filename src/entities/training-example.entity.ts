import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Search } from './search.entity.js';
import { Product } from './product.entity.js';
import { StoredImage } from './stored-image.entity.js';
import { ModelVersion } from './model-version.entity.js';

export const FEEDBACK_TYPES = ['correct', 'incorrect', 'correct_product', 'new_item'] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];

/**
 * The seed's `training_examples`: one user judgement on one search, kept as training data.
 * Unique per (search, product, user) so that a double tap counts once and a changed mind
 * replaces the verdict.
 */
@Entity('training_examples')
@Check('training_examples_type_check', `feedback_type IN ('correct', 'incorrect', 'correct_product', 'new_item')`)
@Check('training_examples_quality_check', `quality_rating IS NULL OR quality_rating BETWEEN 1 AND 5`)
@Index('training_examples_verdict_key', ['searchId', 'productId', 'userId'], {
  unique: true,
  where: 'product_id IS NOT NULL',
})
@Index('training_examples_unused_idx', ['usedForTraining', 'createdAt'])
@Index('training_examples_version_idx', ['modelVersionId'])
export class TrainingExample {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  searchId: string;

  @ManyToOne(() => Search, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'search_id' })
  search: Search;

  /** The query photo (content address); null for a text search. */
  @Column({ type: 'text', nullable: true })
  imageSha256: string | null;

  @ManyToOne(() => StoredImage, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'image_sha256' })
  image: StoredImage | null;

  @Column({ type: 'text' })
  userId: string;

  @Column({ type: 'text' })
  feedbackType: FeedbackType;

  /** The product judged (correct/incorrect), pointed at, or created from a new item. */
  @Column({ type: 'uuid', nullable: true })
  productId: string | null;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'product_id' })
  product: Product | null;

  /** The score the search gave this product, when it was among the results. */
  @Column({ type: 'real', nullable: true })
  similarityScore: number | null;

  @Column({ type: 'smallint', nullable: true })
  qualityRating: number | null;

  @Column({ type: 'text', nullable: true })
  ratedBy: string | null;

  @Column({ type: 'boolean', default: false })
  usedForTraining: boolean;

  @Column({ type: 'uuid', nullable: true })
  modelVersionId: string | null;

  @ManyToOne(() => ModelVersion, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion: ModelVersion | null;

  @Column({ type: 'uuid', nullable: true })
  experimentId: string | null;

  @Column({ type: 'text', nullable: true })
  arm: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
