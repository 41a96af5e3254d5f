import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sharp, { type Metadata } from 'sharp';
import type { StoredImage } from '../entities/stored-image.entity.js';
import type { Repositories } from '../repositories/index.js';
import { BadUserInputError, DomainError } from '../domain/errors.js';

export const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);
/** File times can lag the clock by a scheduler tick or more: a sweep spares what is this new. */
const MTIME_MARGIN_MS = 2_000;
const EXTENSIONS: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

export type ImageLimits = { uploadBytes: number; imagePixels: number };

/**
 * Content-addressed image files under `<dataDir>/images/<aa>/<sha256>.<ext>`, each checked to be
 * a whole, decodable JPEG, PNG or WebP within the size and pixel limits before anything is kept.
 */
/** Images checked and written at once by `putMany`. */
const PUT_CONCURRENCY = 4;

export class ImageStore {
  private readonly stored: Repositories['storedImages'];
  readonly root: string;

  constructor(
    repos: Repositories,
    dataDir: string,
    private readonly limits: ImageLimits,
  ) {
    this.stored = repos.storedImages;
    this.root = path.join(dataDir, 'images');
  }

  /**
   * Read an upload (graphql-upload's promise of a file), refusing it as soon as it passes the byte
   * limit. A multipart request whose file never came, or came cut off, is the client's mistake.
   */
  async readUpload(upload: PromiseLike<{ createReadStream(): Readable }>): Promise<Buffer> {
    let stream: Readable;
    try {
      stream = (await upload).createReadStream();
    } catch (error) {
      const { status, expose, message } = error as { status?: number; expose?: boolean; message?: string };
      const reason = expose && status && status < 500 && message ? `: ${message}` : '';
      throw new BadUserInputError(`The upload could not be read${reason}`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of stream) {
        total += (chunk as Buffer).length;
        if (total > this.limits.uploadBytes) {
          stream.destroy();
          throw this.tooLarge();
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof BadUserInputError) throw error;
      // graphql-upload ends the stream with an error when its own size limit is passed.
      if (/exceeds|limit/i.test(String((error as Error).message))) throw this.tooLarge();
      throw new BadUserInputError('The upload could not be read completely');
    }
    return Buffer.concat(chunks, total);
  }

  /** Validate (a full decode) and store image bytes; a repeated image is stored once. */
  async put(bytes: Buffer): Promise<StoredImage> {
    return this.stored.insertIfMissing(await this.putFile(bytes));
  }

  /**
   * Validate and store many images (a bulk import's): checked and written a few at a time, their
   * rows recorded in one statement. Each entry is the stored image, or why that one was refused.
   */
  async putMany(reads: Array<() => Promise<Buffer>>): Promise<Array<StoredImage | DomainError>> {
    const results: Array<StoredImage | DomainError> = new Array(reads.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < reads.length; i = next++) {
        try {
          results[i] = this.stored.build(await this.putFile(await reads[i]!()));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          results[i] = error;
        }
      }
    };
    // sharp decodes on libuv's threads: a few at once keep both cores busy.
    await Promise.all(Array.from({ length: PUT_CONCURRENCY }, worker));
    await this.stored.insertManyIfMissing(results.filter((r): r is StoredImage => !(r instanceof DomainError)));
    return results;
  }

  /** The checked image's file, written; its row is the caller's to record. */
  private async putFile(bytes: Buffer) {
    const info = await this.inspect(bytes, { decode: true });
    const sha256 = ImageStore.hash(bytes);
    await this.writeFile(sha256, info.format, bytes);
    return { sha256, format: info.format, width: info.width, height: info.height, byteSize: bytes.length };
  }

  /**
   * The file alone, written atomically (temporary name, then rename) unless it is there already.
   * The caller records the `images` row; `put` does both.
   */
  async writeFile(sha256: string, format: string, bytes: Buffer): Promise<void> {
    const file = this.pathOf(sha256, format);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const exists = await fs.stat(file).then(
      (s) => s.size === bytes.length,
      () => false,
    );
    if (exists) return;
    const tmp = `${file}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  }

  /**
   * Remove what writes cut short left behind (a process killed between writing a file's
   * temporary copy and renaming it into place). `olderThanMs` spares writes still under way in
   * other processes sharing the directory. Returns the number removed.
   */
  async sweepTemporaryFiles(olderThanMs: number): Promise<number> {
    // Taken before reading the directory, so that uploads starting meanwhile write newer files.
    const cutoff = Date.now() - olderThanMs - MTIME_MARGIN_MS;
    const names = await fs.readdir(this.root, { recursive: true }).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.tmp')) continue;
      const file = path.join(this.root, name);
      const stat = await fs.stat(file).catch(() => null);
      if (!stat || stat.mtimeMs > cutoff) continue;
      await fs.rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  /** The stored image with this SHA-256, if any. */
  find(sha256: string): Promise<StoredImage | null> {
    return /^[0-9a-f]{64}$/.test(sha256) ? this.stored.findBySha256(sha256) : Promise.resolve(null);
  }

  async read(image: Pick<StoredImage, 'sha256' | 'format'>): Promise<Buffer> {
    return fs.readFile(this.pathOf(image.sha256, image.format));
  }

  pathOf(sha256: string, format: string): string {
    return path.join(this.root, sha256.slice(0, 2), `${sha256}.${EXTENSIONS[format] ?? format}`);
  }

  /** Decode the whole image once: a truncated or corrupt file fails here, not later. */
  static hash(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Header checks only (format, size, pixels): what must hold before anything decodes the image. */
  check(bytes: Buffer): Promise<{ format: string; width: number; height: number }> {
    return this.inspect(bytes, { decode: false });
  }

  private async inspect(
    bytes: Buffer,
    { decode }: { decode: boolean },
  ): Promise<{ format: string; width: number; height: number }> {
    if (bytes.length === 0) throw new BadUserInputError('The image is empty');
    if (bytes.length > this.limits.uploadBytes) throw this.tooLarge();
    let meta: Metadata;
    try {
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      throw new BadUserInputError('The file is not an image vitrina can read (JPEG, PNG or WebP)');
    }
    const format = meta.format ?? 'unknown';
    if (!ACCEPTED_FORMATS.has(format)) {
      throw new BadUserInputError(`Unsupported image format "${format}": send JPEG, PNG or WebP`);
    }
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    const pixels = width * height * Math.max(1, meta.pages ?? 1);
    if (pixels > this.limits.imagePixels) {
      throw new BadUserInputError(
        `The image has ${width}×${height} pixels; the limit is ${this.limits.imagePixels} pixels`,
      );
    }
    if (!decode) return { format, width, height };
    try {
      await sharp(bytes, { limitInputPixels: this.limits.imagePixels, failOn: 'error' })
        .resize(64, 64, { fit: 'inside' })
        .raw()
        .toBuffer();
    } catch {
      throw new BadUserInputError('The image is corrupt or truncated');
    }
    return { format, width, height };
  }

  private tooLarge(): BadUserInputError {
    return new BadUserInputError(`The image is larger than the ${this.limits.uploadBytes}-byte limit`);
  }
}
