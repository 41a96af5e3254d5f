import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type Auth, type TestServer } from '../../helpers/server.js';
import { DEMO_PRODUCTS, SHOPPER_VIEW } from '../../../src/demo/drawings.js';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';
import { addDemoCatalog } from '../../helpers/catalog.js';

const SEARCH = `mutation($image: Upload!, $limit: Int) {
  searchByImage(image: $image, limit: $limit) {
    id queryImageSha256 modelVersion { id } results { rank score product { id name } }
  }
}`;
const EXAMPLE_FIELDS = `id searchId imageSha256 imageUrl userId feedbackType product { id } similarityScore
  qualityRating ratedBy usedForTraining usable modelVersionId experimentId arm comment createdAt updatedAt`;
const FEEDBACK = `mutation($input: FeedbackInput!) { giveFeedback(input: $input) { ${EXAMPLE_FIELDS} } }`;
const ANNOTATION_FIELDS = `id searchId imageSha256 imageUrl userId name category comment status reviewedBy reviewedAt
  product { id name category description images { imageSha256 position } } createdAt`;
const SUGGEST = `mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { ${ANNOTATION_FIELDS} } }`;
const REVIEW = `mutation($id: ID!, $approve: Boolean!) { reviewAnnotation(id: $id, approve: $approve) { ${ANNOTATION_FIELDS} } }`;
const COMMENT =
  'mutation($searchId: ID!, $text: String!) { commentOnSearch(searchId: $searchId, text: $text) { id searchId userId text createdAt } }';
const RATE =
  'mutation($id: ID!, $quality: Int!) { rateExample(id: $id, quality: $quality) { id qualityRating ratedBy usable } }';
const STATS = `{ trainingStats {
  total byType { feedbackType count } byQuality { rating count } unused usable usableUnused positives negatives
  distinctProducts distinctUsers pendingAnnotations lastTrainingAt minimumExamples recommendedExamples canTrain recommended recommendation usableSearches
} }`;

type Search = {
  id: string;
  queryImageSha256: string;
  modelVersion: { id: string };
  results: Array<{ rank: number; score: number; product: { id: string; name: string } }>;
};

