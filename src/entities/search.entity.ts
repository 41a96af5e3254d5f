import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ModelVersion } from './model-version.entity.js';
import { StoredImage } from './stored-image.entity.js';
import { Experiment } from './experiment.entity.js';

export type SearchKind = 'image' | 'text';

/** One search as it happened: who, what, which version or experiment arm served it. */
@Entity('searches')
@Check('searches_kind_check', `kind IN ('image', 'text')`)
@Index('searches_user_idx', ['userId', 'createdAt'])
@Index('searches_version_idx', ['modelVersionId', 'createdAt'])
@Index('searches_experiment_idx', ['experimentId', 'arm'])
export class Search {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: SearchKind;

  /** End user, namespaced: `telegram:12345`, `key:<api key id>`. */
  @Column({ type: 'text' })
  userId: string;

  @Column({ type: 'uuid', nullable: true })
  apiKeyId: string | null;

  @Column({ type: 'text', nullable: true })
  queryImageSha256: string | null;

  @ManyToOne(() => StoredImage, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'query_image_sha256' })
  queryImage: StoredImage | null;

  @Column({ type: 'text', nullable: true })
  queryText: string | null;

  @Column({ type: 'uuid', nullable: true })
  modelVersionId: string | null;

  @ManyToOne(() => ModelVersion, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion: ModelVersion | null;

  @Column({ type: 'uuid', nullable: true })
  experimentId: string | null;

  @ManyToOne(() => Experiment, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'experiment_id' })
  experiment: Experiment | null;

  /** The experiment arm's name, e.g. `control` or `candidate`. */
  @Column({ type: 'text', nullable: true })
  arm: string | null;

  /** The arm the user was assigned to when it failed and `arm` served instead. */
  @Column({ type: 'text', nullable: true })
  fallbackFromArm: string | null;

  /** Why the assigned arm or version could not serve (`error`, `latency`). */
  @Column({ type: 'text', nullable: true })
  fallbackReason: string | null;

  @Column({ type: 'integer' })
  resultLimit: number;

  @Column({ type: 'real', nullable: true })
  latencyMs: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
