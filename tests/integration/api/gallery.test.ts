import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type Auth, type TestServer } from '../../helpers/server.js';
import { DEMO_PRODUCTS, STUDIO_VIEWS, type View } from '../../../src/demo/drawings.js';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';
import { addDemoCatalog } from '../../helpers/catalog.js';
import { cosine } from '../../../src/ml/vectors.js';
import { gatherTrainingData } from '../../../src/services/training-data.js';

const SEARCH = `mutation($image: Upload!, $limit: Int) {
  searchByImage(image: $image, limit: $limit) { id queryImageSha256 results { rank score product { id } } }
}`;
const FEEDBACK = `mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }`;
const VIEW_FIELDS = `id status product { id } searchId userId verdict imageUrl decidedBy reviewedBy reason decidedAt createdAt`;
const LIST = `query($status: GalleryViewStatus, $productId: ID, $userId: String, $first: Int, $after: String) {
  galleryViews(status: $status, productId: $productId, userId: $userId, first: $first, after: $after) {
    nodes { ${VIEW_FIELDS} } pageInfo { hasNextPage endCursor } totalCount
  }
}`;
const REVIEW = `mutation($id: ID!, $accept: Boolean!) { reviewGalleryView(id: $id, accept: $accept) { ${VIEW_FIELDS} } }`;
const REMOVE = `mutation($id: ID!) { removeGalleryView(id: $id) { ${VIEW_FIELDS} } }`;
const REMOVE_USER = `mutation($userId: String!) { removeGalleryContributions(userId: $userId) }`;
const COPY = `mutation($id: ID!, $servesGallery: Boolean!) {
  copyModelVersion(id: $id, servesGallery: $servesGallery) { id name status servesGallery parent { id } }
}`;

type Search = {
  id: string;
  queryImageSha256: string;
  results: Array<{ rank: number; score: number; product: { id: string } }>;
};
type GalleryView = {
  id: string;
  status: string;
  product: { id: string };
  searchId: string;
  userId: string;
  decidedBy: string | null;
  reason: string | null;
};

/** A shopper's photo of demo product `item`: angle, scale, framing and background vary with `k`. */
function shopperView(k: number): View {
  const backgrounds = ['#d7c4a3', '#b8c9d9', '#cfd8c4', '#e0d0e0', '#c9c9c9'];
  return {
    angle: -30 + ((k * 13) % 60),
    scale: 0.6 + ((k * 7) % 5) * 0.05,
    background: backgrounds[k % backgrounds.length]!,
    dx: ((k * 11) % 40) - 20,
    dy: ((k * 17) % 30) - 15,
  };
}

