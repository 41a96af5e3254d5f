import fs from 'node:fs/promises';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { ApiError, type Upload, type VitrinaClient } from '../client/graphql-client.js';
import { ImportProductsDocument, type ImportProductInput } from '../client/generated/graphql.js';
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

/** Rows per request, and their images' bytes: the server takes up to 100 rows and 64 MiB. */
const BATCH_ROWS = 50;
const BATCH_BYTES = 24 * 1024 * 1024;
/** Requests in flight: one is stored while the next is read and sent. */
const IN_FLIGHT = 2;
/** Whatever the row, these would fail every other row the same way. */
const FATAL = ['UNAUTHENTICATED', 'FORBIDDEN', 'UNAVAILABLE', 'SERVICE_UNAVAILABLE'];

/** A row ready to send: its input, and its images' files at their paths in that input. */
type Prepared = { row: number; sku: string; input: ImportProductInput; files: Upload[]; bytes: number };

export type ImportOptions = {
  progress?: boolean;
  stream?: NodeJS.WritableStream;
  /** Rows per request (at most the server's 100). */
  batchRows?: number;
};

/**
 * Import through the GraphQL API's bulk import, a batch of rows per request with two in flight.
 * Idempotent: products are matched by SKU and images by their SHA-256, so a second run adds
 * nothing and an interrupted one, run again, goes on where it stopped. A bad row is reported
 * and the import goes on: rows whose files cannot be read are refused here, before anything is
 * sent; a batch the server refuses as a whole is sent again row by row, to name the bad one.
 */
export async function importCatalog(
  client: VitrinaClient,
  rows: ManifestRow[],
  imagesDir: string,
  { progress = false, stream, batchRows = BATCH_ROWS }: ImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = { rows: rows.length, created: 0, imagesAdded: 0, unchanged: 0, failures: [] };
  const bar = progress
    ? new SingleBar(
        {
          format: 'import [{bar}] {value}/{total} rows | {rate} rows/s | {eta_formatted} left',
          ...(stream ? { stream } : {}),
        },
        Presets.shades_classic,
      )
    : null;
  bar?.start(rows.length, 0, { rate: '0' });
  const started = Date.now();
  let processed = 0;
  const done = (n: number) => {
    processed += n;
    bar?.update(processed, { rate: (processed / Math.max(1, (Date.now() - started) / 1000)).toFixed(0) });
  };
  const inFlight = new Set<Promise<void>>();
  try {
    for await (const batch of batches(rows, imagesDir, report, done, batchRows)) {
      const sent = send(client, batch, report).then(() => done(batch.length));
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent)).catch(() => {});
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    bar?.stop();
  }
  report.failures.sort((a, b) => a.row - b.row);
  return report;
}

/** The rows, read and checked, in batches of `batchRows` rows or BATCH_BYTES of images. */
async function* batches(
  rows: ManifestRow[],
  imagesDir: string,
  report: ImportReport,
  done: (n: number) => void,
  batchRows: number,
): AsyncGenerator<Prepared[]> {
  // Links are followed to their target, which must stay in here (a missing directory: each image is not found).
  const realDir = await fs.realpath(imagesDir).catch(() => path.resolve(imagesDir));
  let batch: Prepared[] = [];
  let bytes = 0;
  for (const [i, row] of rows.entries()) {
    let prepared: Prepared;
    try {
      prepared = await prepare(row, i + 1, imagesDir, realDir);
    } catch (error) {
      report.failures.push({ row: i + 1, sku: row.sku || undefined, error: (error as Error).message });
      done(1);
      continue;
    }
    if (batch.length > 0 && (batch.length >= batchRows || bytes + prepared.bytes > BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(prepared);
    bytes += prepared.bytes;
  }
  if (batch.length > 0) yield batch;
}

async function prepare(row: ManifestRow, index: number, imagesDir: string, realDir: string): Promise<Prepared> {
  if (!row.sku || !row.name) throw new Error('every row needs a sku and a name');
  // A name that leaves the images directory refuses the row before anything is sent.
  const names = row.images.map((name) => [insideImages(imagesDir, name), name] as const);
  const files: Upload[] = [];
  for (const [file, name] of names) {
    const real = await realImage(realDir, file, name);
    const bytes = await fs.readFile(real);
    files.push({ bytes, filename: path.basename(real), contentType: CONTENT_TYPES[path.extname(real).toLowerCase()] });
  }
  const input: ImportProductInput = {
    sku: row.sku,
    name: row.name,
    category: row.category,
    description: row.description,
    attributes: row.attributes,
  };
  return { row: index, sku: row.sku, input, files, bytes: files.reduce((sum, f) => sum + f.bytes.length, 0) };
}

async function send(client: VitrinaClient, batch: Prepared[], report: ImportReport): Promise<void> {
  const files: Record<string, Upload> = {};
  const products = batch.map((p, i) => {
    p.files.forEach((file, n) => (files[`products.${i}.images.${n}`] = file));
    return { ...p.input, images: p.files.map(() => null) };
  });
  let result;
  try {
    result = (await client.execute(ImportProductsDocument, { products }, files)).importProducts;
  } catch (error) {
    if (error instanceof ApiError && FATAL.includes(error.code)) throw error;
    if (batch.length > 1) {
      for (const one of batch) await send(client, [one], report);
      return;
    }
    report.failures.push({ row: batch[0]!.row, sku: batch[0]!.sku, error: (error as Error).message });
    return;
  }
  for (const [i, row] of result.rows.entries()) {
    const { row: index, sku } = batch[i]!;
    if (row.status === 'FAILED') report.failures.push({ row: index, sku, error: row.error ?? 'failed' });
    if (row.status === 'CREATED') report.created++;
    if (row.status === 'UNCHANGED') report.unchanged++;
    report.imagesAdded += row.imagesAdded;
  }
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
