import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth, TestServer } from '../../helpers/server.js';
import {
  announceSeed,
  anyJson,
  anyString,
  DeepJson,
  describeValue,
  fuzzParams,
  oddButValidString,
  postGraphQL,
  probe,
  seedFixture,
  startFuzzServer,
  Tally,
  toJson,
  type Fixture,
} from '../../helpers/fuzz.js';

/**
 * Text that is stored: odd but valid values (any script, emoji sequences, bidi controls, SQL-
 * and HTML-looking text) come back exactly as sent (trimmed where the operation trims); hostile
 * ones (NUL, lone surrogates, too long, too deep) are refused with BAD_USER_INPUT and change
 * nothing.
 */

const SKU_UNIT = fc.constantFrom(...'aZ09._-/:#ßøİ東京ابج'.split(''), 'é', '𝒳');
const sku = fc.string({ unit: SKU_UNIT, minLength: 1, maxLength: 40 });

type ProductFields = {
  name: string;
  category?: string | null;
  description?: string | null;
  sku?: string | null;
  attributes?: Record<string, unknown> | null;
};

/** Keys refused in attributes: TypeORM would drop them (see StorableJson). */
const OBJECT_MEMBERS = Object.getOwnPropertyNames(Object.prototype);

/** JSON a user could mean: nothing unstorable, a sensible depth, no key named like an object member. */
const validAttributes = fc
  .dictionary(fc.oneof(fc.string({ maxLength: 12 }), oddButValidString(20)), fc.jsonValue({ maxDepth: 3 }), {
    maxKeys: 6,
  })
  .filter(
    (attributes) => !OBJECT_MEMBERS.some((key) => JSON.stringify(attributes).includes(`${JSON.stringify(key)}:`)),
  );

