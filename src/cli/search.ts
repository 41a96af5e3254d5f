import fs from 'node:fs/promises';
import path from 'node:path';
import { SearchByImageDocument, SearchByTextDocument, type SearchFieldsFragment } from '../client/generated/graphql.js';
import { integer, parseOptions, println, printJson, UsageError, type Command } from './command.js';

/** `vitrina search <image> | --text "<words>" [--limit N]` */
export async function searchCommand({ args, io, client }: Command): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    text: { type: 'string' },
    limit: { type: 'string', default: '5' },
  });
  const limit = integer(values.limit, '--limit', 1, 100)!;
  let search: SearchFieldsFragment;
  if (values.text) {
    search = (await client().execute(SearchByTextDocument, { text: values.text, limit })).searchByText;
  } else {
    const file = positionals[0];
    if (!file) throw new UsageError('search needs an image file or --text');
    const bytes = await fs.readFile(file);
    search = (
      await client().execute(
        SearchByImageDocument,
        { image: null, limit },
        { image: { bytes, filename: path.basename(file) } },
      )
    ).searchByImage;
  }
  if (values.json) {
    printJson(io, search);
    return 0;
  }
  println(io, `search ${search.id} (model ${search.modelVersion?.name ?? '-'})`);
  for (const r of search.results)
    println(
      io,
      `${String(r.rank).padStart(3)}  ${r.score.toFixed(3)}  ${r.product.name}${r.product.sku ? `  [${r.product.sku}]` : ''}  ${r.product.category}  (${r.product.id})`,
    );
  if (search.results.length === 0) println(io, '  no results');
  return 0;
}
