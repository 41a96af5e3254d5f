import { BaseRepository } from './base.repository.js';

/** The `training_examples` table: shoppers' verdicts, the data a run trains on. */
export class TrainingExampleRepository extends BaseRepository {}