describe('fuzz: stored text round-trips or is refused', () => {
  let server: TestServer;
  let fixture: Fixture;
  let counter = 0;
  const user = (): Auth => ({ key: fixture.keys.user });

  beforeAll(async () => {
    announceSeed('round-trip');
    server = await startFuzzServer();
    fixture = await seedFixture(server);
  });
  afterAll(async () => server?.stop());

  const row = async (sql: string, id: string) =>
    ((await server.vitrina.dataSource.query(sql, [id])) as Record<string, unknown>[])[0];

  it('stores odd but valid products exactly as an admin sent them', async () => {
    const input: fc.Arbitrary<ProductFields> = fc.record(
      {
        name: oddButValidString(300),
        category: fc.option(oddButValidString(100, 0), { nil: null }),
        description: fc.option(oddButValidString(5000, 0), { nil: null }),
        sku: fc.option(sku, { nil: null }),
        attributes: fc.option(validAttributes, { nil: null }),
      },
      { requiredKeys: ['name'] },
    );
    await fc.assert(
      fc.asyncProperty(input, async (fields) => {
        // SKUs are unique in the catalog: make each one new.
        const sent = { ...fields, ...(fields.sku ? { sku: `${fields.sku}-${++counter}` } : {}) };
        const created = await server.gql<{ createProduct: { id: string } }>(
          'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
          { input: sent },
        );
        expect(created.errors, describeValue(sent)).toBeUndefined();
        const read = await server.gql<{ product: Record<string, unknown> }>(
          'query($id: ID!) { product(id: $id) { name category description sku attributes } }',
          { id: created.data!.createProduct.id },
        );
        expect(read.data!.product).toEqual({
          name: sent.name,
          category: sent.category ?? '',
          description: sent.description ?? '',
          sku: sent.sku ?? null,
          attributes: JSON.parse(JSON.stringify(sent.attributes ?? {})),
        });
      }),
      fuzzParams<[ProductFields]>(2, [
        [{ name: '👩‍👩‍👧‍👦 \u202eevil.exe\u202c', category: 'مرحبا', description: "'; DROP TABLE products; --", sku: 'İß' }],
        [{ name: 'e\u0301\ufeff', attributes: { '': '', ключ: ['\u{10ffff}', 1e308, 5e-324, null] } }],
      ]),
    );
  });

  it('refuses hostile product fields with BAD_USER_INPUT, or stores them exactly', async () => {
    const tally = new Tally();
    const field = fc.constantFrom('name', 'category', 'description', 'sku', 'attributes');
    const value = fc.oneof(anyString(), anyJson());
    const examples: Array<[string, unknown, boolean]> = [
      ['name', 'nul\u0000inside', false],
      ['description', 'lone \udc00 low', false],
      ['attributes', { key: 'nul\u0000inside' }, false],
      ['attributes', { 'nul\u0000key': 1 }, false],
      ['attributes', { nested: new DeepJson(150_000, 'list') }, false],
      ['attributes', { nested: new DeepJson(5000, 'object') }, false],
      // TypeORM drops keys named like object members when it copies a value: refused, not lost.
      ['attributes', JSON.parse('{"__proto__": {"polluted": true}}') as unknown, false],
      ['attributes', JSON.parse('{"a": [{"__proto__": 1}]}') as unknown, true],
      ['attributes', { toString: { a: 1 } }, false],
      ['attributes', { a: [{ constructor: [1] }] }, true],
      ['sku', 'x'.repeat(101), false],
      ['name', 'x'.repeat(301), true],
    ];
    await fc.assert(
      fc.asyncProperty(field, value, fc.boolean(), async (name, v, update) => {
        const sent = { name: 'Fuzzed product', [name]: v };
        const context = `${update ? 'updateProduct' : 'createProduct'} ${describeValue(sent)}`;
        const body = update
          ? {
              query: 'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }',
              variables: { id: fixture.productIds[2], input: sent },
            }
          : {
              query: 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
              variables: { input: sent },
            };
        const { res, refused } = await probe(server, context, () => postGraphQL(server, toJson(body)));
        tally.add(`${update ? 'update' : 'create'}.${name}`, res);
        if (refused) {
          expect(res.errors![0]!.extensions!.code, context).toBe('BAD_USER_INPUT');
          return;
        }
        const id = update ? fixture.productIds[2]! : (res.data!.createProduct as { id: string }).id;
        const read = await server.gql<{ product: Record<string, unknown> }>(
          `query($id: ID!) { product(id: $id) { ${name} } }`,
          { id },
        );
        const expected =
          v === null ? { name: null, category: '', description: '', sku: null, attributes: {} }[name] : v;
        expect(read.data!.product[name], context).toEqual(JSON.parse(toJson(expected)));
      }),
      fuzzParams<[string, unknown, boolean]>(4, examples),
    );
    tally.print('round-trip: product fields');
  });

  it('refuses hostile feedback, suggestion, comment, key and search text, or stores it as sent', async () => {
    const tally = new Tally();
    type Case = { op: string; text: unknown };
    const ops = fc.constantFrom(
      'suggestProduct.name',
      'suggestProduct.category',
      'suggestProduct.comment',
      'commentOnSearch.text',
      'giveFeedback.comment',
      'createApiKey.name',
      'searchByText.text',
      'productBySku.sku',
      'products.name',
      'products.category',
      'trainingExamples.userId',
    );
    const cases: fc.Arbitrary<Case> = fc.record({
      op: ops,
      text: fc.oneof({ weight: 3, arbitrary: anyString() }, oddButValidString(200)),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ op, text }) => {
        const context = `${op} ${describeValue(text)}`;
        const search = fixture.imageSearchId;
        const requests: Record<string, () => [string, Record<string, unknown>, Auth]> = {
          'suggestProduct.name': () => [
            'mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { id } }',
            { input: { searchId: search, name: text } },
            user(),
          ],
          'suggestProduct.category': () => [
            'mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { id } }',
            { input: { searchId: search, name: `Suggestion ${++counter}`, category: text } },
            user(),
          ],
          'suggestProduct.comment': () => [
            'mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { id } }',
            { input: { searchId: search, name: `Suggestion ${++counter}`, comment: text } },
            user(),
          ],
          'commentOnSearch.text': () => [
            'mutation($id: ID!, $text: String!) { commentOnSearch(searchId: $id, text: $text) { id } }',
            { id: search, text },
            user(),
          ],
          'giveFeedback.comment': () => [
            'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }',
            {
              input: { searchId: search, productId: fixture.productIds[0], verdict: 'CORRECT_PRODUCT', comment: text },
            },
            user(),
          ],
          'createApiKey.name': () => [
            'mutation($name: String!) { createApiKey(role: USER, name: $name) { id } }',
            { name: text },
            {},
          ],
          'searchByText.text': () => [
            'mutation($text: String!) { searchByText(text: $text) { id queryText } }',
            { text },
            user(),
          ],
          'productBySku.sku': () => ['query($sku: String!) { productBySku(sku: $sku) { id } }', { sku: text }, user()],
          'products.name': () => [
            'query($name: String) { products(name: $name) { totalCount } }',
            { name: text },
            user(),
          ],
          'products.category': () => [
            'query($category: String) { products(category: $category) { totalCount } }',
            { category: text },
            user(),
          ],
          'trainingExamples.userId': () => [
            'query($userId: String) { trainingExamples(filter: { userId: $userId }) { totalCount } }',
            { userId: text },
            {},
          ],
        };
        const [query, variables, auth] = requests[op]!();
        const { res, refused } = await probe(server, context, () =>
          postGraphQL(server, toJson({ query, variables }), auth),
        );
        tally.add(op, res);
        if (refused) {
          expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'], context).toContain(res.errors![0]!.extensions!.code);
          return;
        }
        const s = text as string;
        const data = res.data as Record<string, { id?: string; queryText?: string }>;
        const stored: Record<string, () => Promise<unknown>> = {
          'suggestProduct.name': async () =>
            expect(
              (await row('SELECT name FROM new_product_annotations WHERE id = $1', data.suggestProduct!.id!))!.name,
            ).toBe(s.trim()),
          'suggestProduct.category': async () =>
            expect(
              (await row('SELECT category FROM new_product_annotations WHERE id = $1', data.suggestProduct!.id!))!
                .category,
            ).toBe(s.trim()),
          'suggestProduct.comment': async () =>
            expect(
              (await row('SELECT comment FROM new_product_annotations WHERE id = $1', data.suggestProduct!.id!))!
                .comment,
            ).toBe(s),
          'commentOnSearch.text': async () =>
            expect((await row('SELECT text FROM search_comments WHERE id = $1', data.commentOnSearch!.id!))!.text).toBe(
              s.trim(),
            ),
          'giveFeedback.comment': async () =>
            expect(
              (await row('SELECT comment FROM training_examples WHERE id = $1', data.giveFeedback!.id!))!.comment,
            ).toBe(s),
          'createApiKey.name': async () =>
            expect((await row('SELECT name FROM api_keys WHERE id = $1', data.createApiKey!.id!))!.name).toBe(s),
          'searchByText.text': async () => {
            expect(data.searchByText!.queryText).toBe(s);
            expect(
              (await row('SELECT query_text FROM searches WHERE id = $1', data.searchByText!.id!))!.query_text,
            ).toBe(s);
          },
        };
        await stored[op]?.();
      }),
      fuzzParams<[Case]>(5, [
        [{ op: 'commentOnSearch.text', text: '\u0000' }],
        [{ op: 'searchByText.text', text: '\ud800' }],
        [{ op: 'productBySku.sku', text: 'nul\u0000inside' }],
        [{ op: 'products.name', text: 'nul\u0000inside' }],
        [{ op: 'giveFeedback.comment', text: '👩‍👩‍👧‍👦 \u202eevil\u202c' }],
        [{ op: 'suggestProduct.name', text: '   ' }],
        [{ op: 'commentOnSearch.text', text: '\u2028\u00a0' }],
      ]),
    );
    tally.print('round-trip: other text');
  });
});
