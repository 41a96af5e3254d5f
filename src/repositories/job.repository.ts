import { BaseRepository } from './base.repository.js';

/** The `jobs` table: the queue of background work shared by every replica. */
export class JobRepository extends BaseRepository {}
