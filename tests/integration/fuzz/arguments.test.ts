import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Auth, TestServer } from '../../helpers/server.js';
import {
  announceSeed,
  anyAuth,
  anyFloat,
  anyId,
  anyInt,
  anyJson,
  anyString,
  DeepJson,
  describeValue,
  fuzzParams,
  postGraphQL,
  probe,
  Tally,
  seedFixture,
  startFuzzServer,
  toJson,
  type Fixture,
} from '../../helpers/fuzz.js';

/**
 * Every query and mutation argument of schema.graphql, given hostile values: odd and huge
 * strings, out-of-range and wrongly typed numbers, ids of nothing or of another kind, deep JSON;
 * as variables or inlined in the document, by every kind of caller.
 */

type Arg = { type: string; value: (f: Fixture) => fc.Arbitrary<unknown> };
type Operation = {
  field: string;
  kind: 'query' | 'mutation';
  args: Record<string, Arg>;
  select?: string;
};

const str = (type = 'String'): Arg => ({ type, value: () => anyString() });
const int = (type = 'Int'): Arg => ({ type, value: () => anyInt() });
const float = (type = 'Float'): Arg => ({ type, value: () => anyFloat() });
const bool = (type = 'Boolean'): Arg => ({
  type,
  value: () => fc.oneof(fc.boolean(), fc.constantFrom(null, 'true', 0, 1, [])),
});
const oneOf = (type: string, values: string[]): Arg => ({
  type,
  value: () =>
    fc.oneof(fc.constantFrom(...values), fc.constantFrom('nope', 'correct', '', null, 1, ['CORRECT']), anyString()),
});
/** An id; a mutation never gets a real id of the kind it acts on (it would change the fixture). */
const id = (type = 'ID', own?: (f: Fixture) => string[]): Arg => ({
  type,
  value: (f) => anyId({ real: own ? f.real.filter((x) => !own(f).includes(x)) : f.real }),
});
const object = (type: string, fields: Record<string, Arg>): Arg => ({
  type,
  value: (f) =>
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, a.value(f)])), {
          requiredKeys: [],
        }),
      },
      { weight: 1, arbitrary: fc.constantFrom(null, 'x', 5, [], [{}]) },
      { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), anyString(), { maxKeys: 3 }) },
    ),
});
const list = (type: string, item: Arg): Arg => ({
  type,
  value: (f) =>
    fc.oneof(
      fc.array(item.value(f), { maxLength: 12 }),
      fc
        .integer({ min: 9, max: 3000 })
        .map((n) => Array.from({ length: n }, () => ({ modelVersionId: 'x', weight: 1 }))),
      item.value(f),
    ),
});

const products = (f: Fixture) => f.productIds;
const searches = (f: Fixture) => [f.imageSearchId, f.textSearchId];
const versions = (f: Fixture) => [f.modelVersionId];
const apiKeys = (f: Fixture) => f.apiKeyIds;
const examples = (f: Fixture) => [f.exampleId, f.annotationId];
const annotations = (f: Fixture) => [f.annotationId];

const FEEDBACK_TYPES = ['CORRECT', 'INCORRECT', 'CORRECT_PRODUCT', 'NEW_ITEM'];

