import {
  NewProductAnnotationsDocument,
  RateExampleDocument,
  ReviewAnnotationDocument,
  TrainingExamplesDocument,
  type AnnotationFieldsFragment,
  type AnnotationStatus,
  type FeedbackType,
  type TrainingExampleFieldsFragment,
} from '../client/generated/graphql.js';
import {
  choice,
  date,
  fixed,
  integer,
  parseOptions,
  plural,
  println,
  printJson,
  required,
  table,
  UsageError,
  type Command,
} from './command.js';

const FEEDBACK_TYPES: readonly FeedbackType[] = ['CORRECT', 'INCORRECT', 'CORRECT_PRODUCT', 'NEW_ITEM'];
const STATUSES: ReadonlyArray<AnnotationStatus | 'ALL'> = ['PENDING', 'APPROVED', 'REJECTED', 'ALL'];

/** `vitrina examples [--type ..] [--user ..] [--first N] [--after cursor]`, `vitrina examples rate <id> <1-5>` */
export async function examplesCommand({ args, io, client }: Command): Promise<number> {
  if (args[0] === 'rate') {
    const { values, positionals } = parseOptions(args.slice(1), {});
    const id = required(positionals[0], '<id>');
    const quality = integer(required(positionals[1], 'a quality from 1 to 5'), 'quality', 1, 5)!;
    const { rateExample } = await client().execute(RateExampleDocument, { id, quality });
    if (values.json) printJson(io, rateExample);
    else
      println(io, `example ${rateExample.id} rated ${quality}${rateExample.usable ? '' : ' (left out of training)'}`);
    return 0;
  }
  const { values, positionals } = parseOptions(args, {
    type: { type: 'string' },
    user: { type: 'string' },
    first: { type: 'string', default: '20' },
    after: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unknown examples command "${positionals[0]}"`);
  const feedbackType = values.type === undefined ? undefined : choice(values.type, '--type', FEEDBACK_TYPES);
  const { trainingExamples: page } = await client().execute(TrainingExamplesDocument, {
    filter: { feedbackType, userId: values.user },
    first: integer(values.first, '--first', 1, 100),
    after: values.after,
  });
  if (values.json) {
    printJson(io, page);
    return 0;
  }
  const shown = page.nodes.length < page.totalCount ? `, ${page.nodes.length} shown` : '';
  println(io, `${plural(page.totalCount, 'example')}${shown}`);
  if (page.nodes.length > 0) println(io, table([EXAMPLE_HEADER, ...page.nodes.map(exampleRow)]));
  if (page.pageInfo.hasNextPage) println(io, `more: vitrina examples --after ${page.pageInfo.endCursor}`);
  return 0;
}

const EXAMPLE_HEADER = ['ID', 'TYPE', 'PRODUCT', 'SCORE', 'QUALITY', 'USABLE', 'USED', 'USER', 'SEARCH', 'CREATED'];

const exampleRow = (e: TrainingExampleFieldsFragment) => [
  e.id,
  e.feedbackType,
  e.product ? `${e.product.name}${e.product.sku ? ` [${e.product.sku}]` : ''}` : '-',
  fixed(e.similarityScore),
  e.qualityRating === null ? '-' : String(e.qualityRating),
  e.usable ? 'yes' : 'no',
  e.usedForTraining ? 'yes' : 'no',
  e.userId,
  e.searchId,
  date(e.createdAt),
];

/** `vitrina annotations [--status pending|approved|rejected|all]`, `vitrina annotations approve|reject <id>` */
export async function annotationsCommand({ args, io, client }: Command): Promise<number> {
  const [sub] = args;
  if (sub === 'approve' || sub === 'reject') {
    const { values, positionals } = parseOptions(args.slice(1), {});
    const id = required(positionals[0], '<id>');
    const { reviewAnnotation: annotation } = await client().execute(ReviewAnnotationDocument, {
      id,
      approve: sub === 'approve',
    });
    if (values.json) printJson(io, annotation);
    else
      println(
        io,
        `suggestion ${annotation.id} ${annotation.status}${annotation.product ? `: product ${annotation.product.id} "${annotation.product.name}"` : ''}`,
      );
    return 0;
  }
  const { values, positionals } = parseOptions(args, {
    status: { type: 'string', default: 'pending' },
    first: { type: 'string', default: '20' },
    after: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unknown annotations command "${positionals[0]}"`);
  const wanted = choice(values.status, '--status', STATUSES);
  const status: AnnotationStatus | null = wanted === 'ALL' ? null : wanted;
  const { newProductAnnotations: page } = await client().execute(NewProductAnnotationsDocument, {
    status,
    first: integer(values.first, '--first', 1, 100),
    after: values.after,
  });
  if (values.json) {
    printJson(io, page);
    return 0;
  }
  println(io, plural(page.totalCount, `${status ? `${status.toLowerCase()} ` : ''}suggestion`));
  if (page.nodes.length > 0) println(io, table([ANNOTATION_HEADER, ...page.nodes.map(annotationRow)]));
  if (page.pageInfo.hasNextPage) println(io, `more: vitrina annotations --after ${page.pageInfo.endCursor}`);
  return 0;
}

const ANNOTATION_HEADER = ['ID', 'STATUS', 'NAME', 'CATEGORY', 'USER', 'PHOTO', 'COMMENT'];

const annotationRow = (a: AnnotationFieldsFragment) => [
  a.id,
  a.status,
  a.name,
  a.category || '-',
  a.userId,
  a.imageUrl ?? '-',
  a.comment ?? '',
];
