import { In, type EntityManager } from 'typeorm';
import type { HeldOutTop1 } from '../domain/metrics.js';
import { TrainingRun } from '../entities/training-run.entity.js';
import { updateReturning } from '../db/update-returning.js';
import { BaseRepository } from './base.repository.js';

export type NewTrainingRun = Pick<TrainingRun, 'parentVersionId' | 'parameters' | 'startedBy'>;
export type RunEnd = 'failed' | 'cancelled';
/** What a run that produced a version records. */
export type RunSuccess = Pick<
  TrainingRun,
  'examplesUsed' | 'metricsBefore' | 'metricsAfter' | 'accuracyBefore' | 'accuracyAfter' | 'durationMs'
>;
/** The `training_runs` table. */
export class TrainingRunRepository extends BaseRepository {
  findById(id: string): Promise<TrainingRun | null> {
    return this.db().getRepository(TrainingRun).findOneBy({ id });
  }

  findByVersion(modelVersionId: string): Promise<TrainingRun | null> {
    return this.db().getRepository(TrainingRun).findOneBy({ modelVersionId });
  }

  /** Newest first. */
  list(limit: number): Promise<TrainingRun[]> {
    return this.db()
      .getRepository(TrainingRun)
      .find({ order: { createdAt: 'DESC' }, take: limit });
  }

