/** Code of a pixel outside the object in the correlogram's colour planes. */
export const NO_COLOUR = 255;

/** Per-pixel planes, grown on demand and reused across calls (the encoder is single-threaded JS). */
export class Scratch {
  capacity = 0;
  lightness = new Float32Array(0);
  weight = new Float32Array(0);
  bin = new Uint16Array(0);
  /** Coarse colour codes for the correlogram, on the plain and on the half-bin-shifted grid. */
  code = new Uint8Array(0);
  shiftedCode = new Uint8Array(0);
  reached = new Uint8Array(0);
  stack = new Int32Array(0);
  columnPrior = new Float32Array(0);
  rowPrior = new Float32Array(0);

  ensure(width: number, height: number): void {
    const pixels = width * height;
    if (pixels > this.capacity) {
      this.capacity = pixels;
      this.lightness = new Float32Array(pixels);
      this.weight = new Float32Array(pixels);
      this.bin = new Uint16Array(pixels);
      this.code = new Uint8Array(pixels);
      this.shiftedCode = new Uint8Array(pixels);
      this.reached = new Uint8Array(pixels);
      this.stack = new Int32Array(pixels);
    }
    if (width > this.columnPrior.length) this.columnPrior = new Float32Array(width);
    if (height > this.rowPrior.length) this.rowPrior = new Float32Array(height);
  }
}
