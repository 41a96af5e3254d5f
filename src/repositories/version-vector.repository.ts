import { BaseRepository } from './base.repository.js';

/** The `version_vectors` table and its per-version indexes, and the nearest-neighbour functions over it. */
export class VersionVectorRepository extends BaseRepository {}
