import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Experiment } from './experiment.entity.js';
import { ModelVersion } from './model-version.entity.js';

@Entity('experiment_arms')
@Check('experiment_arms_weight_check', `weight >= 0`)
@Index('experiment_arms_name_key', ['experimentId', 'name'], { unique: true })
export class ExperimentArm {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  experimentId: string;

  @ManyToOne(() => Experiment, (experiment) => experiment.arms, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'experiment_id' })
  experiment: Experiment;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid' })
  modelVersionId: string;

  @ManyToOne(() => ModelVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion: ModelVersion;

  @Column({ type: 'real' })
  weight: number;

  @Column({ type: 'boolean', default: false })
  isControl: boolean;
}
