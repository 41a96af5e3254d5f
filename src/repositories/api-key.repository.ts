import { BaseRepository } from './base.repository.js';

/** The `api_keys` table. */
export class ApiKeyRepository extends BaseRepository {}
