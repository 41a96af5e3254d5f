import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { l2normalize, type ImageEncoder } from '../encoder.js';
import { sha256File } from '../models/checksum.js';
import { parsePreprocessorConfig, preprocessImage, type ClipPreprocessConfig } from './preprocess.js';
import { ClipTokenizer } from './tokenizer.js';

export type ClipEncoderOptions = {
  /** Images per ONNX run (default 16). */
  imageBatchSize?: number;
  /** Texts per ONNX run (default 64). */
  textBatchSize?: number;
  /** onnxruntime intra-op threads (default: every core). */
  threads?: number;
};

type VisionTower = { session: ort.InferenceSession; input: string; output: string };
type TextTower = {
  session: ort.InferenceSession;
  tokenizer: ClipTokenizer;
  ids: string;
  mask: string | null;
  output: string;
  int32: boolean;
};

/** Where the towers live in a Hugging Face ONNX export (`onnx/`), or flat in the directory. */
async function findModelFile(dir: string, file: string): Promise<string | null> {
  for (const candidate of [path.join(dir, 'onnx', file), path.join(dir, file)]) {
    try {
      await fs.access(candidate);
      return candidate;
    } catch {
      // try the next layout
    }
  }
  return null;
}

async function readJson(file: string): Promise<Record<string, any> | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, any>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

/** The expected name if the session has it, else its only name; exports differ in naming. */
function pickName(names: readonly string[], preferred: string, file: string, what: string): string {
  if (names.includes(preferred)) return preferred;
  if (names.length === 1) return names[0]!;
  throw new Error(`${file}: no ${what} named ${preferred} among [${names.join(', ')}]`);
}

function tensorMeta(metadata: readonly ort.InferenceSession.ValueMetadata[], name: string) {
  const meta = metadata.find((m) => m.name === name);
  return meta?.isTensor ? meta : undefined;
}

/** Rows of a [batch, dim] output, each copied and L2-normalised. */
function rows(tensor: ort.Tensor, batch: number, file: string): Float32Array[] {
  if (tensor.type !== 'float32' || tensor.dims.length !== 2 || tensor.dims[0] !== batch) {
    throw new Error(
      `${file}: expected a float32 [${batch}, dim] output, got ${tensor.type} [${tensor.dims.join(', ')}]`,
    );
  }
  const dim = tensor.dims[1]!;
  const data = tensor.data as Float32Array;
  return Array.from({ length: batch }, (_, i) => l2normalize(data.slice(i * dim, (i + 1) * dim)));
}

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * CLIP (vision and text towers) from a Hugging Face ONNX export such as
 * `Xenova/clip-vit-base-patch32`, run by onnxruntime-node on the CPU.
 *
 * The text tower is loaded on first use: image search never pays its memory.
 * Runs on one session are serialised: each run already uses every core.
 */
