import fs from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

/** CLIP's text context: 77 positions, start and end tokens included. */
export const CLIP_MAX_LENGTH = 77;

export type TokenBatch = {
  /** Row-major [batch, length]. */
  inputIds: number[];
  attentionMask: number[];
  batch: number;
  length: number;
};

/**
 * The tokenizer of a Hugging Face CLIP export (tokenizer.json + tokenizer_config.json), padded
 * and truncated to a fixed length as CLIPTokenizer with `padding="max_length", truncation=True`.
 */
export class ClipTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly maxLength: number,
    readonly padId: number,
  ) {}

  static async load(dir: string, maxLength?: number): Promise<ClipTokenizer> {
    const tokenizerJson = JSON.parse(await fs.readFile(path.join(dir, 'tokenizer.json'), 'utf8')) as Record<
      string,
      any
    >;
    let config: Record<string, any> = {};
    try {
      config = JSON.parse(await fs.readFile(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, any>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const tokenizer = new Tokenizer(tokenizerJson, config);

    // model_max_length is a huge sentinel when a tokenizer has no limit; CLIP's is 77.
    const configured =
      typeof config.model_max_length === 'number' && config.model_max_length <= 4096
        ? config.model_max_length
        : undefined;
    const length = maxLength ?? configured ?? CLIP_MAX_LENGTH;

    // CLIP pads with its end token; the text model pools at the first end token (the highest
    // id), so padding with it does not change the embedding.
    const padToken = tokenName(config.pad_token) ?? tokenName(config.eos_token) ?? '<|endoftext|>';
    const padId = tokenizer.token_to_id(padToken) ?? tokenizerJson.padding?.pad_id;
    if (typeof padId !== 'number') throw new Error(`tokenizer: padding token ${padToken} is not in the vocabulary`);
    return new ClipTokenizer(tokenizer, length, padId);
  }

  /** Token ids of one text, start and end tokens included, before padding. */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    // Truncate the content, keep the end token: the text model reads the embedding there.
    if (ids.length > this.maxLength) return [...ids.slice(0, this.maxLength - 1), ids[ids.length - 1]!];
    return ids;
  }

  encodeBatch(texts: string[]): TokenBatch {
    const length = this.maxLength;
    const inputIds = new Array<number>(texts.length * length).fill(this.padId);
    const attentionMask = new Array<number>(texts.length * length).fill(0);
    texts.forEach((text, row) => {
      const ids = this.encode(text);
      for (let i = 0; i < ids.length; i++) {
        inputIds[row * length + i] = ids[i]!;
        attentionMask[row * length + i] = 1;
      }
    });
    return { inputIds, attentionMask, batch: texts.length, length };
  }
}

function tokenName(token: unknown): string | undefined {
  if (typeof token === 'string') return token;
  // Older configs store special tokens as AddedToken objects.
  if (token && typeof token === 'object' && typeof (token as { content?: unknown }).content === 'string') {
    return (token as { content: string }).content;
  }
  return undefined;
}
