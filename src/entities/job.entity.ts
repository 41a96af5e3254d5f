import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * A unit of background work (embedding, training, import), claimed with
 * `FOR UPDATE SKIP LOCKED` so it survives restarts and several workers can share the queue.
 */
@Entity('jobs')
@Check('jobs_status_check', `status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
@Index('jobs_claim_idx', ['status', 'runAfter', 'priority'])
@Index('jobs_dedupe_key', ['dedupeKey'], {
  unique: true,
  where: `dedupe_key IS NOT NULL AND status IN ('queued', 'running')`,
})
export class Job {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'jsonb', default: {} })
  payload: Record<string, unknown>;

  @Column({ type: 'text', default: 'queued' })
  status: JobStatus;

  @Column({ type: 'integer', default: 0 })
  priority: number;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer', default: 3 })
  maxAttempts: number;

  /** Two queued jobs with the same key are one job. */
  @Column({ type: 'text', nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  runAfter: Date;

  @Column({ type: 'text', nullable: true })
  lockedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
