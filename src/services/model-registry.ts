import type { Logger } from 'pino';
import type { ModelActivation } from '../entities/model-activation.entity.js';
import type { ModelVersion, RetrievalMetrics } from '../entities/model-version.entity.js';
import type { ImageEncoder } from '../ml/encoder.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import { adapterChecksum, applyAdapter, deserializeAdapter, type Adapter } from '../trainer/adapter.js';
import { isUuid } from '../lib/ids.js';
import type { Repositories } from '../repositories/index.js';

export type VectorMap = (base: Float32Array) => Float32Array;

const ACTIVE_TTL_MS = 2_000;
const UNIQUE_VIOLATION = '23505';

/**
 * Model versions: which exist, which one serves, and how a version maps base embeddings to its
 * search vectors (identity for a base version, its trained adapter otherwise). A version runs
 * only on the encoder it was built on (id and weights checksum), and its adapter weights are
 * checked against their checksum when loaded: vector spaces never mix silently.
 */
export class ModelRegistry {
  private readonly versions: Repositories['versions'];
  private cached: { version: ModelVersion; expires: number } | null = null;
  private readonly adapters = new Map<string, { checksum: string; adapter: Adapter }>();

  constructor(
    private readonly repos: Repositories,
    readonly encoder: ImageEncoder,
    private readonly logger: Logger,
  ) {
    this.versions = repos.versions;
  }

  /**
   * Make sure the installed encoder has a base version, and that something serves. When the
   * active version runs on another encoder (say CLIP was installed since), the new encoder's
   * base version takes over: the old one could not embed queries any more.
   */
  async bootstrap(): Promise<ModelVersion> {
    try {
      return await this.bootstrapOnce();
    } catch (error) {
      // Replicas starting together on one database: another one made the base version first.
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      return this.bootstrapOnce();
    }
  }

  private async bootstrapOnce(): Promise<ModelVersion> {
    const { encoder } = this;
    let base = await this.versions.findBase(encoder.id, encoder.checksum);
    if (!base) {
      base = await this.versions.insert({
        name: await this.freeName(`${encoder.id}-base`),
        encoderId: encoder.id,
        encoderChecksum: encoder.checksum,
        dim: encoder.dim,
        adapterKind: null,
        status: 'ready',
        createdBy: 'system',
        parameters: {},
      });
      this.logger.info({ version: base.name }, 'created the base model version for the installed encoder');
    }
    const active = await this.versions.findActive();
    if (!active) return this.switchTo(base, 'bootstrap', 'system');
    if (active.encoderId !== encoder.id || active.encoderChecksum !== encoder.checksum) {
      this.logger.warn(
        { active: active.name, encoder: encoder.id },
        "the active version needs another encoder; serving the installed encoder's base version",
      );
      return this.switchTo(base, 'encoder-change', 'system');
    }
    return active;
  }

  /** The serving version (cached briefly, so that other processes' activations show within seconds). */
  async active(): Promise<ModelVersion> {
    const now = Date.now();
    if (this.cached && this.cached.expires > now) return this.cached.version;
    const version = await this.versions.findActive();
    if (!version) throw new Error('no active model version');
    this.cached = { version, expires: now + ACTIVE_TTL_MS };
    return version;
  }

  async get(id: string): Promise<ModelVersion> {
    const version = isUuid(id) ? await this.versions.findById(id) : null;
    if (!version) throw new NotFoundError('Model version', id);
    return version;
  }

  /** Every version, newest first. */
  list(): Promise<ModelVersion[]> {
    return this.versions.list();
  }

  /** Which version served when, newest first. */
  activations(limit = 100): Promise<ModelActivation[]> {
    return this.versions.activations(limit);
  }

  /**
   * Versions whose catalog vectors are kept up to date as the catalog changes: the active one
   * and every ready one (so that activating it, or trying it in an experiment, is instant).
   */
  async served(): Promise<ModelVersion[]> {
    const versions = await this.versions.listServable();
    return versions.filter((v) => this.canServe(v));
  }

  /** The function from base embeddings to this version's vectors. */
  vectorMap(version: ModelVersion): VectorMap {
    if (version.adapterKind === null) return (v) => v;
    const adapter = this.adapterOf(version);
    return (v) => applyAdapter(adapter, v);
  }

  /** A version's adapter, loaded once and checked against its checksum. */
  adapterOf(version: ModelVersion): Adapter {
    if (!version.adapterWeights || !version.adapterChecksum) {
      throw new Error(`model version ${version.name} has no adapter weights`);
    }
    const cached = this.adapters.get(version.id);
    if (cached && cached.checksum === version.adapterChecksum) return cached.adapter;
    const actual = adapterChecksum(version.adapterWeights);
    if (actual !== version.adapterChecksum) {
      throw new Error(
        `model version ${version.name}: adapter weights fail their checksum (stored ${version.adapterChecksum}, computed ${actual})`,
      );
    }
    const adapter = deserializeAdapter(version.adapterWeights);
    if (adapter.dim !== version.dim) {
      throw new Error(
        `model version ${version.name}: adapter has ${adapter.dim} dimensions, the version ${version.dim}`,
      );
    }
    this.adapters.set(version.id, { checksum: actual, adapter });
    return adapter;
  }

