import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sha256File } from './checksum.js';
import { findModel, modelDir, modelFilePath, modelNames, type ModelFile, type ModelSpec } from './registry.js';

/**
 * Downloads a model's files into `<dataDir>/models/<name>/`:
 * - each file goes to `<file>.partial` and is renamed into place only when complete and
 *   verified, so a present file is always a whole one;
 * - a broken download resumes with an HTTP Range request: 206 appends, 200 starts over;
 * - sha256 is computed while downloading and checked when the catalogue knows it
 *   (see registry.ts on why it may not); a mismatch keeps nothing.
 * Files are fetched one after the other: the bottleneck is the link, not the requests.
 */

export type PullProgress = {
  /** The file being worked on (relative path). */
  file: string;
  /** 'skipped': already installed; 'downloading': bytes arrived; 'done': renamed into place. */
  phase: 'skipped' | 'downloading' | 'done';
  fileBytes: number;
  /** Null when the server did not say. */
  fileTotal: number | null;
  bytes: number;
  /** Null while some file's size is unknown. */
  total: number | null;
};

export type PullOptions = {
  dataDir: string;
  /** Overrides the catalogue's base URL (a mirror, or a test server). */
  baseUrl?: string;
  onProgress?: (progress: PullProgress) => void;
  /** Further attempts after a broken transfer or a 5xx, each resuming (default 3). */
  retries?: number;
  /** First pause between attempts, doubled each time (default 1000 ms). */
  retryDelayMs?: number;
  signal?: AbortSignal;
};

export type PulledFile = {
  path: string;
  status: 'downloaded' | 'skipped';
  bytes: number;
  /** Computed while downloading; for skipped files only when the catalogue has it. */
  sha256: string | null;
  /** Whether sha256 was checked against the catalogue. */
  verified: boolean;
};

export type PullResult = { name: string; dir: string; files: PulledFile[] };

export class ModelDownloadError extends Error {
  constructor(
    message: string,
    readonly reason: 'unknown-model' | 'http' | 'network' | 'checksum',
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ModelDownloadError';
  }
}

function fileUrl(baseUrl: string, file: string): string {
  return new URL(file, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await fs.stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Feed a file's existing bytes into a hash (to resume hashing a `.partial`). */
async function hashExisting(hash: Hash, file: string): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
}

/** `Content-Range: bytes <start>-<end>/<total|*>` → start and total. */
function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) };
}

