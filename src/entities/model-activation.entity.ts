import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ModelVersion } from './model-version.entity.js';

/** Activation history: which version served from when to when, and who switched it. */
@Entity('model_activations')
@Index('model_activations_version_idx', ['modelVersionId'])
export class ModelActivation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  modelVersionId: string;

  @ManyToOne(() => ModelVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion: ModelVersion;

  @Column({ type: 'uuid', nullable: true })
  previousVersionId: string | null;

  /** `activate`, `rollback`, `promote`, `fallback`, `bootstrap`. */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', nullable: true })
  activatedBy: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  activatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;
}
