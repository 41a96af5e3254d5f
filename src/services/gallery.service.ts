import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { GalleryDecider, GalleryView } from '../entities/gallery-view.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { TrainingExample } from '../entities/training-example.entity.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import type { DomainMetrics } from '../domain/metrics.js';
import { isUuid } from '../lib/ids.js';
import type { Repositories } from '../repositories/index.js';
import type { GalleryFilter } from '../repositories/gallery.repository.js';
import type { Page } from '../repositories/keyset-page.js';
import { consensus, place, type Embedded, type GalleryPolicy } from './gallery-policy.js';
import type { ModelRegistry, VectorMap } from './model-registry.js';
import { endUserId, type Actor } from './principal.js';

export type { GalleryFilter } from '../repositories/gallery.repository.js';

const CONFIRMING = new Set(['correct', 'correct_product']);
const WITHDRAWN = 'its verdict was changed: the photo is no longer confirmed for this product';
/** Accepted views read per statement when a version catches up with the gallery. */
const FILL_BATCH = 200;

/**
 * Gallery views: shoppers' photos confirmed for a product, searched as extra views of it once
 * accepted — by an admin, or by the policy (a trusted contributor; enough distinct users
 * agreeing). Decisions on one product's gallery run one at a time (its cap and duplicates are
 * judged against what it has). An accepted view's vector is written to every version that
 * serves gallery views; a removed or withdrawn view's vectors leave all of them at once.
 */
export class GalleryService {
  constructor(
    private readonly repos: Repositories,
    private readonly registry: ModelRegistry,
    private readonly policy: GalleryPolicy,
    private readonly logger: Logger,
    private readonly metrics: DomainMetrics | null = null,
  ) {}

  /**
   * A verdict was written: a confirming one (with a photo) proposes its photo for the product,
   * any other ends the view it had proposed.
   */
  async onVerdict(actor: Actor, example: TrainingExample): Promise<void> {
    if (!example.productId || !example.imageSha256) return;
    if (!CONFIRMING.has(example.feedbackType)) {
      await this.withdraw(example.id);
      return;
    }
    const { id, existing } = await this.repos.gallery.insertPending({
      productId: example.productId,
      exampleId: example.id,
      searchId: example.searchId,
      imageSha256: example.imageSha256,
      userId: example.userId,
      verdict: example.feedbackType,
    });
    if (existing) {
      // Confirmed again after a withdrawal: back in the queue. An admin's decision stands.
      if (existing.status !== 'rejected' || existing.reason !== WITHDRAWN) return;
      await this.repos.gallery.reopen(id);
    }
    if (actor.roles.has('admin') || this.policy.trustedUsers.includes(example.userId)) {
      await this.accept([id], 'trusted', null);
    } else {
      await this.acceptOnConsensus(id, example.productId);
    }
  }

  /** An admin's decision; accepting still keeps the product's gallery within its cap, without duplicates. */
  async review(actor: Actor, id: string, accept: boolean): Promise<GalleryView> {
    const view = await this.get(id);
    if (accept) await this.accept([view.id], 'admin', actor.userId);
    else await this.reject([view.id], { decidedBy: 'admin', reviewedBy: actor.userId, reason: 'rejected by an admin' });
    return this.get(id);
  }

  /** Takes a view out of every version's search; the record stays, rejected. */
  async remove(actor: Actor, id: string): Promise<GalleryView> {
    const view = await this.get(id);
    await this.reject([view.id], { decidedBy: 'admin', reviewedBy: actor.userId, reason: 'removed by an admin' });
    return this.get(id);
  }

  /** Every pending or accepted view a user contributed, rejected and out of every version. */
  async removeContributions(actor: Actor, userId: string): Promise<number> {
    const stored = storedUserId(actor, userId);
    const reason = `every contribution of ${userId} was removed by an admin`;
    const removed = await this.repos.transaction(async (tx) => {
      const views = await this.repos.gallery.openViewsOf(stored, tx);
      await this.rejectIn(
        tx,
        views.map((v) => v.id),
        { decidedBy: 'admin', reviewedBy: actor.userId, reason },
      );
      return views.length;
    });
    if (removed > 0) this.logger.info({ user: stored, removed, by: actor.userId }, 'gallery contributions removed');
    return removed;
  }

  async get(id: string): Promise<GalleryView> {
    const view = isUuid(id) ? await this.repos.gallery.findById(id) : null;
    if (!view) throw new NotFoundError('Gallery view', id);
    return view;
  }

  /** Oldest first (a review queue). A contributor is named as the caller sees them. */
  list(actor: Actor, filter: GalleryFilter, first: number, after?: string | null): Promise<Page<GalleryView>> {
    if (filter.productId && !isUuid(filter.productId)) {
      return Promise.resolve({ nodes: [], endCursor: null, hasNextPage: false, totalCount: 0 });
    }
    const userId = filter.userId ? storedUserId(actor, filter.userId) : null;
    return this.repos.gallery.list({ ...filter, userId }, { first, after });
  }

  /**
   * Bring a version's gallery vectors up to date: every accepted view when it serves them, none
   * when it does not. The embedding job calls this for each served version (a new version, a
   * copy, a replica that missed an acceptance); training calls it, with the adapter it trained,
   * before a version is ready.
   */
  async fillVersion(version: ModelVersion, map?: VectorMap): Promise<number> {
    if (!version.servesGallery) {
      await this.repos.gallery.deleteVersionVectors(version.id);
      return 0;
    }
    // A version still training has no stored adapter yet: its run passes the one it trained.
    map ??= this.registry.vectorMap(version);
    let written = 0;
    for (;;) {
      const pending = await this.repos.gallery.acceptedWithoutVectors(version.id, version.encoderId, FILL_BATCH);
      if (pending.length === 0) return written;
      const rows = pending.map((p) => ({
        galleryViewId: p.galleryViewId,
        productId: p.productId,
        vector: map(p.embedding),
      }));
      await this.repos.gallery.upsertVectors(version, rows);
      written += rows.length;
    }
  }