function numberHeader(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/** A transfer that broke and may be resumed (as opposed to a refusal by the server). */
class BrokenTransfer extends Error {}

export async function pullModel(model: string | ModelSpec, options: PullOptions): Promise<PullResult> {
  const spec = typeof model === 'string' ? findModel(model) : model;
  if (!spec) {
    throw new ModelDownloadError(
      `unknown model ${String(model)}: known models are ${modelNames().join(', ')}`,
      'unknown-model',
    );
  }
  const dir = modelDir(options.dataDir, spec.name);
  const baseUrl = options.baseUrl ?? spec.baseUrl;
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  await fs.mkdir(dir, { recursive: true });

  // Sizes first, so the overall total is known from the first byte.
  const sizes = new Map<string, number | null>();
  const pending: ModelFile[] = [];
  const results = new Map<string, PulledFile>();
  for (const file of spec.files) {
    const dest = modelFilePath(dir, file.path);
    const size = await sizeOf(dest);
    if (size !== null && (file.sha256 === null || (await sha256File(dest)) === file.sha256)) {
      sizes.set(file.path, size);
      results.set(file.path, {
        path: file.path,
        status: 'skipped',
        bytes: size,
        sha256: file.sha256,
        verified: file.sha256 !== null,
      });
      continue;
    }
    // A present file with the wrong sha256 is downloaded again (rename replaces it).
    pending.push(file);
    sizes.set(file.path, await remoteSize(fileUrl(baseUrl, file.path), options.signal));
  }

  let finished = 0;
  const total = () =>
    [...sizes.values()].every((s) => s !== null) ? [...sizes.values()].reduce((a, s) => a! + s!, 0) : null;
  for (const file of spec.files) {
    const skipped = results.get(file.path);
    if (skipped) {
      finished += skipped.bytes;
      options.onProgress?.({
        file: file.path,
        phase: 'skipped',
        fileBytes: skipped.bytes,
        fileTotal: skipped.bytes,
        bytes: finished,
        total: total(),
      });
    }
  }

  for (const file of pending) {
    const report = (phase: PullProgress['phase'], fileBytes: number, fileTotal: number | null) => {
      if (fileTotal !== null) sizes.set(file.path, fileTotal);
      options.onProgress?.({
        file: file.path,
        phase,
        fileBytes,
        fileTotal,
        bytes: finished + fileBytes,
        total: total(),
      });
    };
    const pulled = await downloadFile(file, fileUrl(baseUrl, file.path), modelFilePath(dir, file.path), {
      retries,
      retryDelayMs,
      signal: options.signal,
      report,
    });
    finished += pulled.bytes;
    results.set(file.path, pulled);
  }
  return { name: spec.name, dir, files: spec.files.map((f) => results.get(f.path)!) };
}

/** Content-Length from a HEAD request (redirects followed); null when unknown. */
async function remoteSize(url: string, signal?: AbortSignal): Promise<number | null> {
  try {
    const res = await fetch(url, { method: 'HEAD', signal, redirect: 'follow' });
    if (!res.ok) return null; // the GET will report the status properly
    return numberHeader(res.headers.get('content-length'));
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
}

type DownloadContext = {
  retries: number;
  retryDelayMs: number;
  signal?: AbortSignal;
  report: (phase: PullProgress['phase'], fileBytes: number, fileTotal: number | null) => void;
};

async function downloadFile(file: ModelFile, url: string, dest: string, ctx: DownloadContext): Promise<PulledFile> {
  const partial = `${dest}.partial`;
  await fs.mkdir(path.dirname(dest), { recursive: true });
  let restartedAfterMismatch = false;

  for (let attempt = 0; ; attempt++) {
    try {
      const { bytes, sha256, resumed } = await transfer(url, partial, file.path, ctx);
      if (file.sha256 !== null && sha256 !== file.sha256.toLowerCase()) {
        await fs.rm(partial, { force: true });
        // Bytes kept from an earlier attempt may belong to another version of the file:
        // one clean download decides.
        if (resumed && !restartedAfterMismatch) {
          restartedAfterMismatch = true;
          continue;
        }
        throw new ModelDownloadError(
          `${file.path}: sha256 ${sha256} does not match the expected ${file.sha256}; file discarded`,
          'checksum',
          file.path,
        );
      }
      await fs.rename(partial, dest);
      ctx.report('done', bytes, bytes);
      return { path: file.path, status: 'downloaded', bytes, sha256, verified: file.sha256 !== null };
    } catch (err) {
      const retriable =
        err instanceof BrokenTransfer || (err instanceof ModelDownloadError && err.reason === 'network');
      if (!retriable || attempt >= ctx.retries || ctx.signal?.aborted) {
        if (err instanceof BrokenTransfer) throw new ModelDownloadError(err.message, 'network', file.path);
        throw err;
      }
      await sleep(ctx.retryDelayMs * 2 ** attempt, undefined, { signal: ctx.signal });
    }
  }
}

/**
 * One HTTP request, appending to `partial` when the server honours the Range, else writing it
 * from the start. Returns once the body is complete; throws BrokenTransfer when it is not.
 *
 * The file and the hash of its existing bytes are ready before the request: fetch drops body
 * bytes it has buffered but not handed over when the connection breaks, so the body is read
 * from the moment the headers arrive.
 */
async function transfer(
  url: string,
  partial: string,
  name: string,
  ctx: DownloadContext,
): Promise<{ bytes: number; sha256: string; resumed: boolean }> {
  const have = (await sizeOf(partial)) ?? 0;
  let hash = createHash('sha256');
  if (have > 0) await hashExisting(hash, partial);
  const handle = await fs.open(partial, 'a');
  let bytes = 0;
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: have > 0 ? { range: `bytes=${have}-` } : {},
        signal: ctx.signal,
        redirect: 'follow',
      });
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      throw new BrokenTransfer(`${name}: ${(err as Error).message}`);
    }

    if (res.status === 416) {
      // The partial is not a prefix the server can continue (e.g. the file shrank): start over.
      await res.body?.cancel();
      await handle.truncate(0);
      throw new BrokenTransfer(`${name}: server refused to resume (416), starting over`);
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      const message = `${name}: HTTP ${res.status} ${res.statusText} from ${url}`;
      if (res.status >= 500) throw new BrokenTransfer(message);
      throw new ModelDownloadError(message, 'http', name);
    }

    const range = res.status === 206 ? parseContentRange(res.headers.get('content-range')) : null;
    const resumed = res.status === 206 && range !== null && range.start === have && have > 0;
    if (res.status === 206 && !resumed) {
      // A range we did not ask for: drop it and the partial, the next attempt starts clean.
      await res.body?.cancel();
      await handle.truncate(0);
      throw new BrokenTransfer(`${name}: unexpected Content-Range ${res.headers.get('content-range')}`);
    }
    if (!resumed && have > 0) {
      // 200 to a Range request: the server sends the whole file, so start it over.
      await handle.truncate(0);
      hash = createHash('sha256');
    }

    bytes = resumed ? have : 0;
    const length = numberHeader(res.headers.get('content-length'));
    const fileTotal = resumed ? (range!.total ?? (length === null ? null : have + length)) : length;
    try {
      ctx.report('downloading', bytes, fileTotal);
      if (res.body) {
        for await (const chunk of res.body) {
          // Opened for appending: every write lands at the end, after a truncate too.
          await handle.write(chunk);
          hash.update(chunk);
          bytes += chunk.byteLength;
          ctx.report('downloading', bytes, fileTotal);
        }
      }
      await handle.sync();
    } catch (err) {
      // A local file system error (disk full, permissions) is not cured by retrying.
      if (ctx.signal?.aborted || (err as NodeJS.ErrnoException).syscall) throw err;
      throw new BrokenTransfer(`${name}: transfer broke after ${bytes} bytes (${(err as Error).message})`);
    }
    if (fileTotal !== null && bytes !== fileTotal) {
      throw new BrokenTransfer(`${name}: got ${bytes} of ${fileTotal} bytes`);
    }
    return { bytes, sha256: hash.digest('hex'), resumed };
  } finally {
    await handle.close();
  }
}
