import type { EntityManager } from 'typeorm';
import { Experiment } from '../entities/experiment.entity.js';
import { ExperimentArm } from '../entities/experiment-arm.entity.js';
import { BaseRepository } from './base.repository.js';

export type NewExperiment = Pick<Experiment, 'name' | 'mode' | 'settings' | 'decisions' | 'createdBy'>;
export type NewExperimentArm = Pick<ExperimentArm, 'experimentId' | 'name' | 'modelVersionId' | 'weight' | 'isControl'>;

/** Experiments are read with their arms and each arm's version. */
const WITH_ARMS = { arms: { modelVersion: true } } as const;

/** Experiments and their arms: the `experiments` and `experiment_arms` tables. */
export class ExperimentRepository extends BaseRepository {
  /** With its arms and their versions; null when there is none by this id. */
  findById(id: string, tx?: EntityManager): Promise<Experiment | null> {
    return this.db(tx).getRepository(Experiment).findOne({ where: { id }, relations: WITH_ARMS });
  }

  /** The running experiment (at most one runs), with its arms and their versions. */
  findRunning(tx?: EntityManager): Promise<Experiment | null> {
    return this.db(tx)
      .getRepository(Experiment)
      .findOne({ where: { status: 'running' }, relations: WITH_ARMS });
  }

  /** Every experiment with its arms and their versions, newest first. */
  list(tx?: EntityManager): Promise<Experiment[]> {
    return this.db(tx)
      .getRepository(Experiment)
      .find({ relations: WITH_ARMS, order: { createdAt: 'DESC' } });
  }

  /**
   * The running experiment's name, its row locked until `tx` ends: a start that checks for one
   * holds it against another start at the same moment.
   */
  async lockRunning(tx: EntityManager): Promise<{ name: string } | null> {
    const [running] = (await tx.query(`SELECT name FROM experiments WHERE status = 'running' FOR UPDATE`)) as {
      name: string;
    }[];
    return running ?? null;
  }

  insert(experiment: NewExperiment, tx?: EntityManager): Promise<Experiment> {
    const repo = this.db(tx).getRepository(Experiment);
    return repo.save(repo.create(experiment));
  }

  async insertArms(arms: NewExperimentArm[], tx?: EntityManager): Promise<void> {
    await this.db(tx).getRepository(ExperimentArm).insert(arms);
  }

  async setArmWeight(armId: string, weight: number, tx?: EntityManager): Promise<void> {
    await this.db(tx).getRepository(ExperimentArm).update({ id: armId }, { weight });
  }

  /** Append to the experiment's decision log (a JSON array, appended to in place). */
  async appendDecision(id: string, decision: Record<string, unknown>, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(`UPDATE experiments SET decisions = decisions || $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify([decision]),
    ]);
  }

  async markStopped(id: string, promotedVersionId: string | null, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `UPDATE experiments SET status = 'stopped', stopped_at = now(), promoted_version_id = $2 WHERE id = $1`,
      [id, promotedVersionId],
    );
  }
}
