import { Counter, Gauge, type Registry } from 'prom-client';
import { GALLERY_DECIDERS, GALLERY_VIEW_STATUSES, type GalleryDecider } from '../entities/gallery-view.entity.js';
import type { GalleryCount, GallerySize } from '../domain/metrics.js';

/** Reads the gallery's counts at scrape time (Metrics' shared, time-limited probe). */
export type GalleryCollector = (apply: (counts: GalleryCount[]) => void) => Promise<void>;
export type GallerySizeCollector = (apply: (sizes: GallerySize[]) => void) => Promise<void>;

/**
 * The `views` buckets of `vitrina_gallery_products`, each up to `max` views. With the default
 * cap (GALLERY_MAX_VIEWS_PER_PRODUCT = 20), `20+` is the products whose gallery is full.
 */
const SIZE_BUCKETS = [
  { label: '1', max: 1 },
  { label: '2-4', max: 4 },
  { label: '5-9', max: 9 },
  { label: '10-19', max: 19 },
  { label: '20+', max: Infinity },
];

/**
 * The gallery's series. Views by status and by who decided them (`source`: admin, trusted,
 * consensus, policy; `none` while pending), read from the database when Prometheus scrapes so
 * every replica reports the same; decisions as they are made. Not a series per product (a
 * catalog's products would be a series each): products by how many views they have instead, and
 * the API lists a product's views (`galleryViews(productId:)`).
 */
export class GalleryMetrics {
  readonly views: Gauge<'status' | 'source'>;
  readonly products: Gauge<'views'>;
  readonly decisions: Counter<'decision' | 'source'>;

  constructor(registry: Registry, collect: GalleryCollector, collectSizes: GallerySizeCollector) {
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
    const products: Gauge<'views'> = new Gauge({
      name: 'vitrina_gallery_products',
      help: 'Products by how many accepted gallery views they have (views: 1, 2-4, 5-9, 10-19, 20+).',
      labelNames: ['views'] as const,
      registers: [registry],
      collect: () =>
        collectSizes((sizes) => {
          const byBucket = new Map(SIZE_BUCKETS.map((b) => [b.label, 0]));
          for (const { views: n, products: count } of sizes) {
            const bucket = SIZE_BUCKETS.find((b) => n <= b.max)!;
            byBucket.set(bucket.label, byBucket.get(bucket.label)! + count);
          }
          for (const [label, count] of byBucket) products.set({ views: label }, count);
        }),
    });
    this.products = products;
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
