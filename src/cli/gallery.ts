import {
  GalleryViewsDocument,
  RemoveGalleryContributionsDocument,
  RemoveGalleryViewDocument,
  ReviewGalleryViewDocument,
  type GalleryViewFieldsFragment,
  type GalleryViewStatus,
} from '../client/generated/graphql.js';
import {
  choice,
  date,
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

const STATUSES: ReadonlyArray<GalleryViewStatus | 'ALL'> = ['PENDING', 'ACCEPTED', 'REJECTED', 'ALL'];

/**
 * `vitrina gallery [list] [--status pending|accepted|rejected|all] [--product <id>] [--user <id>]`,
 * `vitrina gallery accept|reject|remove <id>`, `vitrina gallery remove --user <id>`.
 */
export async function galleryCommand({ args, io, client }: Command): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'accept' || sub === 'reject' || sub === 'remove') {
    const { values, positionals } = parseOptions(rest, { user: { type: 'string' } });
    if (sub === 'remove' && values.user !== undefined) {
      const { removeGalleryContributions: n } = await client().execute(RemoveGalleryContributionsDocument, {
        userId: values.user,
      });
      if (values.json) printJson(io, { removed: n });
      else println(io, `${plural(n, 'view')} of ${values.user} removed from every version`);
      return 0;
    }
    const id = required(positionals[0], '<id>');
    const view =
      sub === 'remove'
        ? (await client().execute(RemoveGalleryViewDocument, { id })).removeGalleryView
        : (await client().execute(ReviewGalleryViewDocument, { id, accept: sub === 'accept' })).reviewGalleryView;
    if (values.json) printJson(io, view);
    else
      println(
        io,
        `gallery view ${view.id} of ${productName(view)}: ${view.status}${view.reason ? ` (${view.reason})` : ''}`,
      );
    return 0;
  }
  if (sub !== undefined && sub !== 'list' && !sub.startsWith('-')) {
    throw new UsageError(`unknown gallery command "${sub}"`);
  }
  const { values, positionals } = parseOptions(sub === 'list' ? rest : args, {
    status: { type: 'string', default: 'pending' },
    product: { type: 'string' },
    user: { type: 'string' },
    first: { type: 'string', default: '20' },
    after: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"`);
  const wanted = choice(values.status, '--status', STATUSES);
  const status: GalleryViewStatus | null = wanted === 'ALL' ? null : wanted;
  const { galleryViews: page } = await client().execute(GalleryViewsDocument, {
    status,
    productId: values.product,
    userId: values.user,
    first: integer(values.first, '--first', 1, 100),
    after: values.after,
  });
  if (values.json) {
    printJson(io, page);
    return 0;
  }
  println(io, plural(page.totalCount, `${status ? `${status.toLowerCase()} ` : ''}gallery view`));
  if (page.nodes.length > 0) println(io, table([HEADER, ...page.nodes.map(row)]));
  if (page.pageInfo.hasNextPage) println(io, `more: vitrina gallery list --after ${page.pageInfo.endCursor}`);
  return 0;
}

const HEADER = ['ID', 'STATUS', 'PRODUCT', 'USER', 'VERDICT', 'DECIDED BY', 'PHOTO', 'SEARCH', 'CREATED', 'REASON'];

const productName = (v: GalleryViewFieldsFragment) => `${v.product.name}${v.product.sku ? ` [${v.product.sku}]` : ''}`;

const row = (v: GalleryViewFieldsFragment) => [
  v.id,
  v.status,
  productName(v),
  v.userId,
  v.verdict,
  v.decidedBy ?? '-',
  v.imageUrl,
  v.searchId,
  date(v.createdAt),
  v.reason ?? '',
];
