import { Counter, Gauge, type Registry } from 'prom-client';
import { GALLERY_DECIDERS, GALLERY_VIEW_STATUSES, type GalleryDecider } from '../entities/gallery-view.entity.js';
import type { GalleryCount } from '../domain/metrics.js';

/** Reads the gallery's counts at scrape time (Metrics' shared, time-limited probe). */
export type GalleryCollector = (apply: (counts: GalleryCount[]) => void) => Promise<void>;

/**
 * The gallery's series. Views by status and by who decided them (`source`: admin, trusted,
 * consensus, policy; `none` while pending), read from the database when Prometheus scrapes so
 * every replica reports the same; decisions as they are made. Not by product: a catalog's
 * products would be a series each (the API lists a product's views: `galleryViews(productId:)`).
 */
export class GalleryMetrics {
  readonly views: Gauge<'status' | 'source'>;
  readonly decisions: Counter<'decision' | 'source'>;

  constructor(registry: Registry, collect: GalleryCollector) {
    const views: Gauge<'status' | 'source'> = new Gauge({
      name: 'vitrina_gallery_views',
      help: 'Gallery views (confirmed shopper photos) by status (pending, accepted, rejected) and source (who decided).',
      labelNames: ['status', 'source'] as const,
      registers: [registry],
      collect: () =>
        collect((counts) => {
          views.reset();
          for (const status of GALLERY_VIEW_STATUSES) views.set({ status, source: 'none' }, 0);
          for (const c of counts) views.set({ status: c.status, source: c.decidedBy ?? 'none' }, c.n);
        }),
    });
    this.views = views;
    this.decisions = new Counter({
      name: 'vitrina_gallery_decisions_total',
      help: 'Gallery views accepted or rejected, by source (admin, trusted, consensus, policy).',
      labelNames: ['decision', 'source'] as const,
      registers: [registry],
    });
    // Decisions are rare: their series start at 0 so that `increase()` sees the first one.
    for (const decision of ['accepted', 'rejected']) {
      for (const source of GALLERY_DECIDERS) this.decisions.inc({ decision, source }, 0);
    }
  }

  observeDecision(decision: 'accepted' | 'rejected', source: GalleryDecider, count = 1): void {
    this.decisions.inc({ decision, source }, count);
  }
}
