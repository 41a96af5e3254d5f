import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { createRandom } from '../lib/random.js';

/**
 * A light adapter on top of a frozen encoder: it maps an L2-normalised base embedding to a model
 * version's vector space. Every kind is the identity at initialisation, so a fresh adapter ranks
 * exactly like its base encoder.
 *
 * - `residual`: v' = v ⊙ scale + (v·down)·up   (scale: dim, down: dim×rank, up: rank×dim)
 * - `diagonal`: v' = v ⊙ scale
 * - `linear`:   v' = v·weight                  (weight: dim×dim)
 *
 * Matrices are row-major. The output is L2-normalised.
 */
export type AdapterKind = 'residual' | 'diagonal' | 'linear';

export const ADAPTER_KINDS: readonly AdapterKind[] = ['residual', 'diagonal', 'linear'];

export interface Adapter {
  kind: AdapterKind;
  dim: number;
  /** The residual path's width; 0 for the kinds that have none. */
  rank: number;
  tensors: Record<string, Float32Array>;
}

export const DEFAULT_RANK = 64;

/** Each kind's tensors and their lengths: the one place that defines an adapter's shape. */
export function adapterShape(kind: AdapterKind, dim: number, rank: number): Record<string, number> {
  switch (kind) {
    case 'residual':
      return { scale: dim, down: dim * rank, up: rank * dim };
    case 'diagonal':
      return { scale: dim };
    case 'linear':
      return { weight: dim * dim };
  }
}

/**
 * The identity of a kind. `down` gets a small seeded random init (std 1/√rank, so v·down has
 * about unit norm) and `up` zeros: the residual path adds nothing yet but has gradients.
 */
export function identityAdapter(kind: AdapterKind, dim: number, rank = DEFAULT_RANK, seed = 1): Adapter {
  const width = kind === 'residual' ? rank : 0;
  assertDimensions(kind, dim, width);
  const tensors: Record<string, Float32Array> = {};
  for (const [name, length] of Object.entries(adapterShape(kind, dim, width))) {
    tensors[name] = new Float32Array(length);
  }
  if (kind === 'residual' || kind === 'diagonal') tensors.scale!.fill(1);
  if (kind === 'linear') for (let i = 0; i < dim; i++) tensors.weight![i * dim + i] = 1;
  if (kind === 'residual') {
    const random = createRandom(seed);
    const down = tensors.down!;
    const std = 1 / Math.sqrt(rank);
    for (let i = 0; i < down.length; i++) down[i] = random.normal() * std;
  }
  return { kind, dim, rank: width, tensors };
}

// Reused by applyAdapter: one synchronous call at a time, so one scratch buffer is enough.
let scratch = new Float32Array(DEFAULT_RANK);

/** v' = adapter(v), L2-normalised. Allocates nothing but the output. */
export function applyAdapter(adapter: Adapter, v: Float32Array): Float32Array {
  const { dim, rank, tensors } = adapter;
  if (v.length !== dim) throw new Error(`vector has ${v.length} dimensions, the adapter expects ${dim}`);
  const out = new Float32Array(dim);
  switch (adapter.kind) {
    case 'diagonal': {
      const scale = tensors.scale!;
      for (let j = 0; j < dim; j++) out[j] = v[j]! * scale[j]!;
      break;
    }
    case 'residual': {
      const { scale, down, up } = tensors as { scale: Float32Array; down: Float32Array; up: Float32Array };
      if (scratch.length < rank) scratch = new Float32Array(rank);
      const hidden = scratch;
      hidden.fill(0, 0, rank);
      for (let i = 0; i < dim; i++) {
        const x = v[i]!;
        if (x === 0) continue;
        const row = i * rank;
        for (let r = 0; r < rank; r++) hidden[r]! += x * down[row + r]!;
      }
      for (let j = 0; j < dim; j++) out[j] = v[j]! * scale[j]!;
      for (let r = 0; r < rank; r++) {
        const h = hidden[r]!;
        const row = r * dim;
        for (let j = 0; j < dim; j++) out[j]! += h * up[row + j]!;
      }
      break;
    }
    case 'linear':
      multiplyRows([v], tensors.weight!, dim, [out]);
      break;
  }
  normalise(out);
  return out;
}