describe('gallery views', () => {
  let server: TestServer;
  let shopper: { id: string; key: string };
  const items = DEMO_PRODUCTS.slice(0, 6);
  const productIds: string[] = [];

  beforeAll(async () => {
    // Consensus on (it is off by default): three distinct users accept near-identical photos.
    server = await startTestServer({ GALLERY_CONSENSUS_USERS: '3' });
  });
  afterAll(async () => server?.stop());

  beforeEach(async () => {
    await server.reset();
    productIds.splice(0, productIds.length, ...(await addDemoCatalog(server, items)));
    shopper = await server.createKey('USER', 'shopper');
  });

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
    server.vitrina.dataSource.query(query, params) as Promise<T[]>;

  async function search(photo: Buffer, auth: Auth = { key: shopper.key }, limit = 6): Promise<Search> {
    const res = await server.upload(SEARCH, { limit }, 'image', { bytes: photo, type: 'image/jpeg' }, auth);
    expect(res.errors).toBeUndefined();
    return res.data!.searchByImage as Search;
  }

  const photo = (item: number, k: number) => renderDemoImage(items[item]!, shopperView(k), 'jpeg');

  async function verdict(s: Search, productId: string, v: string, auth: Auth = { key: shopper.key }) {
    const res = await server.gql(FEEDBACK, { input: { searchId: s.id, productId, verdict: v } }, auth);
    expect(res.errors).toBeUndefined();
  }

  async function list(variables: Record<string, unknown> = {}): Promise<GalleryView[]> {
    const res = await server.gql(LIST, variables);
    expect(res.errors).toBeUndefined();
    return res.data!.galleryViews.nodes as GalleryView[];
  }

  async function review(id: string, accept: boolean): Promise<GalleryView> {
    const res = await server.gql(REVIEW, { id, accept });
    expect(res.errors).toBeUndefined();
    return res.data!.reviewGalleryView as GalleryView;
  }

  /** Each served version's gallery vectors: version id → view ids. */
  async function servedGallery(): Promise<Map<string, string[]>> {
    const versions = await sql<{ id: string }>(`SELECT id FROM model_versions WHERE status IN ('active', 'ready')`);
    const rows = await sql<{ model_version_id: string; gallery_view_id: string }>(
      'SELECT model_version_id, gallery_view_id FROM gallery_vectors ORDER BY gallery_view_id',
    );
    return new Map(
      versions.map((v) => [v.id, rows.filter((r) => r.model_version_id === v.id).map((r) => r.gallery_view_id)]),
    );
  }

  const scoreOf = (s: Search, productId: string) => s.results.find((r) => r.product.id === productId)?.score ?? 0;

  it('proposes a confirmed photo for review; accepted, it is searched as a view of the product but never shown as its picture', async () => {
    const shot = await photo(2, 1);
    const first = await search(shot);
    const before = scoreOf(first, productIds[2]!);
    await verdict(first, productIds[2]!, 'CORRECT_PRODUCT');

    const [pending] = await list({ status: 'PENDING' });
    expect(pending).toMatchObject({
      status: 'PENDING',
      product: { id: productIds[2] },
      searchId: first.id,
      userId: `key:${shopper.id}`,
      decidedBy: null,
    });
    expect(
      (await servedGallery()).get(
        (await sql<{ id: string }>(`SELECT id FROM model_versions WHERE status = 'active'`))[0]!.id,
      ),
    ).toEqual([]);

    const accepted = await review(pending!.id, true);
    expect(accepted).toMatchObject({ status: 'ACCEPTED', decidedBy: 'admin', reviewedBy: 'admin:env' });
    for (const views of (await servedGallery()).values()) expect(views).toEqual([pending!.id]);

    // The same photo now finds its own view: the product scores as the photo itself would.
    const again = await search(shot);
    expect(again.results[0]!.product.id).toBe(productIds[2]);
    expect(scoreOf(again, productIds[2]!)).toBeGreaterThan(Math.max(before, 0.999));

    const product = await server.gql('query($id: ID!) { product(id: $id) { images { imageSha256 } } }', {
      id: productIds[2],
    });
    expect(product.data!.product.images).toHaveLength(1);
    expect(product.data!.product.images[0].imageSha256).not.toBe(first.queryImageSha256);
    expect(await list({ status: 'ACCEPTED', productId: productIds[2] })).toHaveLength(1);
    expect(await list({ status: 'ACCEPTED', productId: productIds[3] })).toHaveLength(0);
  });

  it('takes a view out of every served version when its verdict turns INCORRECT, and back to review when confirmed again', async () => {
    const copy = await server.gql(COPY, {
      id: (await sql<{ id: string }>(`SELECT id FROM model_versions WHERE status = 'active'`))[0]!.id,
      servesGallery: true,
    });
    expect(copy.errors).toBeUndefined();
    await server.vitrina.worker!.drain();
    const s = await search(await photo(1, 2));
    const top = s.results.find((r) => r.product.id === productIds[1])!;
    expect(top).toBeDefined();
    await verdict(s, productIds[1]!, 'CORRECT');
    const [view] = await list({ status: 'PENDING' });
    await review(view!.id, true);
    const served = await servedGallery();
    expect(served.size).toBe(2);
    for (const views of served.values()) expect(views).toEqual([view!.id]);

    await verdict(s, productIds[1]!, 'INCORRECT');
    for (const views of (await servedGallery()).values()) expect(views).toEqual([]);
    const [withdrawn] = await list({ status: 'REJECTED' });
    expect(withdrawn).toMatchObject({ id: view!.id, decidedBy: 'policy' });
    expect(withdrawn!.reason).toMatch(/verdict was changed/);

    await verdict(s, productIds[1]!, 'CORRECT');
    expect(await list({ status: 'PENDING' })).toMatchObject([{ id: view!.id }]);
  });

  it("removes one view, or every view of one user, from every served version; an admin's rejection stands", async () => {
    const copy = await server.gql(COPY, {
      id: (await sql<{ id: string }>(`SELECT id FROM model_versions WHERE status = 'active'`))[0]!.id,
      servesGallery: true,
    });
    expect(copy.errors).toBeUndefined();
    await server.vitrina.worker!.drain();
    const other = await server.createKey('USER', 'another shopper');
    const mine: string[] = [];
    for (let k = 0; k < 3; k++) {
      const s = await search(await photo(k, 10 + k));
      await verdict(s, productIds[k]!, 'CORRECT_PRODUCT');
    }
    const s = await search(await photo(4, 30), { key: other.key });
    await verdict(s, productIds[4]!, 'CORRECT_PRODUCT', { key: other.key });
    for (const view of await list({ status: 'PENDING' })) {
      await review(view.id, true);
      if (view.userId === `key:${shopper.id}`) mine.push(view.id);
    }
    expect(mine).toHaveLength(3);
    const theirs = (await list({ userId: `key:${other.id}` })).map((v) => v.id);
    expect(theirs).toHaveLength(1);

    const removedOne = await server.gql(REMOVE, { id: mine[0] });
    expect(removedOne.data!.removeGalleryView).toMatchObject({ status: 'REJECTED', decidedBy: 'admin' });
    for (const views of (await servedGallery()).values())
      expect(views.sort()).toEqual([...mine.slice(1), ...theirs].sort());

    const removed = await server.gql(REMOVE_USER, { userId: `key:${shopper.id}` });
    expect(removed.data!.removeGalleryContributions).toBe(2);
    const served = await servedGallery();
    expect(served.size).toBe(2);
    for (const views of served.values()) expect(views).toEqual(theirs);

    // A removed view stays out when its user confirms the photo again: the admin decided.
    expect(await list({ status: 'PENDING' })).toEqual([]);
    const missing = await server.gql(REMOVE, { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("removes a key's contributions with every end user it spoke for, by the key's id alone", async () => {
    const integrator = await server.createKey('SERVICE', 'integrator');
    for (const [k, endUser] of ['telegram:1', 'telegram:2'].entries()) {
      const auth = { key: integrator.key, endUser };
      await verdict(await search(await photo(k, 40 + k), auth), productIds[k]!, 'CORRECT_PRODUCT', auth);
    }
    await verdict(await search(await photo(3, 50)), productIds[3]!, 'CORRECT_PRODUCT');
    for (const view of await list({ status: 'PENDING' })) await review(view.id, true);
    const theirs = await list({ userId: `key:${integrator.id}` });
    expect(theirs.map((v) => v.userId).sort()).toEqual([
      `key:${integrator.id}/telegram:1`,
      `key:${integrator.id}/telegram:2`,
    ]);

    const metrics = async () => (await fetch(`${server.url}/metrics`)).text();
    expect(await metrics()).toContain('vitrina_gallery_products{views="1"} 3');
    expect(await metrics()).toContain('vitrina_gallery_views{status="accepted",source="admin"} 3');

    // Only a whole key id is a prefix: a piece of one names nobody.
    const partial = await server.gql(REMOVE_USER, { userId: `key:${integrator.id.slice(0, 8)}` });
    expect(partial.data!.removeGalleryContributions).toBe(0);
    const removed = await server.gql(REMOVE_USER, { userId: `key:${integrator.id}` });
    expect(removed.data!.removeGalleryContributions).toBe(2);
    const mine = (await list({ status: 'ACCEPTED' })).map((v) => v.id);
    expect(mine).toHaveLength(1);
    for (const views of (await servedGallery()).values()) expect(views).toEqual(mine);
    expect(await metrics()).toContain('vitrina_gallery_products{views="1"} 1');
  });

  it("accepts an admin's own confirmation at once, and photos enough distinct users agree on, never one user alone", async () => {
    const adminSearch = await search(await photo(0, 3), {});
    await verdict(adminSearch, productIds[0]!, 'CORRECT_PRODUCT', {});
    expect(await list({ status: 'ACCEPTED' })).toMatchObject([
      { decidedBy: 'trusted', product: { id: productIds[0] } },
    ]);

    // One user, the same photo three times: still waiting for an admin.
    const shot = await photo(3, 7);
    for (let i = 0; i < 3; i++) await verdict(await search(shot), productIds[3]!, 'CORRECT_PRODUCT');
    expect(await list({ status: 'PENDING', productId: productIds[3] })).toHaveLength(3);

    // Two more users confirm the same photo: three distinct users agree.
    for (const name of ['second', 'third']) {
      const key = await server.createKey('USER', name);
      await verdict(await search(shot, { key: key.key }), productIds[3]!, 'CORRECT_PRODUCT', { key: key.key });
    }
    const decided = await list({ productId: productIds[3] });
    // One photo adds one view: the first accepted, its repeats rejected as duplicates of it.
    expect(decided.filter((v) => v.status === 'ACCEPTED')).toMatchObject([{ decidedBy: 'consensus' }]);
    expect(decided.filter((v) => v.status === 'REJECTED')).toHaveLength(4);
    expect(decided.every((v) => v.status !== 'PENDING')).toBe(true);
  });

  it('rejects a photo that nearly repeats a catalog image, and refuses non-admins', async () => {
    const catalogPhoto = await renderDemoImage(items[5]!, STUDIO_VIEWS[0]!);
    const s = await search(catalogPhoto);
    await verdict(s, productIds[5]!, 'CORRECT');
    const [view] = await list({ status: 'PENDING' });
    const reviewed = await review(view!.id, true);
    expect(reviewed.status).toBe('REJECTED');
    expect(reviewed.reason).toMatch(/nearly identical/);

    for (const query of [LIST, REVIEW, REMOVE, REMOVE_USER]) {
      const res = await server.gql(query, { id: view!.id, accept: true, userId: 'x:y' }, { key: shopper.key });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('keeps a copy that serves no gallery views free of them, for an experiment to compare', async () => {
    const active = (await sql<{ id: string }>(`SELECT id FROM model_versions WHERE status = 'active'`))[0]!.id;
    const res = await server.gql(COPY, { id: active, servesGallery: false });
    expect(res.errors).toBeUndefined();
    const copy = res.data!.copyModelVersion;
    expect(copy).toMatchObject({ status: 'READY', servesGallery: false, parent: { id: active } });
    const s = await search(await photo(2, 5));
    await verdict(s, productIds[2]!, 'CORRECT_PRODUCT');
    await review((await list({ status: 'PENDING' }))[0]!.id, true);
    await server.vitrina.worker!.drain();
    const served = await servedGallery();
    expect(served.get(active)).toHaveLength(1);
    expect(served.get(copy.id)).toEqual([]);
    const vectors = await sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM version_vectors WHERE model_version_id = $1',
      [copy.id],
    );
    expect(vectors[0]!.n).toBe(items.length);
  });

  it('withstands one user confirming the wrong product for 50 photos: the others find what they found before', async () => {
    const others = await server.createKey('USER', 'honest shoppers');
    const probes = await Promise.all(items.flatMap((_, i) => [photo(i, 60 + i), photo(i, 70 + i)]));
    const topOf = async () =>
      Promise.all(probes.map(async (p) => (await search(p, { key: others.key }, 3)).results[0]!.product.id));
    const before = await topOf();

    const liar = await server.createKey('SERVICE', 'hostile integrator');
    for (let k = 0; k < 50; k++) {
      const item = k % items.length;
      const wrong = productIds[(item + 1) % items.length]!;
      const auth = { key: liar.key, endUser: 'telegram:666' };
      await verdict(await search(await photo(item, 100 + k), auth), wrong, 'CORRECT_PRODUCT', auth);
    }
    const pending = await list({ status: 'PENDING', first: 100 });
    expect(pending).toHaveLength(50);
    expect((await servedGallery()).size).toBeGreaterThan(0);
    for (const views of (await servedGallery()).values()) expect(views).toEqual([]);
    expect(await topOf()).toEqual(before);
  });

  it('leaves gallery views out of training data: no validation photo can meet its own view', async () => {
    const s = await search(await photo(2, 8));
    await verdict(s, productIds[2]!, 'CORRECT_PRODUCT');
    await review((await list({ status: 'PENDING' }))[0]!.id, true);
    const { repositories, services } = server.vitrina;
    const data = await gatherTrainingData(repositories, services.index.foreground, await services.registry.active());
    expect(data.catalog).toHaveLength(items.length);
    const [own] = await repositories.embeddings
      .findMany(services.registry.encoder.id, [s.queryImageSha256])
      .then((m) => [...m.values()]);
    for (const image of data.catalog) expect(cosine(image.vector, own!)).toBeLessThan(0.999);
  });

  it('answers searches normally while views are being accepted', async () => {
    const shots = await Promise.all(items.map((_, i) => photo(i, 40 + i)));
    for (let i = 0; i < items.length; i++) await verdict(await search(shots[i]!), productIds[i]!, 'CORRECT_PRODUCT');
    const pending = await list({ status: 'PENDING' });
    expect(pending).toHaveLength(items.length);
    const reviews = Promise.all(pending.map((v) => server.gql(REVIEW, { id: v.id, accept: true })));
    const searches = Promise.all(
      shots.map((shot) =>
        server.upload(SEARCH, { limit: 3 }, 'image', { bytes: shot, type: 'image/jpeg' }, { key: shopper.key }),
      ),
    );
    const [reviewed, searched] = await Promise.all([reviews, searches]);
    for (const r of reviewed) expect(r.errors).toBeUndefined();
    for (const r of searched) {
      expect(r.errors).toBeUndefined();
      expect(r.data!.searchByImage.results.length).toBeGreaterThan(0);
    }
    expect(await list({ status: 'ACCEPTED' })).toHaveLength(items.length);
  });
});
