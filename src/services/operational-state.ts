import type {
  GalleryCount,
  GallerySize,
  HeldOutTop1,
  JobState,
  RunningExperimentState,
  StateProbe,
} from '../domain/metrics.js';
import type { ExperimentRouter } from './experiment-router.js';
import type { Repositories } from '../repositories/index.js';

/**
 * The shared state the scrape-time gauges report, read from the database: one short statement
 * each, on indexed columns, since every scrape of every replica runs them.
 */
export class OperationalState implements StateProbe {
  constructor(
    private readonly repos: Repositories,
    private readonly router: ExperimentRouter,
  ) {}

  async jobs(): Promise<JobState[]> {
    // Finished jobs are kept as history: only the live ones are counted.
    const rows = await this.repos.jobs.countLive();
    return rows.map((r) => ({ ...r, oldestAgeSeconds: Math.max(0, r.oldestAgeSeconds) }));
  }

  embeddingBacklog(): Promise<number> {
    // The same rule as the embedding job's pending images (ProductRepository.imagesWithoutVectors).
    return this.repos.products.countImagesWithoutActiveVector();
  }

  unreadableImages(): Promise<number> {
    return this.repos.storedImages.countUnreadableCatalogImages();
  }

  async activeVersion(): Promise<string | null> {
    return this.repos.versions.findActiveName();
  }

  runningExperiment(): Promise<RunningExperimentState | null> {
    // Through the router's cache (2 s): searches read the same experiment.
    return this.router.state();
  }

  galleryViews(): Promise<GalleryCount[]> {
    return this.repos.gallery.counts();
  }

  gallerySizes(): Promise<GallerySize[]> {
    return this.repos.gallery.productsByViewCount();
  }

  heldOutTop1(): Promise<HeldOutTop1[]> {
    return this.repos.trainingRuns.heldOutTop1OfLiveVersions();
  }
}