const OPERATIONS: Operation[] = [
  // Queries
  { field: 'activeModelVersion', kind: 'query', args: {}, select: '{ id }' },
  { field: 'apiKeys', kind: 'query', args: {}, select: '{ id name }' },
  {
    field: 'driftReport',
    kind: 'query',
    args: {
      currentHours: float(),
      currentSize: int(),
      modelVersionId: id(),
      reference: oneOf('DriftReference', ['FIRST', 'PRECEDING']),
      referenceSize: int(),
    },
    select: '{ alarm tests { test status pValue } }',
  },
  { field: 'experiment', kind: 'query', args: { id: id('ID!') }, select: '{ id }' },
  { field: 'experimentReport', kind: 'query', args: { id: id('ID!') }, select: '{ reason }' },
  { field: 'experiments', kind: 'query', args: {}, select: '{ id }' },
  { field: 'modelActivations', kind: 'query', args: {}, select: '{ id }' },
  { field: 'modelVersions', kind: 'query', args: {}, select: '{ id name }' },
  {
    field: 'newProductAnnotations',
    kind: 'query',
    args: {
      after: str(),
      first: int('Int!'),
      status: oneOf('AnnotationStatus', ['APPROVED', 'PENDING', 'REJECTED']),
    },
    select: '{ totalCount nodes { id name } pageInfo { endCursor } }',
  },
  { field: 'product', kind: 'query', args: { id: id('ID!') }, select: '{ id name }' },
  { field: 'productBySku', kind: 'query', args: { sku: str('String!') }, select: '{ id }' },
  {
    field: 'products',
    kind: 'query',
    args: { after: str(), category: str(), first: int('Int!'), name: str() },
    select: '{ totalCount nodes { id name } pageInfo { endCursor hasNextPage } }',
  },
  { field: 'search', kind: 'query', args: { id: id('ID!') }, select: '{ id results { rank } }' },
  {
    field: 'trainingExamples',
    kind: 'query',
    args: {
      after: str(),
      first: int('Int!'),
      filter: object('TrainingExampleFilter', {
        feedbackType: oneOf('FeedbackType', FEEDBACK_TYPES),
        minQuality: int(),
        productId: id(),
        qualityRating: int(),
        rated: bool(),
        searchId: id(),
        usedForTraining: bool(),
        userId: str(),
      }),
    },
    select: '{ totalCount nodes { id } pageInfo { endCursor } }',
  },
  { field: 'trainingRun', kind: 'query', args: { id: id('ID!') }, select: '{ id }' },
  { field: 'trainingRuns', kind: 'query', args: { limit: int('Int!') }, select: '{ id }' },
  { field: 'trainingStats', kind: 'query', args: {}, select: '{ total }' },
  { field: 'viewer', kind: 'query', args: {}, select: '{ userId role }' },

  // Mutations
  {
    field: 'activateModelVersion',
    kind: 'mutation',
    args: { force: bool('Boolean!'), id: id('ID!', versions) },
    select: '{ id }',
  },
  { field: 'archiveModelVersion', kind: 'mutation', args: { id: id('ID!', versions) }, select: '{ id }' },
  { field: 'cancelTraining', kind: 'mutation', args: { id: id('ID!') }, select: '{ id }' },
  {
    field: 'commentOnSearch',
    kind: 'mutation',
    args: { searchId: id('ID!', searches), text: str('String!') },
    select: '{ id }',
  },
  {
    field: 'createApiKey',
    kind: 'mutation',
    args: { name: str('String!'), role: oneOf('Role!', ['ADMIN', 'SERVICE', 'USER']) },
    select: '{ id name role }',
  },
  {
    field: 'createExperiment',
    kind: 'mutation',
    args: {
      input: object('CreateExperimentInput!', {
        arms: list(
          '[ExperimentArmInput!]!',
          object('ExperimentArmInput!', { modelVersionId: id('ID!', versions), name: str(), weight: float('Float!') }),
        ),
        autoPromote: bool(),
        autoRollback: bool(),
        banditFloor: float(),
        banditWindowSeconds: int(),
        maxFailureRate: float(),
        maxLatencyMs: float(),
        minLift: float(),
        minSamples: int(),
        mode: oneOf('ExperimentMode!', ['SPLIT', 'SHADOW', 'BANDIT']),
        name: str('String!'),
        probability: float(),
      }),
    },
    select: '{ id name }',
  },
  {
    field: 'createProduct',
    kind: 'mutation',
    args: {
      input: object('CreateProductInput!', {
        attributes: { type: 'JSONObject', value: () => anyJson() },
        category: str(),
        description: str(),
        name: str('String!'),
        sku: str(),
      }),
    },
    select: '{ id name sku attributes }',
  },
  { field: 'deleteProduct', kind: 'mutation', args: { id: id('ID!', products) }, select: '{ id }' },
  {
    field: 'giveFeedback',
    kind: 'mutation',
    args: {
      input: object('FeedbackInput!', {
        comment: str(),
        productId: id('ID!'),
        searchId: id('ID!', searches),
        verdict: oneOf('FeedbackVerdict!', ['CORRECT', 'INCORRECT', 'CORRECT_PRODUCT']),
      }),
    },
    select: '{ id }',
  },
  {
    field: 'rateExample',
    kind: 'mutation',
    args: { id: id('ID!', examples), quality: int('Int!') },
    select: '{ id qualityRating }',
  },
  {
    field: 'reviewAnnotation',
    kind: 'mutation',
    args: { approve: bool('Boolean!'), id: id('ID!', annotations) },
    select: '{ id status }',
  },
  { field: 'revokeApiKey', kind: 'mutation', args: { id: id('ID!', apiKeys) }, select: '{ id }' },
  { field: 'rollbackModelVersion', kind: 'mutation', args: {}, select: '{ id }' },
  {
    field: 'searchByText',
    kind: 'mutation',
    args: { limit: int('Int!'), text: str('String!') },
    select: '{ id queryText results { rank } }',
  },
  {
    field: 'setExperimentWeights',
    kind: 'mutation',
    args: {
      id: id('ID!'),
      weights: list('[ArmWeightInput!]!', object('ArmWeightInput!', { arm: str('String!'), weight: float('Float!') })),
    },
    select: '{ id }',
  },
  {
    field: 'startTraining',
    kind: 'mutation',
    args: {
      input: object('TrainingInput', {
        adapterKind: oneOf('String', ['residual', 'diagonal', 'linear']),
        batchSize: int(),
        epochs: int(),
        learningRate: float(),
        parentVersionId: id(),
        rank: int(),
        temperature: float(),
        validationShare: float(),
        weightDecay: float(),
      }),
    },
    select: '{ id status }',
  },
  {
    field: 'stopExperiment',
    kind: 'mutation',
    args: { id: id('ID!'), promoteModelVersionId: id() },
    select: '{ id }',
  },
  {
    field: 'suggestProduct',
    kind: 'mutation',
    args: {
      input: object('SuggestProductInput!', {
        category: str(),
        comment: str(),
        name: str('String!'),
        searchId: id('ID!', searches),
      }),
    },
    select: '{ id }',
  },
  {
    field: 'updateProduct',
    kind: 'mutation',
    args: {
      id: id('ID!', products),
      input: object('UpdateProductInput!', {
        attributes: { type: 'JSONObject', value: () => anyJson() },
        category: str(),
        description: str(),
        name: str(),
        sku: str(),
      }),
    },
    select: '{ id }',
  },
];

