import { BaseRepository } from './base.repository.js';

/** Model versions and their activations: the `model_versions` and `model_activations` tables. */
export class ModelVersionRepository extends BaseRepository {}
