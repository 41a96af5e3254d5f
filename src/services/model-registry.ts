import { IsNull, type DataSource, type Repository } from 'typeorm';
import type { Logger } from 'pino';
import { ModelActivation } from '../entities/model-activation.entity.js';
import { ModelVersion } from '../entities/model-version.entity.js';
import type { ImageEncoder } from '../ml/encoder.js';
import { NotFoundError } from '../api/errors.js';
import { isUuid } from './ids.js';

export type VectorMap = (base: Float32Array) => Float32Array;

const ACTIVE_TTL_MS = 2_000;

/**
 * Model versions: which exist, which one serves, and how a version maps base embeddings to its
 * search vectors (identity for a base version; trained adapters arrive with the learning loop).
 */
export class ModelRegistry {
  private readonly versions: Repository<ModelVersion>;
  private cached: { version: ModelVersion; expires: number } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    readonly encoder: ImageEncoder,
    private readonly logger: Logger,
  ) {
    this.versions = dataSource.getRepository(ModelVersion);
  }

  /**
   * Make sure the installed encoder has a base version, and that something serves. When the
   * active version runs on another encoder (say CLIP was installed since), the new encoder's
   * base version takes over: the old one could not embed queries any more.
   */
  async bootstrap(): Promise<ModelVersion> {
    const { encoder } = this;
    let base = await this.versions.findOneBy({
      encoderId: encoder.id,
      encoderChecksum: encoder.checksum,
      adapterKind: IsNull(),
    });
    if (!base) {
      base = await this.versions.save(
        this.versions.create({
          name: await this.freeName(`${encoder.id}-base`),
          encoderId: encoder.id,
          encoderChecksum: encoder.checksum,
          dim: encoder.dim,
          adapterKind: null,
          status: 'ready',
          createdBy: 'system',
          parameters: {},
        }),
      );
      this.logger.info({ version: base.name }, 'created the base model version for the installed encoder');
    }
    const active = await this.versions.findOneBy({ status: 'active' });
    if (!active) return this.activate(base, 'bootstrap', 'system');
    if (active.encoderId !== encoder.id || active.encoderChecksum !== encoder.checksum) {
      this.logger.warn(
        { active: active.name, encoder: encoder.id },
        "the active version needs another encoder; serving the installed encoder's base version",
      );
      return this.activate(base, 'encoder-change', 'system');
    }
    return active;
  }

  /** The serving version (cached briefly, so that other processes' activations show within seconds). */
  async active(): Promise<ModelVersion> {
    const now = Date.now();
    if (this.cached && this.cached.expires > now) return this.cached.version;
    const version = await this.versions.findOneBy({ status: 'active' });
    if (!version) throw new Error('no active model version');
    this.cached = { version, expires: now + ACTIVE_TTL_MS };
    return version;
  }

  async get(id: string): Promise<ModelVersion> {
    const version = isUuid(id) ? await this.versions.findOneBy({ id }) : null;
    if (!version) throw new NotFoundError('Model version', id);
    return version;
  }

  /** Versions whose catalog vectors must be kept up to date: the active one (and experiment arms). */
  async served(): Promise<ModelVersion[]> {
    return [await this.active()];
  }

  /** The function from base embeddings to this version's vectors. */
  vectorMap(version: ModelVersion): VectorMap {
    if (version.adapterKind === null) return (v) => v;
    throw new Error(`adapter kind ${version.adapterKind} is not supported by this build`);
  }

  /** Does this process's encoder produce the base embeddings this version was built on? */
  canServe(version: ModelVersion): boolean {
    return version.encoderId === this.encoder.id && version.encoderChecksum === this.encoder.checksum;
  }

  private async activate(version: ModelVersion, reason: string, by: string): Promise<ModelVersion> {
    await this.dataSource.transaction(async (tx) => {
      const previous = await tx.getRepository(ModelVersion).findOneBy({ status: 'active' });
      if (previous) {
        await tx.getRepository(ModelVersion).update({ id: previous.id }, { status: 'ready' });
        await tx
          .getRepository(ModelActivation)
          .update({ modelVersionId: previous.id, deactivatedAt: IsNull() }, { deactivatedAt: new Date() });
      }
      await tx.getRepository(ModelVersion).update({ id: version.id }, { status: 'active', activatedAt: new Date() });
      await tx.getRepository(ModelActivation).insert({
        modelVersionId: version.id,
        previousVersionId: previous?.id ?? null,
        reason,
        activatedBy: by,
      });
    });
    this.cached = null;
    return this.get(version.id);
  }

  private async freeName(wanted: string): Promise<string> {
    for (let i = 1; ; i++) {
      const name = i === 1 ? wanted : `${wanted}-${i}`;
      if (!(await this.versions.existsBy({ name }))) return name;
    }
  }
}