  /**
   * Queue a run unless one is queued or running, whoever started it (an admin, the bot, the
   * scheduler, another replica): the table lock makes the check and the insert one step.
   */
  createUnlessInFlight(
    run: NewTrainingRun,
  ): Promise<
    { created: TrainingRun; inFlight?: never } | { created?: never; inFlight: Pick<TrainingRun, 'id' | 'status'> }
  > {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('LOCK TABLE training_runs IN SHARE ROW EXCLUSIVE MODE');
      const inFlight = await this.findInFlight(tx);
      if (inFlight) return { inFlight };
      const runs = tx.getRepository(TrainingRun);
      return { created: await runs.save(runs.create({ ...run, status: 'queued' })) };
    });
  }

  async setVersion(id: string, modelVersionId: string): Promise<void> {
    await this.db().getRepository(TrainingRun).update({ id }, { modelVersionId });
  }

  /** Only a run still queued (or resumed) starts: one cancelled since it was read stays cancelled. */
  async markRunning(id: string): Promise<boolean> {
    const started = await this.db()
      .getRepository(TrainingRun)
      .update({ id, status: In(['queued', 'running']) }, { status: 'running', startedAt: new Date(), progress: 0 });
    return (started.affected ?? 0) > 0;
  }

  /** Record progress; false when the run is no longer running (cancelled meanwhile, by any process). */
  async recordProgress(id: string, progress: number, epoch: number | null, loss: number | null): Promise<boolean> {
    const updated = await updateReturning(
      this.db(),
      `UPDATE training_runs SET progress = least(1, $2::real), epoch = coalesce($3, epoch), loss = coalesce($4, loss)
       WHERE id = $1 AND status = 'running' RETURNING id`,
      [id, progress, epoch, loss],
    );
    return updated.length > 0;
  }

  /**
   * Held-out top-1 of the parent and of the version each succeeded run trained, for versions that
   * are active or ready (what the "Held-out top-1" panel compares), read at every scrape.
   */
  async heldOutTop1OfLiveVersions(): Promise<HeldOutTop1[]> {
    // The jsonb metrics, not the float4 accuracy columns: the gauge shows what the run measured.
    const rows = (await this.db().query(
      `SELECT v.name, (r.metrics_before->>'top1')::float8 AS before, (r.metrics_after->>'top1')::float8 AS after
       FROM training_runs r JOIN model_versions v ON v.id = r.model_version_id
       WHERE r.status = 'succeeded' AND v.status IN ('active', 'ready')
         AND r.metrics_before ? 'top1' AND r.metrics_after ? 'top1'`,
    )) as Array<{ name: string; before: number; after: number }>;
    return rows.map((r) => ({ version: r.name, top1Before: Number(r.before), top1After: Number(r.after) }));
  }

  /** A cancel that landed first wins: false when the run was no longer running. */
  async markSucceeded(id: string, success: RunSuccess, tx?: EntityManager): Promise<boolean> {
    const finished = await this.db(tx)
      .getRepository(TrainingRun)
      .update({ id, status: 'running' }, { ...success, status: 'succeeded', progress: 1, finishedAt: new Date() });
    return (finished.affected ?? 0) > 0;
  }

  /** An admin's cancel of a run not yet ended. */
  async markCancelledByAdmin(id: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `UPDATE training_runs SET status = 'cancelled', finished_at = now(), error = 'cancelled by an admin'
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [id],
    );
  }

  /** The end of a run that produced no version (a cancelled one may be marked again by its job). */
  async markEnded(id: string, status: RunEnd, error: string, durationMs: number, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `UPDATE training_runs SET status = $2, error = $3, finished_at = now(), duration_ms = $4
       WHERE id = $1 AND status IN ('queued', 'running', 'cancelled')`,
      [id, status, error, durationMs],
    );
  }

  /**
   * Runs queued or running whose job of `jobKind` is gone (it failed for good, or was lost),
   * created more than `graceSeconds` ago, marked failed; their versions' ids are returned.
   */
  async failOrphans(jobKind: string, graceSeconds: number): Promise<Array<{ modelVersionId: string | null }>> {
    const failed = await updateReturning<{ model_version_id: string | null }>(
      this.db(),
      `UPDATE training_runs r SET status = 'failed', finished_at = now(),
         error = coalesce(r.error, 'interrupted: its job no longer exists or failed')
       WHERE r.status IN ('queued', 'running') AND r.created_at <= now() - make_interval(secs => $2)
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = $1 AND j.payload->>'runId' = r.id::text
                         AND j.status IN ('queued', 'running'))
       RETURNING r.model_version_id`,
      [jobKind, graceSeconds],
    );
    return failed.map((r) => ({ modelVersionId: r.model_version_id }));
  }

  /** When the last run that produced a version finished. */
  async lastSucceededAt(): Promise<Date | null> {
    const [row] = (await this.db().query(
      `SELECT max(finished_at) AS at FROM training_runs WHERE status = 'succeeded'`,
    )) as { at: Date | null }[];
    return row?.at ?? null;
  }

  /** The oldest run queued or running, if any. */
  async findInFlight(tx?: EntityManager): Promise<Pick<TrainingRun, 'id' | 'status'> | null> {
    const [inFlight] = (await this.db(tx).query(
      `SELECT id, status FROM training_runs WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 1`,
    )) as Pick<TrainingRun, 'id' | 'status'>[];
    return inFlight ?? null;
  }

  /** Has a run from this version succeeded since `since` (null: ever)? */
  async succeededFromSince(parentVersionId: string, since: Date | null): Promise<boolean> {
    const rows = (await this.db().query(
      `SELECT 1 FROM training_runs WHERE parent_version_id = $1 AND status = 'succeeded'
         AND created_at >= coalesce($2::timestamptz, '-infinity') LIMIT 1`,
      [parentVersionId, since],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The latest run, when it failed or was cancelled and no feedback arrived or changed since it was queued. */
  async findLatestFailedWithoutNewFeedback(): Promise<Pick<TrainingRun, 'id' | 'status'> | null> {
    const [last] = (await this.db().query(
      `SELECT r.id, r.status FROM training_runs r
       WHERE r.status IN ('failed', 'cancelled')
         AND r.created_at = (SELECT max(created_at) FROM training_runs)
         AND NOT EXISTS (SELECT 1 FROM training_examples te WHERE te.updated_at > r.created_at)
       LIMIT 1`,
    )) as Pick<TrainingRun, 'id' | 'status'>[];
    return last ?? null;
  }
}
