import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * Tiny ONNX models with CLIP's signature, written in the Hugging Face export layout
 * (`Xenova/clip-vit-base-patch32`), so ClipEncoder runs for real on onnxruntime-node without
 * downloading any weights.
 *
 * Vision: pixel_values [N,3,S,S] → AveragePool(S/2) → [N,3,2,2] → Flatten → [N,12]
 *         → MatMul W_v [12,D] → image_embeds [N,D]   (also a `last_hidden_state` output)
 * Text:   input_ids [N,L] int64 (× attention_mask [N,L] int64) → Cast float → MatMul W_t [L,D]
 *         → text_embeds [N,D]   (also a `last_hidden_state` output)
 */

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: Dim[]): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function floatTensor(name: string, dims: number[], values: Float32Array): Onnx.ITensorProto {
  return { name, dims, dataType: FLOAT, floatData: Array.from(values) };
}

function intsAttr(name: string, ints: number[]): Onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints };
}

function intAttr(name: string, i: number): Onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}

function encodeModel(graph: Onnx.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'vitrina-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  }).finish();
}

/** Deterministic weights in [-1, 1): the same seed gives the same model. */
export function seededWeights(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export function visionModelBytes(weights: Float32Array, dim: number, imageSize = 224): Uint8Array {
  const half = imageSize / 2;
  return encodeModel({
    name: 'tiny_clip_vision',
    node: [
      {
        opType: 'AveragePool',
        input: ['pixel_values'],
        output: ['pooled'],
        attribute: [intsAttr('kernel_shape', [half, half]), intsAttr('strides', [half, half])],
      },
      { opType: 'Flatten', input: ['pooled'], output: ['flat'], attribute: [intAttr('axis', 1)] },
      { opType: 'MatMul', input: ['flat', 'W_v'], output: ['image_embeds'] },
      { opType: 'Identity', input: ['pooled'], output: ['last_hidden_state'] },
    ],
    initializer: [floatTensor('W_v', [12, dim], weights)],
    input: [valueInfo('pixel_values', FLOAT, ['batch_size', 3, imageSize, imageSize])],
    output: [
      valueInfo('image_embeds', FLOAT, ['batch_size', dim]),
      valueInfo('last_hidden_state', FLOAT, ['batch_size', 3, 2, 2]),
    ],
  });
}

export function textModelBytes(
  weights: Float32Array,
  dim: number,
  { seqLength = 77, withAttentionMask = true }: { seqLength?: number; withAttentionMask?: boolean } = {},
): Uint8Array {
  const node: Onnx.INodeProto[] = [
    { opType: 'Cast', input: ['input_ids'], output: ['ids_f'], attribute: [intAttr('to', FLOAT)] },
  ];
  let features = 'ids_f';
  if (withAttentionMask) {
    node.push(
      { opType: 'Cast', input: ['attention_mask'], output: ['mask_f'], attribute: [intAttr('to', FLOAT)] },
      { opType: 'Mul', input: ['ids_f', 'mask_f'], output: ['masked'] },
    );
    features = 'masked';
  }
  node.push(
    { opType: 'MatMul', input: [features, 'W_t'], output: ['text_embeds'] },
    { opType: 'Identity', input: [features], output: ['last_hidden_state'] },
  );
  return encodeModel({
    name: 'tiny_clip_text',
    node,
    initializer: [floatTensor('W_t', [seqLength, dim], weights)],
    input: [
      valueInfo('input_ids', INT64, ['batch_size', 'sequence_length']),
      ...(withAttentionMask ? [valueInfo('attention_mask', INT64, ['batch_size', 'sequence_length'])] : []),
    ],
    output: [
      valueInfo('text_embeds', FLOAT, ['batch_size', dim]),
      valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length']),
    ],
  });
}

export const BOS = '<|startoftext|>';
export const EOS = '<|endoftext|>';

/**
 * A CLIP-shaped tokenizer.json (same normalizer, pre-tokenizer, BPE with `</w>` suffix and
 * RobertaProcessing as the real one) over a vocabulary of single letters and a few words.
 */
export function tinyClipTokenizer(): { tokenizer: object; config: object; vocab: Map<string, number> } {
  const vocab = new Map<string, number>();
  const add = (t: string) => {
    if (!vocab.has(t)) vocab.set(t, vocab.size);
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (const c of letters) add(c);
  for (const c of letters) add(`${c}</w>`);
  const merges = ['r e', 're d</w>', 's h', 'o e</w>', 'sh oe</w>', 'b a', 'ba g</w>'];
  for (const m of merges) add(m.replace(' ', ''));
  const bosId = vocab.size;
  const eosId = bosId + 1;
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: true,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(bosId, BOS), special(eosId, EOS)],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFC' },
        { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: {
            Regex:
              "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
          },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: [EOS, eosId],
      cls: [BOS, bosId],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: EOS,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries([...vocab, [BOS, bosId], [EOS, eosId]]),
      merges,
    },
  };
  vocab.set(BOS, bosId);
  vocab.set(EOS, eosId);
  const config = {
    bos_token: BOS,
    eos_token: EOS,
    pad_token: EOS,
    unk_token: EOS,
    model_max_length: 77,
    do_lower_case: true,
    tokenizer_class: 'CLIPTokenizer',
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, config, vocab };
}

