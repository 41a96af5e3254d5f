import {
  ActivateModelVersionDocument,
  CopyModelVersionDocument,
  ModelVersionsDocument,
  RollbackModelVersionDocument,
  type ModelVersionFieldsFragment,
} from '../client/generated/graphql.js';
import {
  date,
  fixed,
  parseOptions,
  println,
  printJson,
  required,
  table,
  UsageError,
  type Command,
  type Io,
} from './command.js';

/**
 * `vitrina models list | activate <id> [--force] | rollback | copy <id> [--without-gallery]`
 * (`models pull` runs locally, see main.ts).
 */
export async function modelsCommand({ args, io, client }: Command): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
    case undefined: {
      const { values } = parseOptions(rest, {});
      const { modelVersions } = await client().execute(ModelVersionsDocument, {});
      if (values.json) printJson(io, modelVersions);
      else println(io, table([VERSION_HEADER, ...modelVersions.map(versionRow)]));
      return 0;
    }
    case 'activate': {
      const { values, positionals } = parseOptions(rest, { force: { type: 'boolean' } });
      const id = required(positionals[0], '<version id>');
      const { activateModelVersion } = await client().execute(ActivateModelVersionDocument, {
        id,
        force: values.force ?? false,
      });
      return done(io, values.json, activateModelVersion, 'now serving');
    }
    case 'rollback': {
      const { values } = parseOptions(rest, {});
      const { rollbackModelVersion } = await client().execute(RollbackModelVersionDocument, {});
      return done(io, values.json, rollbackModelVersion, 'rolled back: now serving');
    }
    case 'copy': {
      const { values, positionals } = parseOptions(rest, { 'without-gallery': { type: 'boolean' } });
      const id = required(positionals[0], '<version id>');
      const servesGallery = !values['without-gallery'];
      const { copyModelVersion } = await client().execute(CopyModelVersionDocument, { id, servesGallery });
      return done(io, values.json, copyModelVersion, `copied ${servesGallery ? 'with' : 'without'} gallery views:`);
    }
    default:
      throw new UsageError(`unknown models command "${sub}"`);
  }
}

function done(io: Io, json: boolean | undefined, version: ModelVersionFieldsFragment, what: string): number {
  if (json) printJson(io, version);
  else println(io, `${what} ${version.name} (${version.id})`);
  return 0;
}

const VERSION_HEADER = [
  'ID',
  'NAME',
  'STATUS',
  'PARENT',
  'ENCODER',
  'GALLERY',
  'EXAMPLES',
  'TOP-1',
  'RECALL@5',
  'MRR',
  'CREATED',
];

const versionRow = (v: ModelVersionFieldsFragment) => [
  v.id,
  v.name,
  v.status,
  v.parent?.name ?? '-',
  v.encoderId,
  v.servesGallery ? 'yes' : 'no',
  String(v.examplesUsed),
  fixed(v.metrics?.top1),
  fixed(v.metrics?.recallAt5),
  fixed(v.metrics?.mrr),
  date(v.createdAt),
];