  /** Does this process's encoder produce the base embeddings this version was built on? */
  canServe(version: ModelVersion): boolean {
    return version.encoderId === this.encoder.id && version.encoderChecksum === this.encoder.checksum;
  }

  /**
   * Make a version the one that serves. Refused when it cannot serve here (another encoder, bad
   * adapter weights, failed or still training), or when its evaluation was worse than its
   * parent's, unless forced.
   */
  async activate(id: string, { force = false, by }: { force?: boolean; by: string }): Promise<ModelVersion> {
    const version = await this.get(id);
    if (version.status === 'active') return version;
    this.checkServable(version);
    if (!force) {
      const verdict = await this.comparedWithParent(version);
      if (verdict?.worse) {
        throw new BadUserInputError(
          `Version ${version.name} did worse than its parent on held-out feedback (top-1 ${verdict.after.top1} vs ${verdict.before.top1}, MRR ${verdict.after.mrr} vs ${verdict.before.mrr}); pass force: true to activate it anyway`,
          { reason: 'WORSE_THAN_PARENT' },
        );
      }
    }
    return this.switchTo(version, force ? 'activate (forced)' : 'activate', by);
  }

  /** Back to the version that served before the current one, in one call. */
  async rollback(by: string): Promise<ModelVersion> {
    const current = await this.versions.findActive();
    const last = current ? await this.versions.lastActivationOf(current.id) : null;
    if (!last?.previousVersionId) throw new BadUserInputError('There is no previously active version to roll back to');
    const previous = await this.get(last.previousVersionId);
    this.checkServable(previous);
    return this.switchTo(previous, 'rollback', by);
  }

  /** Retire a version: it stops being kept up to date and can be activated again later. */
  async archive(id: string): Promise<ModelVersion> {
    const version = await this.get(id);
    if (version.status === 'active')
      throw new BadUserInputError('The active version cannot be archived: activate another one first');
    if (version.status === 'training') throw new BadUserInputError('A version still training cannot be archived');
    await this.versions.archive(id);
    return this.get(id);
  }

  /**
   * A new ready version with `source`'s encoder and adapter, serving gallery views or not: the
   * pair an experiment needs to measure what the gallery adds. Its vectors come from the
   * embedding job, as any ready version's do.
   */
  async copy(sourceId: string, servesGallery: boolean, by: string): Promise<ModelVersion> {
    const source = await this.get(sourceId);
    this.checkServable(source);
    const copy = await this.versions.insert({
      name: await this.freeName(`${source.name}-${servesGallery ? 'with' : 'without'}-gallery`),
      encoderId: source.encoderId,
      encoderChecksum: source.encoderChecksum,
      dim: source.dim,
      adapterKind: source.adapterKind,
      adapterWeights: source.adapterWeights,
      adapterChecksum: source.adapterChecksum,
      metrics: source.metrics,
      parentId: source.id,
      status: 'ready',
      parameters: source.parameters,
      servesGallery,
      createdBy: by,
    });
    this.logger.info({ version: copy.name, source: source.name, servesGallery }, 'model version copied');
    return copy;
  }

  /** The training run's held-out numbers: the candidate against its parent on the same examples. */
  async comparedWithParent(
    version: ModelVersion,
  ): Promise<{ worse: boolean; before: RetrievalMetrics; after: RetrievalMetrics } | null> {
    if (!version.parentId) return null;
    const run = await this.repos.trainingRuns.findByVersion(version.id);
    if (!run?.metricsBefore || !run.metricsAfter) return null;
    const { metricsBefore: before, metricsAfter: after } = run;
    const worse = after.top1 < before.top1 || (after.top1 === before.top1 && after.mrr < before.mrr);
    return { worse, before, after };
  }

  private checkServable(version: ModelVersion): void {
    if (version.status === 'training' || version.status === 'failed') {
      throw new BadUserInputError(`Version ${version.name} is ${version.status} and cannot serve`);
    }
    if (!this.canServe(version)) {
      throw new BadUserInputError(
        `Version ${version.name} was built on encoder ${version.encoderId} (${version.encoderChecksum.slice(0, 12)}…), but this server runs ${this.encoder.id} (${this.encoder.checksum.slice(0, 12)}…): install that encoder first`,
      );
    }
    if (version.adapterKind !== null) {
      try {
        this.adapterOf(version);
      } catch (error) {
        throw new BadUserInputError(`Version ${version.name} cannot be loaded: ${(error as Error).message}`);
      }
    }
  }

  private async switchTo(version: ModelVersion, reason: string, by: string): Promise<ModelVersion> {
    await this.versions.activate(version.id, { reason, by });
    this.cached = null;
    return this.get(version.id);
  }

  private async freeName(wanted: string): Promise<string> {
    for (let i = 1; ; i++) {
      const name = i === 1 ? wanted : `${wanted}-${i}`;
      if (!(await this.versions.nameTaken(name))) return name;
    }
  }
}
