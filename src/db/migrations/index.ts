import { InitialSchema1763780000000 } from './1763780000000-initial-schema.js';
import { VectorStoragePlain1763790000000 } from './1763790000000-vector-storage-plain.js';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1763780000000, VectorStoragePlain1763790000000];