/** Many vectors at once (a version's catalog); `linear` works in blocks to reuse its matrix rows. */
export function applyAdapterMany(adapter: Adapter, vectors: readonly Float32Array[]): Float32Array[] {
  if (adapter.kind !== 'linear') return vectors.map((v) => applyAdapter(adapter, v));
  const { dim } = adapter;
  const outputs: Float32Array[] = [];
  for (let start = 0; start < vectors.length; start += LINEAR_BLOCK) {
    const block = vectors.slice(start, start + LINEAR_BLOCK);
    for (const v of block) {
      if (v.length !== dim) throw new Error(`vector has ${v.length} dimensions, the adapter expects ${dim}`);
    }
    const outs = block.map(() => new Float32Array(dim));
    multiplyRows(block, adapter.tensors.weight!, dim, outs);
    for (const out of outs) normalise(out);
    outputs.push(...outs);
  }
  return outputs;
}

const LINEAR_BLOCK = 16;

/** outs[b] = rows[b]·matrix, matrix dim×dim row-major; each matrix row is read once per block. */
function multiplyRows(rows: readonly Float32Array[], matrix: Float32Array, dim: number, outs: Float32Array[]): void {
  for (let i = 0; i < dim; i++) {
    const offset = i * dim;
    for (let b = 0; b < rows.length; b++) {
      const x = rows[b]![i]!;
      if (x === 0) continue;
      const out = outs[b]!;
      for (let j = 0; j < dim; j++) out[j]! += x * matrix[offset + j]!;
    }
  }
}

export function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum > 0) {
    const inverse = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i]! *= inverse;
  }
  return v;
}

/*
 * Binary format, little-endian:
 *   magic "VADP" | u16 format version | u8 kind | u8 tensor count | u32 dim | u32 rank
 *   per tensor: u8 name length | name (ASCII) | u32 element count
 *   the tensors' float32 values, in header order
 */
const MAGIC = 'VADP';
const FORMAT_VERSION = 1;
const KIND_CODES: Record<AdapterKind, number> = { residual: 1, diagonal: 2, linear: 3 };
const MAX_DIM = 65_536;

export function serializeAdapter(adapter: Adapter): Buffer {
  validateAdapter(adapter);
  const names = Object.keys(adapterShape(adapter.kind, adapter.dim, adapter.rank));
  const headerLength = 16 + names.reduce((sum, name) => sum + 1 + name.length + 4, 0);
  const valueCount = names.reduce((sum, name) => sum + adapter.tensors[name]!.length, 0);
  const buf = Buffer.alloc(headerLength + valueCount * 4);
  buf.write(MAGIC, 0, 'ascii');
  buf.writeUInt16LE(FORMAT_VERSION, 4);
  buf.writeUInt8(KIND_CODES[adapter.kind], 6);
  buf.writeUInt8(names.length, 7);
  buf.writeUInt32LE(adapter.dim, 8);
  buf.writeUInt32LE(adapter.rank, 12);
  let offset = 16;
  for (const name of names) {
    offset = buf.writeUInt8(name.length, offset);
    offset += buf.write(name, offset, 'ascii');
    offset = buf.writeUInt32LE(adapter.tensors[name]!.length, offset);
  }
  for (const name of names) {
    const values = adapter.tensors[name]!;
    if (LITTLE_ENDIAN) {
      Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(buf, offset);
      offset += values.byteLength;
    } else {
      for (const x of values) offset = buf.writeFloatLE(x, offset);
    }
  }
  return buf;
}

