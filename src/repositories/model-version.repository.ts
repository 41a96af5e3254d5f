import { IsNull, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { ModelActivation } from '../entities/model-activation.entity.js';
import { ModelVersion } from '../entities/model-version.entity.js';
import { BaseRepository } from './base.repository.js';

export type NewModelVersion = Pick<
  ModelVersion,
  'name' | 'encoderId' | 'encoderChecksum' | 'dim' | 'adapterKind' | 'status' | 'parameters' | 'createdBy'
> &
  Partial<Pick<ModelVersion, 'parentId' | 'servesGallery' | 'adapterWeights' | 'adapterChecksum' | 'metrics'>>;

/** What a finished training run writes to its version. */
export type TrainedVersion = Pick<
  ModelVersion,
  'adapterKind' | 'adapterWeights' | 'adapterChecksum' | 'metrics' | 'examplesUsed' | 'parameters'
>;

/** Model versions and their activations: the `model_versions` and `model_activations` tables. */
export class ModelVersionRepository extends BaseRepository {
  insert(version: NewModelVersion, tx?: EntityManager): Promise<ModelVersion> {
    const repo = this.db(tx).getRepository(ModelVersion);
    return repo.save(repo.create(version));
  }

  findById(id: string, tx?: EntityManager): Promise<ModelVersion | null> {
    return this.db(tx).getRepository(ModelVersion).findOneBy({ id });
  }

  findActive(tx?: EntityManager): Promise<ModelVersion | null> {
    return this.db(tx).getRepository(ModelVersion).findOneBy({ status: 'active' });
  }

  /** The encoder's base version (no adapter). */
  findBase(encoderId: string, encoderChecksum: string): Promise<ModelVersion | null> {
    return this.db()
      .getRepository(ModelVersion)
      .findOneBy({ encoderId, encoderChecksum, adapterKind: IsNull(), parentId: IsNull() });
  }

  /** Newest first. */
  list(): Promise<ModelVersion[]> {
    return this.db()
      .getRepository(ModelVersion)
      .find({ order: { createdAt: 'DESC' } });
  }

  /** The active version and every ready one. */
  listServable(): Promise<ModelVersion[]> {
    return this.db()
      .getRepository(ModelVersion)
      .find({ where: [{ status: 'active' }, { status: 'ready' }] });
  }

  nameTaken(name: string): Promise<boolean> {
    return this.db().getRepository(ModelVersion).existsBy({ name });
  }

  async countForEncoder(encoderId: string): Promise<number> {
    return this.db().getRepository(ModelVersion).countBy({ encoderId });
  }

  async archive(id: string): Promise<void> {
    await this.db().getRepository(ModelVersion).update({ id }, { status: 'archived' });
  }

  /** A version about to be (re)trained. */
  async markTraining(id: string): Promise<void> {
    await this.db().getRepository(ModelVersion).update({ id }, { status: 'training', failureReason: null });
  }

  /** A version whose training ended without one: only a version still training changes. */
  async markFailed(id: string, reason: string, tx?: EntityManager): Promise<void> {
    await this.db(tx)
      .getRepository(ModelVersion)
      .update({ id, status: 'training' }, { status: 'failed', failureReason: reason });
  }

  async markReady(id: string, trained: TrainedVersion, tx?: EntityManager): Promise<void> {
    await this.db(tx)
      .getRepository(ModelVersion)
      .update({ id }, { status: 'ready', ...trained } as QueryDeepPartialEntity<ModelVersion>);
  }

  /**
   * Make `version` the active one and record the activation: the previous active version
   * becomes ready again and its activation ends. One transaction, so that exactly one serves.
   */
  async activate(versionId: string, activation: { reason: string; by: string }): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const versions = tx.getRepository(ModelVersion);
      const activations = tx.getRepository(ModelActivation);
      const previous = await versions.findOneBy({ status: 'active' });
      if (previous) {
        await versions.update({ id: previous.id }, { status: 'ready' });
        await activations.update(
          { modelVersionId: previous.id, deactivatedAt: IsNull() },
          { deactivatedAt: new Date() },
        );
      }
      await versions.update({ id: versionId }, { status: 'active', activatedAt: new Date() });
      await activations.insert({
        modelVersionId: versionId,
        previousVersionId: previous?.id ?? null,
        reason: activation.reason,
        activatedBy: activation.by,
      });
    });
  }

  /** Which version served when, newest first. */
  activations(limit: number): Promise<ModelActivation[]> {
    return this.db()
      .getRepository(ModelActivation)
      .find({ order: { activatedAt: 'DESC' }, take: limit });
  }

  /** The latest activation of a version. */
  lastActivationOf(versionId: string): Promise<ModelActivation | null> {
    return this.db()
      .getRepository(ModelActivation)
      .findOne({ where: { modelVersionId: versionId }, order: { activatedAt: 'DESC' } });
  }

  /**
   * Lock these versions' rows, in id order, before changing their galleries: a transaction that
   * changes several (an acceptance replacing a view, then publishing to each version) takes them
   * all at once, so two such transactions queue instead of deadlocking (see gallery-changes.ts).
   */
  async lockForGalleryChange(versionIds: string[], tx: EntityManager): Promise<void> {
    if (versionIds.length === 0) return;
    await this.db(tx).query(`SELECT id FROM model_versions WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`, [
      versionIds,
    ]);
  }

  /** When the version's gallery last changed, as stored now (a version read earlier may be older). */
  async galleryChangedAt(versionId: string): Promise<Date | null> {
    const rows = (await this.db().query(`SELECT gallery_changed_at FROM model_versions WHERE id = $1`, [
      versionId,
    ])) as Array<{ gallery_changed_at: Date | null }>;
    return rows[0]?.gallery_changed_at ?? null;
  }

  /** The active version's name only (read at every scrape: no adapter weights). */
  async findActiveName(): Promise<string | null> {
    const rows = (await this.db().query(`SELECT name FROM model_versions WHERE status = 'active' LIMIT 1`)) as Array<{
      name: string;
    }>;
    return rows[0]?.name ?? null;
  }

  /** Ready versions that were active before, other than this one, the latest activation first (repeats kept). */
  async previouslyActiveReadyIds(exceptVersionId: string): Promise<string[]> {
    const rows = (await this.db().query(
      `SELECT a.model_version_id AS id FROM model_activations a JOIN model_versions v ON v.id = a.model_version_id
       WHERE a.model_version_id <> $1 AND v.status = 'ready'
       ORDER BY a.activated_at DESC`,
      [exceptVersionId],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The versions that serve: the active one and every arm of the running experiment. */
  async servingIds(): Promise<string[]> {
    const rows = (await this.db().query(
      `SELECT id FROM model_versions WHERE status = 'active'
       UNION
       SELECT a.model_version_id FROM experiment_arms a JOIN experiments e ON e.id = a.experiment_id
       WHERE e.status = 'running'`,
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
