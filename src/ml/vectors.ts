/** pgvector's text form: `[0.1,0.2,...]`. */
export function toPgVector(v: ArrayLike<number>): string {
  let out = '[';
  for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + (Number.isFinite(v[i]!) ? v[i]! : 0);
  return `${out}]`;
}

/** pgvector's binary form (vector_recv): int16 dimension, int16 unused, then float4s, big-endian. */
export function toPgVectorBinary(v: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(4 + v.length * 4);
  out.writeInt16BE(v.length, 0);
  out.writeInt16BE(0, 2);
  for (let i = 0; i < v.length; i++) out.writeFloatBE(Number.isFinite(v[i]!) ? v[i]! : 0, 4 + i * 4);
  return out;
}

export function fromPgVector(text: string): Float32Array {
  const inner = text.trim().slice(1, -1);
  return inner ? Float32Array.from(inner.split(',').map(Number)) : new Float32Array(0);
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