export function deserializeAdapter(buf: Uint8Array): Adapter {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const fail = (why: string): never => {
    throw new Error(`corrupt adapter weights: ${why}`);
  };
  if (bytes.length < 16) fail(`${bytes.length} bytes is shorter than the header`);
  if (bytes.toString('ascii', 0, 4) !== MAGIC) fail('not an adapter (bad magic)');
  const version = bytes.readUInt16LE(4);
  if (version !== FORMAT_VERSION) fail(`format version ${version} is not supported (expected ${FORMAT_VERSION})`);
  const kindCode = bytes.readUInt8(6);
  const kind = ADAPTER_KINDS.find((k) => KIND_CODES[k] === kindCode) ?? fail(`unknown kind code ${kindCode}`);
  const count = bytes.readUInt8(7);
  const dim = bytes.readUInt32LE(8);
  const rank = bytes.readUInt32LE(12);
  try {
    assertDimensions(kind, dim, rank);
  } catch (error) {
    fail((error as Error).message);
  }
  const expected = adapterShape(kind, dim, rank);
  const names = Object.keys(expected);
  if (count !== names.length) fail(`${count} tensors, a ${kind} adapter has ${names.length}`);

  let offset = 16;
  const lengths: Array<[string, number]> = [];
  for (let t = 0; t < count; t++) {
    if (offset + 1 > bytes.length) fail('truncated tensor header');
    const nameLength = bytes.readUInt8(offset);
    if (offset + 1 + nameLength + 4 > bytes.length) fail('truncated tensor header');
    const name = bytes.toString('ascii', offset + 1, offset + 1 + nameLength);
    const length = bytes.readUInt32LE(offset + 1 + nameLength);
    offset += 1 + nameLength + 4;
    if (name !== names[t]) fail(`tensor ${t} is "${name}", expected "${names[t]}"`);
    if (length !== expected[name]) fail(`tensor ${name} has ${length} values, expected ${expected[name]}`);
    lengths.push([name, length]);
  }
  const valueBytes = lengths.reduce((sum, [, length]) => sum + length * 4, 0);
  if (bytes.length !== offset + valueBytes) {
    fail(`${bytes.length} bytes, expected ${offset + valueBytes} for a ${kind} adapter of dim ${dim}`);
  }
  const tensors: Record<string, Float32Array> = {};
  for (const [name, length] of lengths) {
    const values = new Float32Array(length);
    if (LITTLE_ENDIAN) {
      new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + length * 4));
    } else {
      for (let i = 0; i < length; i++) values[i] = bytes.readFloatLE(offset + i * 4);
    }
    offset += length * 4;
    for (let i = 0; i < length; i++) if (!Number.isFinite(values[i])) fail(`tensor ${name} holds a non-finite value`);
    tensors[name] = values;
  }
  return { kind, dim, rank, tensors };
}

/** sha256 of the serialized weights, hex. */
export function adapterChecksum(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Throws when an adapter's tensors do not match its kind, dim and rank. */
export function validateAdapter(adapter: Adapter): void {
  assertDimensions(adapter.kind, adapter.dim, adapter.rank);
  const expected = adapterShape(adapter.kind, adapter.dim, adapter.rank);
  for (const [name, length] of Object.entries(expected)) {
    const tensor = adapter.tensors[name];
    if (!(tensor instanceof Float32Array)) throw new Error(`${adapter.kind} adapter lacks tensor ${name}`);
    if (tensor.length !== length) {
      throw new Error(`${adapter.kind} adapter tensor ${name} has ${tensor.length} values, expected ${length}`);
    }
  }
  const extra = Object.keys(adapter.tensors).filter((name) => !(name in expected));
  if (extra.length > 0) throw new Error(`${adapter.kind} adapter has unexpected tensors: ${extra.join(', ')}`);
}

function assertDimensions(kind: AdapterKind, dim: number, rank: number): void {
  if (!ADAPTER_KINDS.includes(kind)) throw new Error(`unknown adapter kind "${String(kind)}"`);
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) throw new Error(`adapter dim ${dim} is out of range`);
  if (kind === 'residual') {
    if (!Number.isInteger(rank) || rank < 1 || rank > dim) {
      throw new Error(`residual adapter rank ${rank} must be an integer in 1..${dim}`);
    }
  } else if (rank !== 0) {
    throw new Error(`a ${kind} adapter has rank 0, not ${rank}`);
  }
}

const LITTLE_ENDIAN = endianness() === 'LE';
