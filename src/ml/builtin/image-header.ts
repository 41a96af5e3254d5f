/**
 * Width and height from a PNG or JPEG header, without decoding; undefined for anything else
 * (sharp then decides). EXIF rotation may swap them, which does not change the longest side.
 */
export function headerSize(image: Buffer): { width: number; height: number } | undefined {
  if (image.length >= 24 && image.readUInt32BE(0) === 0x89504e47) {
    return { width: image.readUInt32BE(16), height: image.readUInt32BE(20) };
  }
  if (image.length < 4 || image[0] !== 0xff || image[1] !== 0xd8) return undefined;
  let pos = 2;
  while (pos + 9 < image.length) {
    if (image[pos] !== 0xff) return undefined;
    const marker = image[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    // Start-of-frame markers C0–CF, except DHT (C4), JPG (C8) and DAC (CC), carry the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: image.readUInt16BE(pos + 7), height: image.readUInt16BE(pos + 5) };
    }
    pos += 2 + image.readUInt16BE(pos + 2);
  }
  return undefined;
}
