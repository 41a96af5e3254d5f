import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { ExperimentArm } from './experiment-arm.entity.js';

export type ExperimentMode = 'split' | 'shadow' | 'bandit';
export type ExperimentStatus = 'running' | 'stopped';

/** An A/B experiment between model versions. At most one runs at a time. */
@Entity('experiments')
@Check('experiments_mode_check', `mode IN ('split', 'shadow', 'bandit')`)
@Check('experiments_status_check', `status IN ('running', 'stopped')`)
@Index('experiments_one_running_key', ['status'], { unique: true, where: `status = 'running'` })
export class Experiment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  mode: ExperimentMode;

  @Column({ type: 'text', default: 'running' })
  status: ExperimentStatus;

  /** Thresholds for automatic promotion / rollback and guardrails. */
  @Column({ type: 'jsonb', default: {} })
  settings: Record<string, unknown>;

  /** Every automatic or manual decision, with the numbers it was made on. */
  @Column({ type: 'jsonb', default: [] })
  decisions: unknown[];

  @OneToMany(() => ExperimentArm, (arm) => arm.experiment)
  arms: ExperimentArm[];

  @Column({ type: 'uuid', nullable: true })
  promotedVersionId: string | null;

  @Column({ type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;
}
