import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { ApiError, VitrinaClient } from '../client/graphql-client.js';
import { importCatalog, readManifest } from './import.js';

const USAGE = `usage: vitrina <command>

  serve                                   run the API server (what \`npm start\` runs)
  import <manifest.json|csv> --images <dir> [--json]
                                          add products and images through the API (idempotent)
  search <image> [--limit N] [--json]     search the catalog by photo
  search --text "<words>" [--limit N]     search the catalog by text
  models pull <name>                      download an encoder (e.g. clip-vit-base-patch32)

environment: VITRINA_API_URL (default http://localhost:4000/graphql), VITRINA_API_KEY`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/** The `vitrina` command line; returns the exit code. */
export async function runCli(argv: string[], config: Config, io: Io = process): Promise<number> {
  const [command, ...rest] = argv;
  const client = () => new VitrinaClient({ url: config.bot.apiUrl, apiKey: config.bot.apiKey });
  try {
    switch (command) {
      case 'import': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { images: { type: 'string' }, json: { type: 'boolean' } },
        });
        const manifest = positionals[0];
        if (!manifest) return usage(io, 'import needs a manifest file');
        const imagesDir = values.images ?? path.dirname(manifest);
        const rows = await readManifest(manifest);
        const report = await importCatalog(client(), rows, imagesDir, {
          progress: !values.json && 'isTTY' in io.stderr && Boolean(io.stderr.isTTY),
        });
        if (values.json) io.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          io.stdout.write(
            `${report.rows} rows: ${report.created} products created, ${report.imagesAdded} images added, ${report.unchanged} unchanged, ${report.failures.length} failed\n`,
          );
          for (const f of report.failures) io.stdout.write(`  row ${f.row}${f.sku ? ` (${f.sku})` : ''}: ${f.error}\n`);
        }
        return report.failures.length > 0 ? 1 : 0;
      }
      case 'search': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { text: { type: 'string' }, limit: { type: 'string', default: '5' }, json: { type: 'boolean' } },
        });
        const limit = Number(values.limit);
        const fields = '{ id modelVersion { name } results { rank score product { id name sku category } } }';
        let search: SearchOutput;
        if (values.text) {
          search = (
            await client().request<{ searchByText: SearchOutput }>(
              `mutation($text: String!, $limit: Int) { searchByText(text: $text, limit: $limit) ${fields} }`,
              { text: values.text, limit },
            )
          ).searchByText;
        } else {
          const file = positionals[0];
          if (!file) return usage(io, 'search needs an image file or --text');
          const bytes = await fs.readFile(file);
          search = (
            await client().upload<{ searchByImage: SearchOutput }>(
              `mutation($image: Upload!, $limit: Int) { searchByImage(image: $image, limit: $limit) ${fields} }`,
              { limit },
              'image',
              { bytes, filename: path.basename(file) },
            )
          ).searchByImage;
        }
        if (values.json) io.stdout.write(`${JSON.stringify(search)}\n`);
        else {
          io.stdout.write(`search ${search.id} (model ${search.modelVersion?.name ?? '-'})\n`);
          for (const r of search.results)
            io.stdout.write(
              `${String(r.rank).padStart(3)}  ${r.score.toFixed(3)}  ${r.product.name}${r.product.sku ? `  [${r.product.sku}]` : ''}  ${r.product.category}\n`,
            );
          if (search.results.length === 0) io.stdout.write('  no results\n');
        }
        return 0;
      }
      case 'models': {
        const [sub, name] = rest;
        if (sub !== 'pull' || !name) return usage(io, 'models pull <name>');
        const { runPullCommand } = await import('../ml/models/pull-command.js');
        return await runPullCommand(rest.slice(1), { dataDir: config.dataDir, stdout: io.stdout });
      }
      case undefined:
      case 'help':
      case '--help':
        io.stdout.write(`${USAGE}\n`);
        return 0;
      default:
        return usage(io, `unknown command "${command}"`);
    }
  } catch (error) {
    const message = error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error).message;
    io.stderr.write(`vitrina: ${message}\n`);
    return 1;
  }
}

type SearchOutput = {
  id: string;
  modelVersion: { name: string } | null;
  results: {
    rank: number;
    score: number;
    product: { id: string; name: string; sku: string | null; category: string };
  }[];
};

function usage(io: Io, problem: string): number {
  io.stderr.write(`vitrina: ${problem}\n\n${USAGE}\n`);
  return 64;
}