export type TinyClip = {
  dir: string;
  dim: number;
  /** Row-major [12, dim]: rows are (channel, quadrant row, quadrant col). */
  visionWeights: Float32Array;
  /** Row-major [77, dim]. */
  textWeights: Float32Array;
  vocab: Map<string, number>;
  /** Relative path → bytes of every file written. */
  files: Map<string, Buffer>;
};

export type TinyClipOptions = {
  dim?: number;
  /** Leave out the text tower's attention_mask input (some exports take input_ids only). */
  withAttentionMask?: boolean;
  /** Write `size` / `crop_size` as plain numbers, as the older preprocessor configs do. */
  legacyPreprocessorConfig?: boolean;
  /** Leave `projection_dim` out of config.json. */
  omitProjectionDim?: boolean;
};

/** Every file of a tiny CLIP, in memory (the download tests serve these). */
export function tinyClipFiles(options: TinyClipOptions = {}): Omit<TinyClip, 'dir'> {
  const dim = options.dim ?? 8;
  const visionWeights = seededWeights(12 * dim, 7);
  const textWeights = seededWeights(77 * dim, 11).map((w) => w / 64);
  const { tokenizer, config: tokenizerConfig, vocab } = tinyClipTokenizer();
  const mean = [0.48145466, 0.4578275, 0.40821073];
  const std = [0.26862954, 0.26130258, 0.27577711];
  const preprocessor = options.legacyPreprocessorConfig
    ? {
        crop_size: 224,
        size: 224,
        do_center_crop: true,
        do_normalize: true,
        do_resize: true,
        image_mean: mean,
        image_std: std,
        resample: 3,
      }
    : {
        crop_size: { height: 224, width: 224 },
        size: { shortest_edge: 224 },
        do_center_crop: true,
        do_convert_rgb: true,
        do_normalize: true,
        do_rescale: true,
        do_resize: true,
        image_mean: mean,
        image_std: std,
        resample: 3,
        rescale_factor: 1 / 255,
        image_processor_type: 'CLIPImageProcessor',
      };
  const config = {
    model_type: 'clip',
    architectures: ['CLIPModel'],
    ...(options.omitProjectionDim ? {} : { projection_dim: dim }),
    text_config: { max_position_embeddings: 77 },
    vision_config: { image_size: 224, patch_size: 32 },
  };
  const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));
  const files = new Map<string, Buffer>([
    ['config.json', json(config)],
    ['preprocessor_config.json', json(preprocessor)],
    ['tokenizer.json', json(tokenizer)],
    ['tokenizer_config.json', json(tokenizerConfig)],
    ['onnx/vision_model.onnx', Buffer.from(visionModelBytes(visionWeights, dim))],
    [
      'onnx/text_model.onnx',
      Buffer.from(textModelBytes(textWeights, dim, { withAttentionMask: options.withAttentionMask ?? true })),
    ],
  ]);
  return { dim, visionWeights, textWeights, vocab, files };
}

export async function writeFiles(dir: string, files: Map<string, Buffer>): Promise<void> {
  for (const [rel, bytes] of files) {
    const file = path.join(dir, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, bytes);
  }
}

/** A complete tiny CLIP model directory in a fresh temporary directory. */
export async function writeTinyClip(options: TinyClipOptions = {}): Promise<TinyClip> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-tiny-clip-'));
  const model = tinyClipFiles(options);
  await writeFiles(dir, model.files);
  return { dir, ...model };
}