  /** Propose-time rule: accept the photos enough distinct users agree on. */
  private async acceptOnConsensus(id: string, productId: string): Promise<void> {
    if (this.policy.consensusUsers < 1) return; // off (the default): no need to read the product's views
    const encoderId = this.registry.encoder.id;
    const views = await this.repos.gallery.embeddedViewsOf(productId, ['pending', 'accepted'], encoderId);
    const embedded = views.filter((v): v is Embedded & (typeof views)[number] => v.embedding !== null);
    const candidate = embedded.find((v) => v.id === id);
    if (!candidate) return;
    const agreeing = consensus(candidate, embedded, this.policy);
    const pending = new Set(views.filter((v) => v.status === 'pending').map((v) => v.id));
    if (agreeing)
      await this.accept(
        agreeing.filter((v) => pending.has(v)),
        'consensus',
        null,
      );
  }

  /**
   * Accept views, each placed in its product's gallery (see `place`): a duplicate or a view that
   * would add less than a full gallery's are rejected instead, and a view it outdoes makes room.
   * Their vectors reach every serving version in the same transaction.
   */
  private async accept(ids: string[], decidedBy: GalleryDecider, reviewedBy: string | null): Promise<void> {
    // Read before the transactions: an embedded database has one connection, the transaction's.
    // In id order: each version's row is locked as its gallery changes (see gallery-changes.ts).
    const versions = (await this.registry.served())
      .filter((v) => v.servesGallery)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const id of ids) {
      const outcome = await this.repos.transaction(async (tx) => {
        const view = await this.repos.gallery.findById(id, tx);
        if (!view) return null;
        await this.repos.gallery.lockProduct(view.productId, tx);
        // Every version this may change, before the first change: a replaced view may be in fewer.
        await this.repos.versions.lockForGalleryChange(
          versions.map((v) => v.id),
          tx,
        );
        const own = (await this.repos.embeddings.findMany(this.registry.encoder.id, [view.imageSha256], tx)).get(
          view.imageSha256,
        );
        const placement = own
          ? await this.placement(view, own, tx)
          : { kind: 'reject' as const, reason: 'the photo has no embedding from the installed encoder' };
        if (placement.kind === 'reject') {
          await this.rejectIn(tx, [id], {
            decidedBy: decidedBy === 'admin' ? 'admin' : 'policy',
            reviewedBy,
            reason: placement.reason,
          });
          return 'rejected' as const;
        }
        if (placement.kind === 'replace') {
          const reason = 'replaced by a view less like the product’s other images';
          await this.rejectIn(tx, [placement.replaced], { decidedBy: 'policy', reason });
        }
        await this.repos.gallery.decide([id], { status: 'accepted', decidedBy, reviewedBy }, tx);
        await this.publish(view, own!, versions, tx);
        return 'accepted' as const;
      });
      // A rejection was counted where it was written.
      if (outcome === 'accepted') this.metrics?.observeGalleryDecision('accepted', decidedBy);
    }
  }

  /** Where the view's photo (`own`, its base embedding) goes among the product's images. */
  private async placement(view: GalleryView, own: Float32Array, tx: EntityManager) {
    const encoderId = this.registry.encoder.id;
    const accepted = (await this.repos.gallery.embeddedViewsOf(view.productId, ['accepted'], encoderId, tx)).filter(
      (v): v is typeof v & { embedding: Float32Array } => v.embedding !== null && v.id !== view.id,
    );
    const catalog = await this.repos.products.imageEmbeddingsOf(view.productId, encoderId, tx);
    return place(own, accepted, catalog, this.policy);
  }

  /** The view's vector (from its photo's base embedding) in every version that serves gallery views. */
  private async publish(
    view: GalleryView,
    base: Float32Array,
    versions: ModelVersion[],
    tx: EntityManager,
  ): Promise<void> {
    for (const version of versions) {
      const vector = this.registry.vectorMap(version)(base);
      await this.repos.gallery.upsertVectors(
        version,
        [{ galleryViewId: view.id, productId: view.productId, vector }],
        tx,
      );
    }
  }

  private async withdraw(exampleId: string): Promise<void> {
    const view = await this.repos.gallery.findByExample(exampleId);
    if (!view || view.status === 'rejected') return;
    await this.reject([view.id], { decidedBy: 'policy', reason: WITHDRAWN });
  }

  private async reject(ids: string[], decision: { decidedBy: GalleryDecider; reviewedBy?: string; reason: string }) {
    await this.repos.transaction((tx) => this.rejectIn(tx, ids, decision));
  }

  private async rejectIn(
    tx: EntityManager,
    ids: string[],
    decision: { decidedBy: GalleryDecider; reviewedBy?: string | null; reason: string },
  ): Promise<void> {
    if (ids.length === 0) return;
    await this.repos.gallery.decide(ids, { status: 'rejected', ...decision }, tx);
    await this.repos.gallery.deleteVectors(ids, tx);
    this.metrics?.observeGalleryDecision('rejected', decision.decidedBy, ids.length);
  }
}

/**
 * A user id as stored: an admin names a key's end user in full (`key:<id>/telegram:42`), or one
 * of their own key's end users as that key calls them (`telegram:42`, as the bot does).
 */
function storedUserId(actor: Actor, userId: string): string {
  const trimmed = userId.trim();
  if (!trimmed) throw new BadUserInputError('A user id is required');
  if (trimmed.startsWith('key:') || trimmed.startsWith('admin:')) return trimmed;
  return endUserId(actor.principal, trimmed);
}