/** A GraphQL literal for a JSON value (object keys that are not names make a parse error, as they should). */
function literal(value: unknown): string {
  if (value instanceof DeepJson) return value.text().replaceAll('"d"', 'd');
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{${Object.entries(value as object)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ')}}`;
}

/** Enum-typed values inline as bare names when they look like one. */
function inlineValue(type: string, value: unknown): string {
  const named = type.replace(/[[\]!]/g, '');
  const isEnum = ['DriftReference', 'AnnotationStatus', 'FeedbackType', 'FeedbackVerdict', 'Role', 'ExperimentMode'];
  if (isEnum.includes(named) && typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) return value;
  return literal(value);
}

function document(op: Operation, values: Record<string, unknown>, inline: boolean): string {
  const names = Object.keys(values);
  const args = names.map((n) => `${n}: ${inline ? inlineValue(op.args[n]!.type, values[n]) : `$${n}`}`).join(', ');
  const vars = inline || names.length === 0 ? '' : `(${names.map((n) => `$${n}: ${op.args[n]!.type}`).join(', ')})`;
  return `${op.kind} Fuzz${vars} { ${op.field}${args ? `(${args})` : ''} ${op.select ?? ''} }`;
}

type Case = { op: Operation; values: Record<string, unknown>; inline: boolean; auth: Auth };
const named = (field: string): Operation => OPERATIONS.find((op) => op.field === field)!;

describe('fuzz: arguments of every operation', () => {
  let server: TestServer;
  let fixture: Fixture;

  beforeAll(async () => {
    announceSeed('arguments');
    server = await startFuzzServer();
    fixture = await seedFixture(server);
  });
  afterAll(async () => server?.stop());

  it('answers hostile argument values with a coded error or a result, and a refusal stores nothing', async () => {
    const cases = fc.oneof(
      ...OPERATIONS.map((op) =>
        fc.record({
          op: fc.constant(op),
          // Each argument: left out, or a hostile value.
          values: fc.record(Object.fromEntries(Object.entries(op.args).map(([name, a]) => [name, a.value(fixture)])), {
            requiredKeys: [],
          }),
          inline: fc.boolean(),
          auth: anyAuth(fixture.keys),
        }),
      ),
    );
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(cases, async ({ op, values, inline, auth }) => {
        const query = document(op, values, inline);
        const { res } = await probe(server, `${op.field} ${describeValue({ values, inline, auth })}`, () =>
          postGraphQL(server, toJson({ query, variables: inline ? {} : values }), auth),
        );
        tally.add(op.field, res);
      }),
      fuzzParams<[Case]>(6, [
        // Regressions: NUL and lone surrogates reached PostgreSQL (500); JSON too deep to
        // serialise (500); a document nested past the parser's stack (500); a huge id echoed.
        [
          {
            op: named('productBySku'),
            values: { sku: '\udfff\u0000\u0001\t' },
            inline: false,
            auth: { key: fixture.keys.user },
          },
        ],
        [
          {
            op: named('searchByText'),
            values: { text: 'lone \ud800', limit: 5 },
            inline: false,
            auth: { key: fixture.keys.user },
          },
        ],
        [
          {
            op: named('createProduct'),
            values: { input: { name: 'x', attributes: { k: 'nul\u0000' } } },
            inline: false,
            auth: {},
          },
        ],
        [
          {
            op: named('createProduct'),
            values: { input: { name: 'x', attributes: { nested: new DeepJson(150_000, 'list') } } },
            inline: false,
            auth: {},
          },
        ],
        [
          {
            op: named('createProduct'),
            values: { input: { name: 'x', attributes: { nested: new DeepJson(150_000, 'list') } } },
            inline: true,
            auth: {},
          },
        ],
        [{ op: named('product'), values: { id: 'x'.repeat(70_000) }, inline: false, auth: {} }],
        [
          {
            op: named('setExperimentWeights'),
            values: { id: 'x', weights: Array.from({ length: 3000 }, () => ({ arm: 5, weight: 'x' })) },
            inline: false,
            auth: {},
          },
        ],
        [{ op: named('products'), values: { first: 5, after: '%_%\\', name: 'nul\u0000' }, inline: true, auth: {} }],
      ]),
    );
    tally.print('arguments: outcomes');
  });
});