describe('feedback', () => {
  let server: TestServer;
  let user: { id: string; key: string };
  let other: { id: string; key: string };
  const catalogItems = DEMO_PRODUCTS.slice(0, 4);
  /** A product the catalog lacks: shoppers suggest it. */
  const missing = DEMO_PRODUCTS[6]!;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  const count = async (table: string, where = 'true') =>
    Number((await server.vitrina.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))[0].n);
  const code = (res: { errors?: Array<{ extensions?: { code?: string } }> }) => res.errors?.[0]?.extensions?.code;

  beforeEach(async () => {
    await server.reset();
    ids.splice(0, ids.length, ...(await addDemoCatalog(server, catalogItems)));
    user = await server.createKey('USER', 'shopper');
    other = await server.createKey('USER', 'another shopper');
  });

  async function search(index = 0, auth: Auth = { key: user.key }, limit = 2): Promise<Search> {
    const item = index < catalogItems.length ? catalogItems[index]! : missing;
    const photo = await renderDemoImage(item, SHOPPER_VIEW, 'jpeg');
    const res = await server.upload(SEARCH, { limit }, 'image', { bytes: photo, type: 'image/jpeg' }, auth);
    expect(res.errors).toBeUndefined();
    return res.data!.searchByImage as Search;
  }

  async function feedback(
    s: Search,
    productId: string,
    verdict: string,
    auth: Auth = { key: user.key },
    comment?: string,
  ) {
    return server.gql(FEEDBACK, { input: { searchId: s.id, productId, verdict, comment } }, auth);
  }

  it('records a verdict with its search, photo, version and score; a double tap counts once', async () => {
    const s = await search();
    const top = s.results[0]!;
    const first = await feedback(s, top.product.id, 'CORRECT', { key: user.key }, 'the red one');
    expect(first.errors).toBeUndefined();
    const example = first.data!.giveFeedback;
    expect(example).toMatchObject({
      searchId: s.id,
      imageSha256: s.queryImageSha256,
      imageUrl: `/images/${s.queryImageSha256}`,
      userId: `key:${user.id}`,
      feedbackType: 'CORRECT',
      product: { id: top.product.id },
      qualityRating: null,
      ratedBy: null,
      usedForTraining: false,
      usable: true,
      modelVersionId: s.modelVersion.id,
      experimentId: null,
      arm: null,
      comment: 'the red one',
    });
    expect(example.similarityScore).toBeCloseTo(top.score, 5);

    const again = await feedback(s, top.product.id, 'CORRECT');
    expect(again.data!.giveFeedback).toEqual(example); // same id, same updatedAt, comment kept
    const [a, b] = await Promise.all([feedback(s, top.product.id, 'CORRECT'), feedback(s, top.product.id, 'CORRECT')]);
    expect([a.data!.giveFeedback.id, b.data!.giveFeedback.id]).toEqual([example.id, example.id]);
    expect(await count('training_examples')).toBe(1);

    // Another user's verdict on the same product of the same (admin-visible) search is their own row.
    const asAdmin = await feedback(s, top.product.id, 'CORRECT', {});
    expect(asAdmin.data!.giveFeedback.id).not.toBe(example.id);
    expect(asAdmin.data!.giveFeedback.userId).toBe('admin:env');
  });

  it('replaces a changed verdict in place and makes it trainable again', async () => {
    const s = await search();
    const productId = s.results[0]!.product.id;
    const first = (await feedback(s, productId, 'CORRECT')).data!.giveFeedback;
    await server.gql(RATE, { id: first.id, quality: 2 });
    await server.vitrina.dataSource.query('UPDATE training_examples SET used_for_training = true');

    const changed = await feedback(s, productId, 'INCORRECT');
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.giveFeedback).toMatchObject({
      id: first.id,
      feedbackType: 'INCORRECT',
      usedForTraining: false,
      qualityRating: null, // the rating was of the old verdict
      createdAt: first.createdAt,
    });
    expect(changed.data!.giveFeedback.updatedAt > first.updatedAt).toBe(true);
    expect(await count('training_examples')).toBe(1);
  });

  it('judges only results; points at any product, with or without a score', async () => {
    const s = await search(0, { key: user.key }, 2);
    const shown = new Set(s.results.map((r) => r.product.id));
    const absent = ids.find((id) => !shown.has(id))!;

    const second = await feedback(s, s.results[1]!.product.id, 'INCORRECT');
    expect(second.data!.giveFeedback.feedbackType).toBe('INCORRECT');
    expect(second.data!.giveFeedback.similarityScore).toBeCloseTo(s.results[1]!.score, 5);

    for (const verdict of ['CORRECT', 'INCORRECT']) {
      const refused = await feedback(s, absent, verdict);
      expect(code(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors![0]!.message).toMatch(/not among the results.*CORRECT_PRODUCT/);
    }
    const pointed = await feedback(s, absent, 'CORRECT_PRODUCT');
    expect(pointed.errors).toBeUndefined();
    expect(pointed.data!.giveFeedback).toMatchObject({
      feedbackType: 'CORRECT_PRODUCT',
      product: { id: absent },
      similarityScore: null,
    });
    const pointedAtResult = await feedback(s, s.results[0]!.product.id, 'CORRECT_PRODUCT');
    expect(pointedAtResult.data!.giveFeedback.similarityScore).toBeCloseTo(s.results[0]!.score, 5);
    expect(await count('training_examples')).toBe(3);
  });

  it('answers NOT_FOUND for unknown, foreign or malformed searches and products', async () => {
    const s = await search();
    const productId = s.results[0]!.product.id;
    const foreign = await feedback(s, productId, 'CORRECT', { key: other.key });
    expect(code(foreign)).toBe('NOT_FOUND');
    const foreignSuggestion = await server.gql(SUGGEST, { input: { searchId: s.id, name: 'x' } }, { key: other.key });
    expect(code(foreignSuggestion)).toBe('NOT_FOUND');
    expect(code(await server.gql(COMMENT, { searchId: s.id, text: 'hi' }, { key: other.key }))).toBe('NOT_FOUND');

    for (const searchId of ['nope', '00000000-0000-4000-8000-000000000000']) {
      const res = await server.gql(FEEDBACK, { input: { searchId, productId, verdict: 'CORRECT' } }, { key: user.key });
      expect(code(res)).toBe('NOT_FOUND');
    }
    for (const unknown of ['nope', '00000000-0000-4000-8000-000000000000']) {
      expect(code(await feedback(s, unknown, 'CORRECT_PRODUCT'))).toBe('NOT_FOUND');
    }
    await server.gql('mutation($id: ID!) { deleteProduct(id: $id) { id } }', { id: productId });
    expect(code(await feedback(s, productId, 'CORRECT'))).toBe('NOT_FOUND');
    expect(await count('training_examples')).toBe(0);

    // A service key acting for end users: each end user owns their searches.
    const bot = await server.createKey('SERVICE', 'bot');
    const alice = { key: bot.key, endUser: 'telegram:1' };
    const mine = await search(1, alice);
    const given = await feedback(mine, mine.results[0]!.product.id, 'CORRECT', alice);
    expect(given.data!.giveFeedback.userId).toBe('telegram:1');
    const bob = await feedback(mine, mine.results[0]!.product.id, 'CORRECT', { key: bot.key, endUser: 'telegram:2' });
    expect(code(bob)).toBe('NOT_FOUND');
  });

  it('keeps the admin operations for admins', async () => {
    const s = await search();
    const example = (await feedback(s, s.results[0]!.product.id, 'CORRECT')).data!.giveFeedback;
    const annotation = (await server.gql(SUGGEST, { input: { searchId: s.id, name: 'Thing' } }, { key: user.key }))
      .data!.suggestProduct;
    for (const [query, variables] of [
      [STATS, {}],
      ['{ trainingExamples { totalCount } }', {}],
      ['{ newProductAnnotations { totalCount } }', {}],
      [RATE, { id: example.id, quality: 5 }],
      [REVIEW, { id: annotation.id, approve: true }],
    ] as const) {
      expect(code(await server.gql(query, variables, { key: user.key }))).toBe('FORBIDDEN');
      expect(code(await server.gql(query, variables, { key: null }))).toBe('UNAUTHENTICATED');
    }
    expect(code(await feedback(s, s.results[0]!.product.id, 'CORRECT', { key: null }))).toBe('UNAUTHENTICATED');
    expect(await count('products')).toBe(catalogItems.length);
    expect(await count('training_examples', 'quality_rating IS NOT NULL')).toBe(0);
  });

  it('shows a query photo to admins only, at the imageUrl the examples give', async () => {
    const s = await search(0);
    const given = await feedback(s, s.results[0]!.product.id, 'CORRECT');
    const url = `${server.url}${given.data!.giveFeedback.imageUrl}`;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url, { headers: { authorization: `Bearer ${user.key}` } })).status).toBe(404);
    expect((await fetch(url, { headers: { authorization: 'Bearer vtr_not-a-key' } })).status).toBe(404);
    const res = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/private/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // the JPEG that was searched
  });

  it('stores comments on own searches, 1 to 2000 characters', async () => {
    const s = await search();
    const res = await server.gql(COMMENT, { searchId: s.id, text: '  The light was bad  ' }, { key: user.key });
    expect(res.errors).toBeUndefined();
    expect(res.data!.commentOnSearch).toMatchObject({
      searchId: s.id,
      userId: `key:${user.id}`,
      text: 'The light was bad',
    });
    for (const text of ['', '   ', 'x'.repeat(2001)]) {
      expect(code(await server.gql(COMMENT, { searchId: s.id, text }, { key: user.key }))).toBe('BAD_USER_INPUT');
    }
    expect(await count('search_comments')).toBe(1);
  });

  it('turns an approved suggestion into a searchable product with the photo as its first image', async () => {
    const s = await search(catalogItems.length); // a product the catalog lacks
    const input = { searchId: s.id, name: missing.name, category: missing.category, comment: 'Seen at the market' };
    const suggested = await server.gql(SUGGEST, { input }, { key: user.key });
    expect(suggested.errors).toBeUndefined();
    const annotation = suggested.data!.suggestProduct;
    expect(annotation).toMatchObject({
      searchId: s.id,
      imageSha256: s.queryImageSha256,
      userId: `key:${user.id}`,
      name: missing.name,
      category: missing.category,
      comment: 'Seen at the market',
      status: 'PENDING',
      reviewedBy: null,
      product: null,
    });
    const again = await server.gql(
      SUGGEST,
      { input: { ...input, name: ` ${missing.name.toUpperCase()} ` } },
      { key: user.key },
    );
    expect(again.data!.suggestProduct.id).toBe(annotation.id);
    expect(await count('new_product_annotations')).toBe(1);
    const item = await server.gql(
      `{ trainingExamples(filter: { feedbackType: NEW_ITEM }) { nodes { id product { id } usable } } }`,
    );
    expect(item.data!.trainingExamples.nodes).toEqual([{ id: annotation.id, product: null, usable: false }]);

    const pending = await server.gql('{ newProductAnnotations { totalCount nodes { id status } } }');
    expect(pending.data!.newProductAnnotations).toEqual({
      totalCount: 1,
      nodes: [{ id: annotation.id, status: 'PENDING' }],
    });

    const approved = await server.gql(REVIEW, { id: annotation.id, approve: true });
    expect(approved.errors).toBeUndefined();
    const reviewed = approved.data!.reviewAnnotation;
    expect(reviewed).toMatchObject({ status: 'APPROVED', reviewedBy: 'admin:env' });
    expect(reviewed.reviewedAt).not.toBeNull();
    expect(reviewed.product).toMatchObject({
      name: missing.name,
      category: missing.category,
      description: 'Seen at the market',
      images: [{ imageSha256: s.queryImageSha256, position: 0 }],
    });
    const productId = reviewed.product.id as string;
    const example = await server.gql(
      `{ trainingExamples(filter: { feedbackType: NEW_ITEM }) { nodes { product { id } usable } } }`,
    );
    expect(example.data!.trainingExamples.nodes).toEqual([{ product: { id: productId }, usable: true }]);

    // Approving twice is refused and creates nothing more.
    expect(code(await server.gql(REVIEW, { id: annotation.id, approve: true }))).toBe('BAD_USER_INPUT');
    expect(code(await server.gql(REVIEW, { id: annotation.id, approve: false }))).toBe('BAD_USER_INPUT');
    expect(await count('products')).toBe(catalogItems.length + 1);
    expect((await server.gql('{ newProductAnnotations { totalCount } }')).data!.newProductAnnotations.totalCount).toBe(
      0,
    );

    // The photo's stored embedding makes the new product findable in the served version.
    await server.vitrina.worker!.drain();
    const found = await search(catalogItems.length, { key: other.key });
    expect(found.results[0]!.product.id).toBe(productId);
    expect(found.results[0]!.score).toBeGreaterThan(0.999);
  });

  it('keeps a rejected suggestion, with who rejected it and when', async () => {
    const s = await search(catalogItems.length);
    const annotation = (await server.gql(SUGGEST, { input: { searchId: s.id, name: 'Odd thing' } }, { key: user.key }))
      .data!.suggestProduct;
    expect(annotation.category).toBe('');
    const rejected = await server.gql(REVIEW, { id: annotation.id, approve: false });
    expect(rejected.data!.reviewAnnotation).toMatchObject({
      status: 'REJECTED',
      reviewedBy: 'admin:env',
      product: null,
    });
    expect(rejected.data!.reviewAnnotation.reviewedAt).not.toBeNull();
    const listed = await server.gql('{ newProductAnnotations(status: REJECTED) { nodes { id name } } }');
    expect(listed.data!.newProductAnnotations.nodes).toEqual([{ id: annotation.id, name: 'Odd thing' }]);
    const all = await server.gql('{ newProductAnnotations(status: null) { totalCount } }');
    expect(all.data!.newProductAnnotations.totalCount).toBe(1);
    expect(await count('products')).toBe(catalogItems.length);
    expect(await count('training_examples', `feedback_type = 'new_item' AND product_id IS NULL`)).toBe(1);

    expect(code(await server.gql(REVIEW, { id: '00000000-0000-4000-8000-000000000000', approve: true }))).toBe(
      'NOT_FOUND',
    );
    const text = await server.gql('mutation { searchByText(text: "mug") { id } }', {}, { key: user.key });
    const fromText = await server.gql(
      SUGGEST,
      { input: { searchId: text.data!.searchByText.id, name: 'A mug' } },
      { key: user.key },
    );
    expect(code(fromText)).toBe('BAD_USER_INPUT');
  });

  it('counts the feedback for training, and leaves examples rated 1–2 out', async () => {
    // Two users, three searches: 2 correct, 2 incorrect, 1 correct product, 1 pending new item.
    const s1 = await search(0);
    const s2 = await search(1);
    const s3 = await search(2, { key: other.key });
    const absent = (s: Search) => ids.find((id) => !s.results.some((r) => r.product.id === id))!;
    const correct1 = (await feedback(s1, s1.results[0]!.product.id, 'CORRECT')).data!.giveFeedback;
    const incorrect1 = (await feedback(s1, s1.results[1]!.product.id, 'INCORRECT')).data!.giveFeedback;
    await feedback(s2, s2.results[0]!.product.id, 'CORRECT');
    await feedback(s2, s2.results[1]!.product.id, 'INCORRECT');
    await feedback(s3, absent(s3), 'CORRECT_PRODUCT', { key: other.key });
    await server.gql(SUGGEST, { input: { searchId: s3.id, name: 'New' } }, { key: other.key });

    for (const quality of [0, 6]) {
      expect(code(await server.gql(RATE, { id: correct1.id, quality }))).toBe('BAD_USER_INPUT');
    }
    expect(code(await server.gql(RATE, { id: '00000000-0000-4000-8000-000000000000', quality: 3 }))).toBe('NOT_FOUND');
    const rated = await server.gql(RATE, { id: correct1.id, quality: 1 });
    expect(rated.data!.rateExample).toEqual({ id: correct1.id, qualityRating: 1, ratedBy: 'admin:env', usable: false });
    await server.gql(RATE, { id: incorrect1.id, quality: 4 });

    const stats = (await server.gql(STATS)).data!.trainingStats;
    expect(stats).toMatchObject({
      total: 6,
      byType: [
        { feedbackType: 'CORRECT', count: 2 },
        { feedbackType: 'INCORRECT', count: 2 },
        { feedbackType: 'CORRECT_PRODUCT', count: 1 },
        { feedbackType: 'NEW_ITEM', count: 1 },
      ],
      byQuality: [
        { rating: null, count: 4 },
        { rating: 1, count: 1 },
        { rating: 2, count: 0 },
        { rating: 3, count: 0 },
        { rating: 4, count: 1 },
        { rating: 5, count: 0 },
      ],
      unused: 6,
      usable: 4, // not the example rated 1, nor the new item still pending
      usableUnused: 4,
      positives: 2,
      negatives: 2,
      distinctProducts: new Set([...s1.results, ...s2.results].map((r) => r.product.id).concat(absent(s3))).size,
      distinctUsers: 2,
      pendingAnnotations: 1,
      lastTrainingAt: null,
      minimumExamples: 20,
      recommendedExamples: 50,
      canTrain: false,
      recommended: false,
    });
    expect(stats.recommendation).toMatch(/at least 20.*16 more/);
    const usableRows = await server.vitrina.dataSource.query(
      // The rule as documented: names a product, and not rated 1–2.
      `SELECT count(*)::int AS n FROM training_examples
       WHERE product_id IS NOT NULL AND (quality_rating IS NULL OR quality_rating >= 3)`,
    );
    expect(usableRows[0].n).toBe(4);

    // The thresholds: more examples from other users (on the same search), then a training run.
    const addExamples = (n: number, from: number) =>
      server.vitrina.dataSource.query(
        `INSERT INTO training_examples (search_id, image_sha256, user_id, feedback_type, product_id)
         SELECT $1, $2, 'test:' || g, 'correct', $3 FROM generate_series($4::int, $5::int) g`,
        [s1.id, s1.queryImageSha256, s1.results[0]!.product.id, from, from + n - 1],
      );
    // 19 rows on a few (search, user) pairs: enough rows, but a run learns one example per pair.
    await addExamples(15, 1);
    const rowsOnly = (await server.gql(STATS)).data!.trainingStats;
    expect(rowsOnly).toMatchObject({ usableUnused: 19, canTrain: false });
    const pairs = rowsOnly.usableSearches as number;
    expect(pairs).toBe(15 + 3); // s1 by its user, s2 by two users, plus 15 new users
    await addExamples(1, 50);
    const enough = (await server.gql(STATS)).data!.trainingStats;
    expect(enough).toMatchObject({ usableUnused: 20, usableSearches: 19, canTrain: false });
    expect(enough.recommendation).toMatch(/judge 19 photo searches.*at least 20 \(1 more\)/);
    await addExamples(1, 60);
    const possible = (await server.gql(STATS)).data!.trainingStats;
    expect(possible).toMatchObject({ usableUnused: 21, usableSearches: 20, canTrain: true, recommended: false });
    expect(possible.recommendation).toMatch(/possible.*50 or more/);
    await addExamples(29, 100);
    const plenty = (await server.gql(STATS)).data!.trainingStats;
    expect(plenty).toMatchObject({ usableUnused: 50, canTrain: true, recommended: true });
    await server.vitrina.dataSource.query(
      `INSERT INTO training_runs (status, finished_at) VALUES ('succeeded', '2030-01-02T03:04:05Z'), ('failed', '2031-01-01T00:00:00Z')`,
    );
    await server.vitrina.dataSource.query('UPDATE training_examples SET used_for_training = true');
    const trained = (await server.gql(STATS)).data!.trainingStats;
    expect(trained).toMatchObject({
      unused: 0,
      usableUnused: 0,
      canTrain: false,
      lastTrainingAt: '2030-01-02T03:04:05.000Z',
    });
  });

  it('lists training examples newest first, filtered, a page at a time', async () => {
    const s = await search(0, { key: user.key }, 3);
    const given: string[] = [];
    for (const [i, r] of s.results.entries()) {
      given.push((await feedback(s, r.product.id, i === 0 ? 'CORRECT' : 'INCORRECT')).data!.giveFeedback.id);
    }
    await server.gql(RATE, { id: given[0], quality: 5 });
    const page = (after: string | null) =>
      server.gql(
        'query($after: String) { trainingExamples(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }',
        {
          after,
        },
      );
    const one = (await page(null)).data!.trainingExamples;
    expect(one.totalCount).toBe(3);
    expect(one.nodes.map((n: { id: string }) => n.id)).toEqual([given[2], given[1]]);
    expect(one.pageInfo.hasNextPage).toBe(true);
    const two = (await page(one.pageInfo.endCursor)).data!.trainingExamples;
    expect(two.nodes.map((n: { id: string }) => n.id)).toEqual([given[0]]);
    expect(two.pageInfo.hasNextPage).toBe(false);
    expect(code(await page('garbage'))).toBe('BAD_USER_INPUT');

    const filtered = async (filter: Record<string, unknown>) =>
      (
        await server.gql(
          'query($filter: TrainingExampleFilter) { trainingExamples(filter: $filter) { nodes { id } } }',
          { filter },
        )
      ).data!.trainingExamples.nodes.map((n: { id: string }) => n.id);
    expect(await filtered({ feedbackType: 'INCORRECT' })).toEqual([given[2], given[1]]);
    expect(await filtered({ minQuality: 4 })).toEqual([given[0]]);
    expect(await filtered({ rated: false })).toEqual([given[2], given[1]]);
    expect(await filtered({ productId: s.results[1]!.product.id })).toEqual([given[1]]);
    expect(await filtered({ searchId: s.id, userId: `key:${user.id}`, usedForTraining: false })).toHaveLength(3);
    expect(await filtered({ searchId: 'not-an-id' })).toEqual([]);
    expect(await filtered({ userId: 'nobody:1' })).toEqual([]);
    expect(code(await server.gql('{ trainingExamples(filter: { minQuality: 9 }) { totalCount } }'))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
