import {
  CommentOnSearchDocument,
  GiveFeedbackDocument,
  SuggestProductDocument,
  type FeedbackVerdict,
} from '../client/generated/graphql.js';
import { choice, fixed, parseOptions, println, printJson, required, UsageError, type Command } from './command.js';

const VERDICTS: readonly FeedbackVerdict[] = ['CORRECT', 'INCORRECT', 'CORRECT_PRODUCT'];

/** `vitrina feedback <searchId> <productId> --verdict correct|incorrect|correct-product [--comment ..]` */
export async function feedbackCommand({ args, io, client }: Command): Promise<number> {
  const { values, positionals } = parseOptions(args, { verdict: { type: 'string' }, comment: { type: 'string' } });
  const [searchId, productId, extra] = positionals;
  if (!searchId || !productId || extra !== undefined) throw new UsageError('feedback needs <searchId> <productId>');
  const verdict = choice(values.verdict, '--verdict', VERDICTS);
  const { giveFeedback: example } = await client().execute(GiveFeedbackDocument, {
    input: { searchId, productId, verdict, comment: values.comment },
  });
  if (values.json) printJson(io, example);
  else
    println(
      io,
      `feedback ${example.id}: ${example.feedbackType} for ${example.product?.name ?? productId} (score ${fixed(example.similarityScore)})`,
    );
  return 0;
}

/** `vitrina suggest <searchId> --name .. [--category ..] [--comment ..]` */
export async function suggestCommand({ args, io, client }: Command): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    name: { type: 'string' },
    category: { type: 'string' },
    comment: { type: 'string' },
  });
  const searchId = required(positionals[0], '<searchId>');
  const name = required(values.name, '--name');
  const { suggestProduct: annotation } = await client().execute(SuggestProductDocument, {
    input: { searchId, name, category: values.category, comment: values.comment },
  });
  if (values.json) printJson(io, annotation);
  else println(io, `suggestion ${annotation.id}: "${annotation.name}" (${annotation.category}) ${annotation.status}`);
  return 0;
}

/** `vitrina comment <searchId> <text...>` */
export async function commentCommand({ args, io, client }: Command): Promise<number> {
  const { values, positionals } = parseOptions(args, {});
  const [searchId, ...words] = positionals;
  const text = words.join(' ').trim();
  if (!searchId || !text) throw new UsageError('comment needs <searchId> <text>');
  const { commentOnSearch: comment } = await client().execute(CommentOnSearchDocument, { searchId, text });
  if (values.json) printJson(io, comment);
  else println(io, `comment ${comment.id} on search ${comment.searchId}`);
  return 0;
}
