import type { EntityManager } from 'typeorm';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { Repositories } from '../repositories/index.js';
import { VersionVectorRepository, type Neighbour, type VectorRow } from '../repositories/version-vector.repository.js';
import { abortError } from '../trainer/abort.js';
import { ForegroundGate } from './foreground.js';

export type { Neighbour, VectorRow } from '../repositories/version-vector.repository.js';

/**
 * How long one statement that grows a served HNSW index may hold the database. PGlite runs one
 * statement at a time, so a search queued behind a write waits for it: each HNSW insert costs
 * about 4 ms at 10k × 480-d (a bulk build ~0.7 ms a row, but in one statement that holds the
 * database for the whole build), and a 250-row batch would stall searches for a second.
 */
const WRITE_SLICE_MS = 20;
const MAX_WRITE_BATCH = 500;

export type PacedWriteOptions = {
  /** Stops between batches (rows already written stay). */
  signal?: AbortSignal;
  /** Called after each batch with the number of rows written so far. */
  onProgress?: (written: number) => unknown;
};

/**
 * Each version's catalog vectors and the nearest-neighbour search over them, written so that
 * searches keep answering while vectors are added (see `upsertPaced`).
 */
export class VectorIndex {
  private readonly vectors: VersionVectorRepository;

  constructor(
    repos: Repositories,
    /** Searches in flight: paced writes let them finish first. */
    readonly foreground = new ForegroundGate(),
  ) {
    this.vectors = repos.vectors;
  }

  static indexName(version: Pick<ModelVersion, 'id'>): string {
    return VersionVectorRepository.indexName(version);
  }

  ensureIndex(version: ModelVersion): Promise<void> {
    return this.vectors.ensureIndex(version);
  }

  dropIndex(version: ModelVersion): Promise<void> {
    return this.vectors.dropIndex(version);
  }

  upsert(version: ModelVersion, rows: VectorRow[]): Promise<void> {
    return this.vectors.upsert(version, rows);
  }

  /**
   * Upsert many rows into a version whose index already exists, in batches sized so that each
   * statement takes about WRITE_SLICE_MS: searches waiting for the database get it between
   * batches. The batch size follows the measured time (halving or doubling at most per step,
   * so that one slow statement — a search queued ahead, a checkpoint — does not swing it).
   */
  async upsertPaced(version: ModelVersion, rows: VectorRow[], options: PacedWriteOptions = {}): Promise<void> {
    let size = 4;
    for (let written = 0; written < rows.length;) {
      await this.foreground.quiet();
      if (options.signal?.aborted) throw abortError();
      const batch = rows.slice(written, written + size);
      const started = performance.now();
      await this.vectors.upsert(version, batch);
      const took = Math.max(1, performance.now() - started);
      written += batch.length;
      const fitting = Math.round((batch.length * WRITE_SLICE_MS) / took);
      size = Math.min(MAX_WRITE_BATCH, Math.max(1, Math.ceil(size / 2), Math.min(size * 2, fitting)));
      await options.onProgress?.(written);
      // Let the event loop run: requests decoded meanwhile mark themselves before our next batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Replace a version's vectors with `rows` (a freshly trained version's catalog). Its index
   * exists before its rows: growing it in short statements keeps the serving version's searches
   * answering (a bulk build holds PGlite for tens of seconds).
   */
  async publish(version: ModelVersion, rows: VectorRow[], options: PacedWriteOptions = {}): Promise<void> {
    await this.vectors.dropIndex(version);
    await this.vectors.deleteVersion(version.id);
    await this.vectors.ensureIndex(version);
    await this.upsertPaced(version, rows, options);
    await this.vectors.analyze();
  }

  nearest(version: ModelVersion, vector: Float32Array, limit: number): Promise<Neighbour[]> {
    return this.vectors.nearest(version, vector, limit);
  }

  /** The plan of exactly what `nearest` runs (tests and benchmarks check the index in it). */
  explainNearest(version: ModelVersion, vector: Float32Array, limit: number): Promise<string> {
    return this.vectors.explainNearest(version, vector, limit);
  }

  analyze(): Promise<void> {
    return this.vectors.analyze();
  }

  count(version: ModelVersion): Promise<number> {
    return this.vectors.count(version);
  }

  removeProduct(productId: string): Promise<void> {
    return this.vectors.deleteProduct(productId);
  }

  /** A version that will not serve: its vectors go (in the caller's transaction, when given). */
  removeVersion(versionId: string, tx?: EntityManager): Promise<void> {
    return this.vectors.deleteVersion(versionId, tx);
  }
}
