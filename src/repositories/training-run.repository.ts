import { BaseRepository } from './base.repository.js';

/** The `training_runs` table. */
export class TrainingRunRepository extends BaseRepository {}
