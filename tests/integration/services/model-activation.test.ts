import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { makeImage } from '../../helpers/images.js';
import { addVersion } from '../../helpers/versions.js';

const SEARCH = `mutation($image: Upload!) { searchByImage(image: $image, limit: 8) {
  modelVersion { id } results { rank score product { id } } } }`;
const ACTIVATE = 'mutation($id: ID!) { activateModelVersion(id: $id) { id } }';
const ROLLBACK = 'mutation { rollbackModelVersion { id } }';

type Ranking = Array<{ rank: number; score: number; product: { id: string } }>;

/**
 * Activation and rollback switch the serving version in one transaction, and a search takes its
 * version once: while versions flip under concurrent searches, every search's ranking is exactly
 * the one its recorded version gives on its own (products, order and scores). A search that
 * embedded with one version's adapter and looked in the other's vectors, or mixed both, would
 * match neither.
 */
describe('activating a version while searches run', () => {
  let server: TestServer;
  let base: string;
  let candidate: string;
  const photos: Buffer[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    for (let i = 0; i < 40; i++) {
      const res = await server.gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
        input: { name: `Item ${i}`, sku: `ITEM-${i}` },
      });
      const added = await server.upload(
        'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        { id: res.data!.createProduct.id },
        'image',
        { bytes: await makeImage(i + 1, { format: 'jpeg' }) },
      );
      expect(added.errors).toBeUndefined();
    }
    await server.vitrina.worker!.drain();
    base = (await server.vitrina.services.registry.active()).id;
    // Half of the dimensions scaled: other scores, and other orders, for the same photo.
    candidate = await addVersion(server.vitrina, 'candidate', 0.2);
    for (let i = 0; i < 4; i++) photos.push(await makeImage(100 + i * 7, { width: 80, height: 80 }));
  });
  afterAll(async () => server?.stop());

  async function search(photo: Buffer): Promise<{ version: string; results: Ranking }> {
    const res = await server.upload(SEARCH, {}, 'image', { bytes: photo });
    expect(res.errors).toBeUndefined();
    return { version: res.data!.searchByImage.modelVersion.id, results: res.data!.searchByImage.results };
  }

  it('gives each search the whole of one version: its adapter, its vectors, its scores', async () => {
    // Each version's own answer, with nothing else going on.
    const expected = new Map<string, Ranking[]>();
    for (const [version, switchTo] of [
      [base, null],
      [candidate, () => server.gql(ACTIVATE, { id: candidate })],
    ] as const) {
      if (switchTo) expect((await switchTo()).errors).toBeUndefined();
      const rankings: Ranking[] = [];
      for (const photo of photos) {
        const res = await search(photo);
        expect(res.version).toBe(version);
        rankings.push(res.results);
      }
      expected.set(version, rankings);
    }
    // The two versions must disagree for the check to mean anything.
    expect(expected.get(base)).not.toEqual(expected.get(candidate));
    expect((await server.gql(ROLLBACK)).errors).toBeUndefined();

    // Four shoppers search without pause while an admin flips the serving version 20 times.
    let flipping = true;
    const seen: Array<{ photo: number; version: string; results: Ranking }> = [];
    const shoppers = Array.from({ length: 4 }, async (_, shopper) => {
      for (let n = 0; flipping; n++) {
        const photo = (shopper + n) % photos.length;
        seen.push({ photo, ...(await search(photos[photo]!)) });
      }
    });
    for (let flip = 0; flip < 20; flip++) {
      const res = flip % 2 === 0 ? await server.gql(ACTIVATE, { id: candidate }) : await server.gql(ROLLBACK);
      expect(res.errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    flipping = false;
    await Promise.all(shoppers);

    const versions = new Set(seen.map((s) => s.version));
    expect(versions).toEqual(new Set([base, candidate]));
    for (const s of seen) {
      const want = expected.get(s.version)![s.photo]!;
      expect(
        s.results.map((r) => r.product.id),
        `photo ${s.photo} on ${s.version}`,
      ).toEqual(want.map((r) => r.product.id));
      s.results.forEach((r, i) => expect(r.score).toBeCloseTo(want[i]!.score, 5));
    }
    // One version active at the end, recorded once per switch.
    const activations = await server.vitrina.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE deactivated_at IS NULL)::int AS open FROM model_activations`,
    );
    expect(activations).toEqual([{ n: 1 + 1 + 1 + 20, open: 1 }]);
  });
});
