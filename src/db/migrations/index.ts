import { InitialSchema1763780000000 } from './1763780000000-initial-schema.js';
import { VectorStoragePlain1763790000000 } from './1763790000000-vector-storage-plain.js';
import { NearestFunction1763800000000 } from './1763800000000-nearest-function.js';
import { AdapterChecksum1763810000000 } from './1763810000000-adapter-checksum.js';
import { SearchJudgements1763820000000 } from './1763820000000-search-judgements.js';
import { KeyOwnedEndUsers1763830000000 } from './1763830000000-key-owned-end-users.js';
import { RateLimits1763840000000 } from './1763840000000-rate-limits.js';
import { NearestWithoutJit1763850000000 } from './1763850000000-nearest-without-jit.js';
import { PeriodicLeases1763860000000 } from './1763860000000-periodic-leases.js';
import { GalleryViews1763870000000 } from './1763870000000-gallery-views.js';
import { UnreadableImages1763881000000 } from './1763881000000-unreadable-images.js';
import { GalleryChangedAt1763890000000 } from './1763890000000-gallery-changed-at.js';

/** Every migration, oldest first. */
export const migrations = [
  InitialSchema1763780000000,
  VectorStoragePlain1763790000000,
  NearestFunction1763800000000,
  AdapterChecksum1763810000000,
  SearchJudgements1763820000000,
  KeyOwnedEndUsers1763830000000,
  RateLimits1763840000000,
  NearestWithoutJit1763850000000,
  PeriodicLeases1763860000000,
  GalleryViews1763870000000,
  UnreadableImages1763881000000,
  GalleryChangedAt1763890000000,
];
