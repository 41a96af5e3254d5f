import { BaseRepository } from './base.repository.js';

/** Searches, their results and comments: the `searches`, `search_results` and `search_comments` tables, and the `search_judgements` view. */
export class SearchRepository extends BaseRepository {}
