import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { ApiError, type VitrinaClient } from '../client/graphql-client.js';
import { AddProductImageDocument, CreateProductDocument, ProductBySkuDocument } from '../client/generated/graphql.js';
import { isTty, parseOptions, println, printJson, UsageError, type Command } from './command.js';

/** One catalog row: images are file names relative to the images directory. */
export type ManifestRow = {
  sku: string;
  name: string;
  category?: string;
  description?: string;
  attributes?: Record<string, unknown>;
  images: string[];
};

export type ImportReport = {
  rows: number;
  created: number;
  imagesAdded: number;
  unchanged: number;
  failures: { row: number; sku?: string; error: string }[];
};

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/** Read a JSON array (or `{ products: [...] }`) or a CSV with columns sku,name,category,description,images. */
export async function readManifest(file: string): Promise<ManifestRow[]> {
  const text = await fs.readFile(file, 'utf8');
  if (file.toLowerCase().endsWith('.csv')) return parseCsv(text);
  const json = JSON.parse(text) as unknown;
  const rows = Array.isArray(json) ? json : (json as { products?: unknown[] }).products;
  if (!Array.isArray(rows)) throw new Error('the manifest must be a JSON array of products or { "products": [...] }');
  return rows.map((r) => {
    const row = r as Record<string, unknown>;
    const images = row.images ?? (row.image ? [row.image] : []);
    return {
      ...(row as ManifestRow),
      sku: String(row.sku ?? ''),
      name: String(row.name ?? ''),
      images: (images as unknown[]).map(String),
    };
  });
}

function parseCsv(text: string): ManifestRow[] {
  const [header, ...rows] = parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][];
  if (!header) return [];
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
  return rows.map((r) => ({
    sku: r[col('sku')]?.trim() ?? '',
    name: r[col('name')]?.trim() ?? '',
    category: r[col('category')]?.trim() || undefined,
    description: r[col('description')]?.trim() || undefined,
    images: (r[col('images')] ?? r[col('image')] ?? '')
      .split(/[;|]/)
      .map((s) => s.trim())
      .filter(Boolean),
  }));
}

/**
 * Import through the GraphQL API. Idempotent: products are matched by SKU and images by their
 * SHA-256, so a second run adds nothing. A bad row is reported and the import goes on.
 */
export async function importCatalog(
  client: VitrinaClient,
  rows: ManifestRow[],
  imagesDir: string,
  { progress = false, stream }: { progress?: boolean; stream?: NodeJS.WritableStream } = {},
): Promise<ImportReport> {
  const report: ImportReport = { rows: rows.length, created: 0, imagesAdded: 0, unchanged: 0, failures: [] };
  const bar = progress
    ? new SingleBar(
        { format: 'import [{bar}] {value}/{total} rows | {eta_formatted} left', ...(stream ? { stream } : {}) },
        Presets.shades_classic,
      )
    : null;
  bar?.start(rows.length, 0);
  // Links are followed to their target, which must stay in here (a missing directory: each image is not found).
  const realDir = await fs.realpath(imagesDir).catch(() => path.resolve(imagesDir));
  for (const [i, row] of rows.entries()) {
    try {
      if (!row.sku || !row.name) throw new Error('every row needs a sku and a name');
      // A name that leaves the images directory refuses the row before anything is created.
      const files = row.images.map((name) => insideImages(imagesDir, name));
      let product = (await client.execute(ProductBySkuDocument, { sku: row.sku })).productBySku;
      let changed = false;
      if (!product) {
        const { createProduct } = await client.execute(CreateProductDocument, {
          input: {
            sku: row.sku,
            name: row.name,
            category: row.category,
            description: row.description,
            attributes: row.attributes,
          },
        });
        product = { ...createProduct, images: [] };
        report.created++;
        changed = true;
      }
      const have = new Set(product.images.map((im) => im.imageSha256));
      for (const [n, name] of row.images.entries()) {
        const file = await realImage(realDir, files[n]!, name);
        const bytes = await fs.readFile(file);
        const sha = createHash('sha256').update(bytes).digest('hex');
        if (have.has(sha)) continue;
        await client.execute(
          AddProductImageDocument,
          { productId: product.id, image: null },
          {
            image: {
              bytes,
              filename: path.basename(file),
              contentType: CONTENT_TYPES[path.extname(file).toLowerCase()],
            },
          },
        );
        have.add(sha);
        report.imagesAdded++;
        changed = true;
      }
      if (!changed) report.unchanged++;
    } catch (error) {
      const fatal = ['UNAUTHENTICATED', 'FORBIDDEN', 'UNAVAILABLE', 'SERVICE_UNAVAILABLE'];
      if (error instanceof ApiError && fatal.includes(error.code)) {
        bar?.stop();
        throw error; // every other row would fail the same way
      }
      report.failures.push({ row: i + 1, sku: row.sku || undefined, error: (error as Error).message });
    }
    bar?.increment();
  }
  bar?.stop();
  return report;
}

/**
 * The file a manifest names, inside the images directory. A manifest is data from elsewhere:
 * `../../etc/passwd`, an absolute path or a symbolic link out of the directory would upload a
 * file the user never meant to share.
 */
function insideImages(imagesDir: string, name: string): string {
  const resolved = path.resolve(imagesDir, name);
  const relative = path.relative(path.resolve(imagesDir), resolved);
  if (path.isAbsolute(name) || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw outsideImages(name);
  }
  return resolved;
}

/** The file itself, wherever links lead: still inside the images directory. */
async function realImage(realDir: string, file: string, name: string): Promise<string> {
  const real = await fs.realpath(file).catch(() => {
    throw new Error(`image not found: ${name}`);
  });
  if (path.relative(realDir, real).startsWith('..')) throw outsideImages(name);
  return real;
}

const outsideImages = (name: string) => new Error(`image ${JSON.stringify(name)} is outside the images directory`);

/** `vitrina import <manifest.json|csv> [--images <dir>]` */
export async function importCommand({ args, io, client }: Command): Promise<number> {
  const { values, positionals } = parseOptions(args, { images: { type: 'string' } });
  const manifest = positionals[0];
  if (!manifest) throw new UsageError('import needs a manifest file');
  const imagesDir = values.images ?? path.dirname(manifest);
  const rows = await readManifest(manifest);
  const report = await importCatalog(client(), rows, imagesDir, {
    progress: !values.json && isTty(io.stderr),
    stream: io.stderr,
  });
  if (values.json) printJson(io, report);
  else {
    println(
      io,
      `${report.rows} rows: ${report.created} products created, ${report.imagesAdded} images added, ${report.unchanged} unchanged, ${report.failures.length} failed`,
    );
    for (const f of report.failures) println(io, `  row ${f.row}${f.sku ? ` (${f.sku})` : ''}: ${f.error}`);
  }
  return report.failures.length > 0 ? 1 : 0;
}
