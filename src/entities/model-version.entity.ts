import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const MODEL_VERSION_STATUSES = ['training', 'ready', 'active', 'archived', 'failed'] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

export type RetrievalMetrics = { top1: number; recallAt5: number; mrr: number; queries: number };

/** A servable model: a frozen encoder plus an optional adapter, with its lineage and metrics. */
@Entity('model_versions')
@Check('model_versions_status_check', `status IN ('training', 'ready', 'active', 'archived', 'failed')`)
@Index('model_versions_one_active_key', ['status'], { unique: true, where: `status = 'active'` })
@Index('model_versions_name_key', ['name'], { unique: true })
export class ModelVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human-readable name, e.g. `builtin-v4-base` or `v3`. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  encoderId: string;

  /** Checksum of the encoder's weights, so a version never runs on a different encoder. */
  @Column({ type: 'text' })
  encoderChecksum: string;

  @Column({ type: 'integer' })
  dim: number;

  /** Adapter kind (e.g. `linear`, `residual-mlp`); null for a base version (identity). */
  @Column({ type: 'text', nullable: true })
  adapterKind: string | null;

  @Column({ type: 'bytea', nullable: true })
  adapterWeights: Buffer | null;

  /** SHA-256 of `adapterWeights`, checked whenever they are loaded. */
  @Column({ type: 'text', nullable: true })
  adapterChecksum: string | null;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => ModelVersion, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent: ModelVersion | null;

  @Column({ type: 'text', default: 'ready' })
  status: ModelVersionStatus;

  @Column({ type: 'jsonb', nullable: true })
  metrics: RetrievalMetrics | null;

  @Column({ type: 'jsonb', default: {} })
  parameters: Record<string, unknown>;

  @Column({ type: 'integer', default: 0 })
  examplesUsed: number;

  /**
   * Whether accepted gallery views (shoppers' confirmed photos) are searched with this version's
   * catalog: true by default; a copy without them lets an experiment measure what they add.
   */
  @Column({ type: 'boolean', default: true })
  servesGallery: boolean;

  /**
   * When views last joined or left this version's gallery (`gallery_vectors`): they move top-1
   * scores by design, so the drift score test compares only searches made since. Null: never.
   * Written by the statements that change the vectors (see `gallery-changes.ts`), never by `save`.
   */
  @Column({ type: 'timestamptz', nullable: true })
  galleryChangedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;
}