export class ClipEncoder implements ImageEncoder {
  private textTower: Promise<TextTower> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly id: string,
    readonly dim: number,
    readonly checksum: string,
    private readonly dir: string,
    private readonly vision: VisionTower,
    private readonly visionFile: string,
    private readonly textFile: string | null,
    private readonly preprocess: ClipPreprocessConfig,
    private readonly sessionOptions: ort.InferenceSession.SessionOptions,
    private readonly options: Required<Pick<ClipEncoderOptions, 'imageBatchSize' | 'textBatchSize'>>,
  ) {}

  static async load(
    dir: string,
    name = path.basename(path.resolve(dir)),
    options: ClipEncoderOptions = {},
  ): Promise<ClipEncoder> {
    const visionFile = await findModelFile(dir, 'vision_model.onnx');
    if (!visionFile) throw new Error(`${dir}: no onnx/vision_model.onnx`);
    const textFile = await findModelFile(dir, 'text_model.onnx');
    const preprocess = parsePreprocessorConfig(await readJson(path.join(dir, 'preprocessor_config.json')));
    if (!preprocess.doCenterCrop)
      throw new Error(`${dir}: preprocessor_config.json without do_center_crop gives images of varying size`);
    const config = (await readJson(path.join(dir, 'config.json'))) ?? {};

    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      intraOpNumThreads: options.threads ?? os.availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
    const [session, checksum] = await Promise.all([
      ort.InferenceSession.create(visionFile, sessionOptions),
      sha256File(visionFile),
    ]);
    try {
      const vision: VisionTower = {
        session,
        input: pickName(session.inputNames, 'pixel_values', visionFile, 'input'),
        output: pickName(session.outputNames, 'image_embeds', visionFile, 'output'),
      };
      if (session.inputNames.length !== 1) {
        throw new Error(`${visionFile}: expected one input (pixel_values), got [${session.inputNames.join(', ')}]`);
      }
      const inputShape = tensorMeta(session.inputMetadata, vision.input)?.shape ?? [];
      const [, channels, height, width] = inputShape;
      if (
        inputShape.length === 4 &&
        ((typeof channels === 'number' && channels !== 3) ||
          (typeof height === 'number' && height !== preprocess.cropHeight) ||
          (typeof width === 'number' && width !== preprocess.cropWidth))
      ) {
        throw new Error(
          `${visionFile}: input [${inputShape.join(', ')}] does not fit 3×${preprocess.cropHeight}×${preprocess.cropWidth} crops`,
        );
      }

      const fromShape = tensorMeta(session.outputMetadata, vision.output)?.shape.at(-1);
      const fromConfig = typeof config.projection_dim === 'number' ? config.projection_dim : undefined;
      let dim = typeof fromShape === 'number' ? fromShape : fromConfig;
      if (typeof fromShape === 'number' && fromConfig !== undefined && fromShape !== fromConfig) {
        throw new Error(`${dir}: config.json projection_dim ${fromConfig} but the vision model outputs ${fromShape}`);
      }
      if (dim === undefined) {
        // Neither the graph nor the config says: ask the model.
        const probe = new ort.Tensor('float32', new Float32Array(3 * preprocess.cropHeight * preprocess.cropWidth), [
          1,
          3,
          preprocess.cropHeight,
          preprocess.cropWidth,
        ]);
        const out = (await session.run({ [vision.input]: probe }))[vision.output] as ort.Tensor;
        dim = out.dims.at(-1)!;
      }
      return new ClipEncoder(name, dim, checksum, dir, vision, visionFile, textFile, preprocess, sessionOptions, {
        imageBatchSize: options.imageBatchSize ?? 16,
        textBatchSize: options.textBatchSize ?? 64,
      });
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  /** Whether the export has a text tower (`embedTexts` throws otherwise). */
  get hasTextTower(): boolean {
    return this.textFile !== null;
  }

  async embedImages(images: Buffer[]): Promise<Float32Array[]> {
    this.assertOpen();
    const { cropHeight, cropWidth } = this.preprocess;
    const size = 3 * cropHeight * cropWidth;
    const prepare = async (batch: Buffer[]) => {
      const data = new Float32Array(batch.length * size);
      await Promise.all(batch.map((image, i) => preprocessImage(image, this.preprocess, data, i * size)));
      return new ort.Tensor('float32', data, [batch.length, 3, cropHeight, cropWidth]);
    };

    const out: Float32Array[] = [];
    const groups = batches(images, this.options.imageBatchSize);
    let next = groups.length > 0 ? prepare(groups[0]!) : null;
    for (let g = 0; g < groups.length; g++) {
      const pixels = await next!;
      // Decode the next batch (sharp's threads) while this one runs (onnxruntime's threads).
      next = g + 1 < groups.length ? prepare(groups[g + 1]!) : null;
      next?.catch(() => {}); // surfaced when awaited
      const result = await this.run(this.vision.session, { [this.vision.input]: pixels });
      out.push(...rows(result[this.vision.output] as ort.Tensor, groups[g]!.length, this.visionFile));
    }
    return out;
  }

  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    this.assertOpen();
    if (texts.length === 0) return [];
    const tower = await this.loadTextTower();
    const out: Float32Array[] = [];
    for (const group of batches(texts, this.options.textBatchSize)) {
      const tokens = tower.tokenizer.encodeBatch(group);
      const shape = [tokens.batch, tokens.length];
      const tensor = (values: number[]) =>
        tower.int32
          ? new ort.Tensor('int32', Int32Array.from(values), shape)
          : new ort.Tensor(
              'int64',
              BigInt64Array.from(values, (v) => BigInt(v)),
              shape,
            );
      const feeds: Record<string, ort.Tensor> = { [tower.ids]: tensor(tokens.inputIds) };
      if (tower.mask) feeds[tower.mask] = tensor(tokens.attentionMask);
      const result = await this.run(tower.session, feeds);
      out.push(...rows(result[tower.output] as ort.Tensor, group.length, this.textFile!));
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => {});
    const text = await this.textTower?.catch(() => null);
    await Promise.all([this.vision.session.release(), text?.session.release()]);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`encoder ${this.id} is closed`);
  }

  private run(
    session: ort.InferenceSession,
    feeds: ort.InferenceSession.FeedsType,
  ): Promise<ort.InferenceSession.ReturnType> {
    const result = this.queue.then(() => session.run(feeds));
    this.queue = result.catch(() => {});
    return result;
  }

  private loadTextTower(): Promise<TextTower> {
    if (!this.textTower) {
      this.textTower = this.openTextTower();
      // A failed load (missing tokenizer, bad file) is retried on the next call.
      this.textTower.catch(() => {
        this.textTower = null;
      });
    }
    return this.textTower;
  }

  private async openTextTower(): Promise<TextTower> {
    const file = this.textFile;
    if (!file) throw new Error(`${this.dir}: no onnx/text_model.onnx, this CLIP export has no text tower`);
    const tokenizer = await ClipTokenizer.load(this.dir);
    const session = await ort.InferenceSession.create(file, this.sessionOptions);
    try {
      const ids = pickName(session.inputNames, 'input_ids', file, 'input');
      const mask = session.inputNames.includes('attention_mask') ? 'attention_mask' : null;
      const unknown = session.inputNames.filter((n) => n !== ids && n !== mask);
      if (unknown.length > 0) throw new Error(`${file}: unsupported inputs [${unknown.join(', ')}]`);
      const output = pickName(session.outputNames, 'text_embeds', file, 'output');
      const outDim = tensorMeta(session.outputMetadata, output)?.shape.at(-1);
      if (typeof outDim === 'number' && outDim !== this.dim) {
        throw new Error(`${file}: text embeddings have ${outDim} dimensions, image embeddings ${this.dim}`);
      }
      const int32 = tensorMeta(session.inputMetadata, ids)?.type === 'int32';
      if (this.closed) throw new Error(`encoder ${this.id} is closed`);
      return { session, tokenizer, ids, mask, output, int32 };
    } catch (err) {
      await session.release();
      throw err;
    }
  }
}
