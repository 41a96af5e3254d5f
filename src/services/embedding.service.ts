import type { Logger } from 'pino';
import { BadUserInputError } from '../domain/errors.js';
import type { ImageEncoder } from '../ml/encoder.js';
import type { Repositories } from '../repositories/index.js';
import type { CatalogImageRow } from '../repositories/product.repository.js';
import type { GalleryService } from './gallery.service.js';
import type { ImageStore } from './image-store.js';
import type { JobOutcome, JobQueue } from './job-queue.js';
import type { ModelRegistry } from './model-registry.js';
import type { VectorIndex } from './vector-index.js';

export const EMBED_JOB = 'embed-catalog';
const BATCH = 32;

type PendingImage = CatalogImageRow;

/**
 * Base embeddings (one per image and encoder) and the catalog vectors derived from them for
 * every served version (and its gallery views). The catalog job sweeps whatever is missing, so it is idempotent and
 * heals after a crash: re-running it finds the rest.
 */
export class EmbeddingService {
  constructor(
    private readonly repos: Repositories,
    private readonly encoder: ImageEncoder,
    private readonly images: ImageStore,
    private readonly registry: ModelRegistry,
    private readonly index: VectorIndex,
    private readonly queue: JobQueue,
    private readonly logger: Logger,
    /** Each served version's gallery views, brought up to date after its catalog. */
    private readonly gallery: Pick<GalleryService, 'fillVersion'> | null = null,
  ) {}

  /** Ask the worker to bring every served version's vectors up to date. */
  requestCatalogEmbedding(): Promise<string> {
    return this.queue.enqueue(EMBED_JOB, {}, { dedupeKey: EMBED_JOB, maxAttempts: 5 });
  }

  async runCatalogJob(signal: AbortSignal): Promise<JobOutcome> {
    let embedded = 0;
    for (const version of await this.registry.served()) {
      if (!this.registry.canServe(version)) continue;
      await this.index.ensureIndex(version);
      const map = this.registry.vectorMap(version);
      for (;;) {
        if (signal.aborted) return { status: 'failed', error: 'stopped before finishing' };
        const pending = await this.repos.products.imagesWithoutVectors(version.id, BATCH);
        if (pending.length === 0) break;
        const base = await this.baseEmbeddings(pending);
        const rows = pending.flatMap((p) => {
          const vector = base.get(p.sha256);
          return vector ? [{ productImageId: p.productImageId, productId: p.productId, vector: map(vector) }] : [];
        });
        if (rows.length === 0) break; // only unreadable files are left; they were logged
        // In short statements: the version's index is live, and searches wait for each write.
        await this.index.upsertPaced(version, rows);
        embedded += rows.length;
      }
      if (this.gallery) embedded += await this.gallery.fillVersion(version);
    }
    if (embedded > 0) {
      await this.index.analyze();
      this.logger.info({ embedded }, 'catalog images embedded');
    }
    return { status: embedded > 0 ? 'succeeded' : 'skipped', result: { embedded } };
  }

  /** The stored base embedding of an image seen before, by its SHA-256. */
  async known(sha256: string): Promise<Float32Array | undefined> {
    return (await this.lookup([sha256])).get(sha256);
  }

  /** Embed a query photo; the encoder's full decode is what refuses a corrupt file. */
  async embedQuery(bytes: Buffer): Promise<Float32Array> {
    try {
      const [vector] = await this.encoder.embedImages([bytes]);
      return vector!;
    } catch {
      throw new BadUserInputError('The image is corrupt or truncated');
    }
  }

  private async baseEmbeddings(pending: PendingImage[]): Promise<Map<string, Float32Array>> {
    const unique = [...new Map(pending.map((p) => [p.sha256, p])).values()];
    const known = await this.lookup(unique.map((p) => p.sha256));
    const missing = unique.filter((p) => !known.has(p.sha256));
    if (missing.length > 0) {
      const readable: PendingImage[] = [];
      const buffers: Buffer[] = [];
      const gone: string[] = [];
      for (const p of missing) {
        try {
          buffers.push(await this.images.read(p));
          readable.push(p);
        } catch (error) {
          // A missing file stays missing until it is stored again (which clears the mark): out of
          // the backlog, or its alert would fire forever. Other errors may pass, and are retried.
          const isGone = (error as NodeJS.ErrnoException).code === 'ENOENT';
          if (isGone) gone.push(p.sha256);
          this.logger.error(
            { err: error, sha256: p.sha256 },
            isGone
              ? 'catalog image file is missing; marked unreadable until stored again'
              : 'catalog image file unreadable; skipped',
          );
        }
      }
      await this.repos.storedImages.markUnreadable(gone);
      const vectors = await (this.encoder.embedCatalogImages ?? this.encoder.embedImages).call(this.encoder, buffers);
      const computed = readable.map((p, i) => [p.sha256, vectors[i]!] as [string, Float32Array]);
      await this.store(computed);
      for (const [sha, v] of computed) known.set(sha, v);
    }
    return known;
  }

  private lookup(shas: string[]): Promise<Map<string, Float32Array>> {
    return this.repos.embeddings.findMany(this.encoder.id, shas);
  }

  private store(entries: Array<[string, Float32Array]>): Promise<void> {
    return this.repos.embeddings.insertMany(this.encoder, entries);
  }
}
