import { BaseRepository } from './base.repository.js';

/** Experiments and their arms: the `experiments` and `experiment_arms` tables. */
export class ExperimentRepository extends BaseRepository {}
