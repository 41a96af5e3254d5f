/** pgvector's binary form (vector_recv): int16 dimension, int16 unused, then float4s, big-endian. */
export function toPgVectorBinary(v: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(4 + v.length * 4);
  out.writeInt16BE(v.length, 0);
  out.writeInt16BE(0, 2);
  for (let i = 0; i < v.length; i++) out.writeFloatBE(Number.isFinite(v[i]!) ? v[i]! : 0, 4 + i * 4);
  return out;
}

/** Read pgvector's binary form, e.g. from `vector_send(embedding)` (a bytea). */
export function fromPgVectorBinary(bytes: Buffer): Float32Array {
  const dim = bytes.readInt16BE(0);
  if (bytes.length !== 4 + dim * 4) throw new Error(`a vector of ${dim} dimensions cannot take ${bytes.length} bytes`);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = bytes.readFloatBE(4 + i * 4);
  return out;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
