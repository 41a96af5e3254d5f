import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ModelVersion, type RetrievalMetrics } from './model-version.entity.js';

export const TRAINING_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type TrainingRunStatus = (typeof TRAINING_RUN_STATUSES)[number];

/**
 * The seed's `model_training_history`: one fine-tuning run, from queue to result.
 * accuracy_before/after are the seed's names for top-1 accuracy of parent and candidate.
 */
@Entity('training_runs')
@Check('training_runs_status_check', `status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
@Check('training_runs_progress_check', `progress BETWEEN 0 AND 1`)
@Index('training_runs_status_idx', ['status', 'createdAt'])
export class TrainingRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', default: 'queued' })
  status: TrainingRunStatus;

  @Column({ type: 'uuid', nullable: true })
  parentVersionId: string | null;

  @ManyToOne(() => ModelVersion, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_version_id' })
  parentVersion: ModelVersion | null;

  /** The version this run produced. */
  @Column({ type: 'uuid', nullable: true })
  modelVersionId: string | null;

  @ManyToOne(() => ModelVersion, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion: ModelVersion | null;

  /** Learning rate, batch size, epochs, weight decay, adapter kind, validation share. */
  @Column({ type: 'jsonb', default: {} })
  parameters: Record<string, unknown>;

  @Column({ type: 'integer', default: 0 })
  examplesUsed: number;

  @Column({ type: 'real', nullable: true })
  accuracyBefore: number | null;

  @Column({ type: 'real', nullable: true })
  accuracyAfter: number | null;

  @Column({ type: 'jsonb', nullable: true })
  metricsBefore: RetrievalMetrics | null;

  @Column({ type: 'jsonb', nullable: true })
  metricsAfter: RetrievalMetrics | null;

  @Column({ type: 'real', default: 0 })
  progress: number;

  @Column({ type: 'integer', nullable: true })
  epoch: number | null;

  @Column({ type: 'real', nullable: true })
  loss: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'text', nullable: true })
  startedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** The seed's training_duration, in milliseconds. */
  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;
}
