import zlib from 'node:zlib';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type Auth, type GraphQLResponse, type TestServer } from '../../helpers/server.js';
import { makeImage } from '../../helpers/images.js';
import {
  announceSeed,
  describeValue,
  fuzzParams,
  PIXEL_LIMIT,
  probe,
  seedFixture,
  startFuzzServer,
  Tally,
  UPLOAD_LIMIT,
  type Fixture,
} from '../../helpers/fuzz.js';

/**
 * Uploads: truncated, corrupted and random bytes; polyglots; headers declaring huge dimensions
 * (decompression bombs); zero-byte and oversize files; formats vitrina does not take (GIF, SVG,
 * TIFF, AVIF); odd but valid images (16-bit, CMYK, EXIF-rotated, animated, palette, huge but
 * within the pixel limit); any Content-Type and file name; and malformed multipart requests.
 */

const SEARCH =
  'mutation($image: Upload!) { searchByImage(image: $image, limit: 3) { id queryImageSha256 results { rank } } }';
const ADD_IMAGE =
  'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id imageSha256 format width height } }';

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A well-formed PNG header declaring width × height, with a few pixels of data. */
function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real JPEG whose frame header (SOF) now declares width × height. */
function jpegDeclaring(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 9; i++) {
    if (out[i] === 0xff && out[i + 1]! >= 0xc0 && out[i + 1]! <= 0xc2) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
  }
  throw new Error('no SOF marker');
}

/** A lossless WebP whose VP8L header now declares the largest canvas (16384 × 16384). */
function webpDeclaringMax(webp: Buffer): Buffer {
  const out = Buffer.from(webp);
  const at = out.indexOf('VP8L', 0, 'latin1');
  if (at < 0) throw new Error('not a lossless WebP');
  out.writeUInt32LE(0x0fffffff, at + 9);
  return out;
}

function zip(): Buffer {
  // An empty ZIP archive: just the end-of-central-directory record.
  return Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
}

type Sample = { name: string; bytes: Buffer; valid: boolean };
type UploadCase = [Sample, 'search' | 'catalog', string, string, Auth];

async function corpus(): Promise<{ valid: Sample[]; invalid: Sample[]; either: Sample[] }> {
  const png = await makeImage(7);
  const jpeg = await makeImage(7, { format: 'jpeg' });
  const webp = await makeImage(7, { format: 'webp' });
  const base = sharp(png);
  const frame = (colour: string) =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
      .png()
      .toBuffer();
  const frames = [await frame('red'), await frame('blue'), await frame('green')];
  const losslessWebp = await base.clone().webp({ lossless: true }).toBuffer();
  const valid: Sample[] = [
    { name: 'png', bytes: png, valid: true },
    { name: 'jpeg', bytes: jpeg, valid: true },
    { name: 'webp', bytes: webp, valid: true },
    { name: 'lossless webp', bytes: losslessWebp, valid: true },
    { name: '16-bit png', bytes: await base.clone().toColourspace('rgb16').png().toBuffer(), valid: true },
    { name: 'cmyk jpeg', bytes: await base.clone().toColourspace('cmyk').jpeg().toBuffer(), valid: true },
    {
      name: 'exif-rotated jpeg',
      bytes: await base.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      valid: true,
    },
    { name: 'progressive jpeg', bytes: await base.clone().jpeg({ progressive: true }).toBuffer(), valid: true },
    { name: 'interlaced png', bytes: await base.clone().png({ progressive: true }).toBuffer(), valid: true },
    { name: 'palette png', bytes: await base.clone().png({ palette: true }).toBuffer(), valid: true },
    {
      name: 'grey png with alpha',
      bytes: await base.clone().greyscale().ensureAlpha(0.5).png().toBuffer(),
      valid: true,
    },
    {
      name: 'animated webp',
      bytes: await sharp(frames, { join: { animated: true } })
        .webp()
        .toBuffer(),
      valid: true,
    },
    {
      name: '1×1 png',
      bytes: await sharp({ create: { width: 1, height: 1, channels: 4, background: '#fff0' } })
        .png()
        .toBuffer(),
      valid: true,
    },
    {
      // A decompression bomb within the limits: 58 MB of pixels in a 56 kB file.
      name: 'huge but allowed png',
      bytes: await sharp({ create: { width: 4400, height: 4400, channels: 3, background: 'black' } })
        .png({ compressionLevel: 9 })
        .toBuffer(),
      valid: true,
    },
    { name: 'png + zip polyglot', bytes: Buffer.concat([png, zip()]), valid: true },
  ];
  const invalid: Sample[] = [
    { name: 'zero bytes', bytes: Buffer.alloc(0), valid: false },
    { name: 'one byte', bytes: Buffer.from([0xff]), valid: false },
    { name: 'png signature only', bytes: png.subarray(0, 8), valid: false },
    { name: 'png header, no data', bytes: png.subarray(0, 33), valid: false },
    { name: 'jpeg cut at 60%', bytes: jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), valid: false },
    { name: 'png cut at 60%', bytes: png.subarray(0, Math.floor(png.length * 0.6)), valid: false },
    { name: 'webp cut at 60%', bytes: webp.subarray(0, Math.floor(webp.length * 0.6)), valid: false },
    { name: 'png declaring 60000×60000', bytes: pngDeclaring(60_000, 60_000), valid: false },
    { name: 'png declaring 2^31-1 × 2^31-1', bytes: pngDeclaring(2 ** 31 - 1, 2 ** 31 - 1), valid: false },
    { name: 'png declaring 0×0', bytes: pngDeclaring(0, 0), valid: false },
    { name: 'png declaring 20000×1000 with no data', bytes: pngDeclaring(20_000, 1000), valid: false },
    { name: 'jpeg declaring 65535×65535', bytes: jpegDeclaring(jpeg, 65_535, 65_535), valid: false },
    { name: 'jpeg declaring 60000×60000', bytes: jpegDeclaring(jpeg, 60_000, 60_000), valid: false },
    { name: 'webp declaring 16384×16384', bytes: webpDeclaringMax(losslessWebp), valid: false },
    { name: 'gif', bytes: await base.clone().gif().toBuffer(), valid: false },
    {
      name: 'animated gif',
      bytes: await sharp(frames, { join: { animated: true } })
        .gif()
        .toBuffer(),
      valid: false,
    },
    {
      name: 'gif/js polyglot',
      bytes: Buffer.from('GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=alert(document.domain)//;', 'latin1'),
      valid: false,
    },
    { name: 'tiff', bytes: await base.clone().tiff().toBuffer(), valid: false },
    { name: 'avif', bytes: await base.clone().avif().toBuffer(), valid: false },
    {
      name: 'svg',
      bytes: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="72"><rect width="96" height="72" fill="red"/></svg>',
      ),
      valid: false,
    },
    {
      name: 'svg with an external entity',
      bytes: Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><text>&x;</text></svg>',
      ),
      valid: false,
    },
    { name: 'html', bytes: Buffer.from('<!doctype html><script>alert(1)</script>'), valid: false },
    { name: 'zip + png', bytes: Buffer.concat([zip(), png]), valid: false },
    { name: 'oversize random bytes', bytes: Buffer.alloc(UPLOAD_LIMIT + 1, 0xab), valid: false },
    {
      name: 'oversize png (padded)',
      bytes: Buffer.concat([png, Buffer.alloc(UPLOAD_LIMIT + 1 - png.length)]),
      valid: false,
    },
    { name: 'oversize by far', bytes: Buffer.alloc(3 * UPLOAD_LIMIT, 0x00), valid: false },
  ];
  return { valid, invalid, either: [] };
}

/** Damage a good image: cut it, overwrite bytes, or splice in garbage. */
function damaged(good: Sample[]): fc.Arbitrary<Sample> {
  const source = fc.constantFrom(...good.filter((s) => s.bytes.length < 100_000));
  return fc.oneof(
    fc.tuple(source, fc.double({ min: 0, max: 0.999, noNaN: true })).map(([s, at]) => ({
      name: `${s.name} cut at ${(at * 100).toFixed(1)}%`,
      bytes: s.bytes.subarray(0, Math.floor(s.bytes.length * at)),
      valid: false,
    })),
    fc
      .tuple(
        source,
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 40,
        }),
      )
      .map(([s, edits]) => {
        const bytes = Buffer.from(s.bytes);
        for (const [at, value] of edits) bytes[Math.floor(at * bytes.length)] = value;
        return { name: `${s.name} with ${edits.length} bytes overwritten`, bytes, valid: false };
      }),
    fc
      .uint8Array({ minLength: 1, maxLength: 4096 })
      .map((a) => ({ name: 'random bytes', bytes: Buffer.from(a), valid: false })),
    fc
      .tuple(
        fc.constantFrom(
          '\x89PNG\r\n\x1a\n',
          '\xff\xd8\xff',
          'RIFF\x00\x00\x00\x00WEBPVP8 ',
          'GIF89a',
          '<svg',
          'II*\x00',
        ),
        fc.uint8Array({ maxLength: 512 }),
      )
      .map(([magic, rest]) => ({
        name: `magic ${JSON.stringify(magic)} + random`,
        bytes: Buffer.concat([Buffer.from(magic, 'latin1'), rest]),
        valid: false,
      })),
  );
}

const fileNames = fc.constantFrom(
  'photo.jpg',
  'upload',
  '',
  '../../../etc/passwd',
  'C:\\Windows\\evil.exe',
  '\u202egpj.exe',
  'фото 📷.png',
  'a'.repeat(1000),
  'x.svg',
  'nul\u0000.png',
);
const mimeTypes = fc.constantFrom(
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/svg+xml',
  'text/html',
  'application/x-msdownload',
  'application/octet-stream',
  '',
  'image/png; charset=utf-8',
);

describe('fuzz: uploads', () => {
  let server: TestServer;
  let fixture: Fixture;
  let samples: Awaited<ReturnType<typeof corpus>>;

  beforeAll(async () => {
    announceSeed('uploads');
    server = await startFuzzServer();
    fixture = await seedFixture(server);
    samples = await corpus();
  });
  afterAll(async () => server?.stop());

  /** Catalog images are embedded in the background: wait, so that the next case starts from rest. */
  const settle = () => server.vitrina.worker!.drain();

  it('searches by any upload: a valid image is searched, anything else refused with BAD_USER_INPUT', async () => {
    const tally = new Tally();
    const sample = fc.oneof(
      fc.constantFrom(...samples.valid),
      fc.constantFrom(...samples.invalid),
      damaged(samples.valid),
    );
    const target = fc.constantFrom<'search' | 'catalog'>('search', 'search', 'catalog');
    const auth = fc.constantFrom<Auth>(
      { key: fixture.keys.user },
      { key: fixture.keys.service, endUser: 'telegram:7' },
    );
    await fc.assert(
      fc.asyncProperty(sample, target, fileNames, mimeTypes, auth, async (s, where, name, type, who) => {
        const context = `${where} ${s.name} (${s.bytes.length} bytes) ${describeValue({ name, type, who })}`;
        const { res, refused } = await probe(server, context, async () => {
          const res =
            where === 'search'
              ? await server.upload(SEARCH, {}, 'image', { bytes: s.bytes, name, type }, who)
              : await server.upload(ADD_IMAGE, { id: fixture.productIds[0] }, 'image', { bytes: s.bytes, name, type });
          await settle();
          return res;
        });
        tally.add(`${where} ${s.valid ? 'valid' : s.name.replace(/[\d.]+%|\d+ bytes/g, 'N')}`, res);
        // A part without a file name is a form field, not a file, unless it says it is bytes; a
        // control character in the file name makes the part's header malformed.
        const sentAsFile =
          (name !== '' || type === '' || type === 'application/octet-stream') &&
          ![...name].some((c) => c.charCodeAt(0) < 0x20);
        if (refused) {
          expect(res.errors![0]!.extensions!.code, context).toBe('BAD_USER_INPUT');
          if (sentAsFile) expect(s.valid, `a valid image was refused: ${context}`).toBe(false);
          return;
        }
        expect(sentAsFile, context).toBe(true);
        // Only whole images within the limits are taken; what is taken is stored as its content says.
        expect(s.bytes.length, context).toBeLessThanOrEqual(UPLOAD_LIMIT);
        if (where === 'catalog') {
          const image = res.data!.addProductImage as { format: string; width: number; height: number };
          expect(['jpeg', 'png', 'webp'], context).toContain(image.format);
          expect(image.width * image.height, context).toBeLessThanOrEqual(PIXEL_LIMIT);
        }
      }),
      fuzzParams<[Sample, 'search' | 'catalog', string, string, Auth]>(5, [
        ...samples.invalid.map((s): UploadCase => [s, 'search', 'photo.jpg', 'image/jpeg', { key: fixture.keys.user }]),
        ...samples.invalid
          .filter((s) => /declaring|oversize|zero|svg|gif/.test(s.name))
          .map((s): UploadCase => [s, 'catalog', 'photo.jpg', 'image/jpeg', {}]),
        ...samples.valid.map((s): UploadCase => [s, 'search', 'evil.exe', 'text/html', { key: fixture.keys.user }]),
        // Regressions: a file part the parser takes for a field ("File missing") was a 500.
        [samples.valid[0]!, 'catalog', '', 'image/png', {}],
        [samples.valid[0]!, 'search', '', 'image/png', { key: fixture.keys.user }],
      ]),
    );
    tally.print('uploads: outcomes');
  });

  it('refuses malformed multipart requests with a coded error and stores nothing', async () => {
    const tally = new Tally();
    const png = samples.valid[0]!.bytes;
    type Part = { name: string; value: string | Buffer; filename?: string; type?: string };
    const operations = JSON.stringify({ query: SEARCH, variables: { image: null } });
    const map = JSON.stringify({ 0: ['variables.image'] });
    const file: Part = { name: '0', value: png, filename: 'a.png', type: 'image/png' };
    type Variant = [string, Part[], { truncate?: number; boundary?: string }?];
    const variants: Variant[] = [
      ['ok', [{ name: 'operations', value: operations }, { name: 'map', value: map }, file]],
      ['no operations', [{ name: 'map', value: map }, file]],
      ['no map', [{ name: 'operations', value: operations }, file]],
      [
        'no file',
        [
          { name: 'operations', value: operations },
          { name: 'map', value: map },
        ],
      ],
      ['file first', [file, { name: 'operations', value: operations }, { name: 'map', value: map }]],
      ['operations not JSON', [{ name: 'operations', value: '{' }, { name: 'map', value: map }, file]],
      ['operations a string', [{ name: 'operations', value: '"x"' }, { name: 'map', value: map }, file]],
      ['operations null', [{ name: 'operations', value: 'null' }, { name: 'map', value: map }, file]],
      [
        'operations a batch',
        [
          { name: 'operations', value: `[${operations}, ${operations}]` },
          { name: 'map', value: JSON.stringify({ 0: ['0.variables.image', '1.variables.image'] }) },
          file,
        ],
      ],
      ['map not JSON', [{ name: 'operations', value: operations }, { name: 'map', value: '[' }, file]],
      [
        'map an array',
        [{ name: 'operations', value: operations }, { name: 'map', value: '[["variables.image"]]' }, file],
      ],
      [
        'map entry not a list',
        [{ name: 'operations', value: operations }, { name: 'map', value: '{"0": "variables.image"}' }, file],
      ],
      [
        'map to a missing variable',
        [{ name: 'operations', value: operations }, { name: 'map', value: '{"0": ["variables.nope"]}' }, file],
      ],
      [
        'map to the query',
        [{ name: 'operations', value: operations }, { name: 'map', value: '{"0": ["query"]}' }, file],
      ],
      [
        'map to __proto__',
        [{ name: 'operations', value: operations }, { name: 'map', value: '{"0": ["__proto__.polluted"]}' }, file],
      ],
      [
        'map to constructor.prototype',
        [
          { name: 'operations', value: operations },
          { name: 'map', value: '{"0": ["constructor.prototype.polluted"]}' },
          file,
        ],
      ],
      [
        'map to a missing file',
        [{ name: 'operations', value: operations }, { name: 'map', value: '{"1": ["variables.image"]}' }, file],
      ],
      [
        'one file twice',
        [
          { name: 'operations', value: operations },
          { name: 'map', value: '{"0": ["variables.image", "variables.image"]}' },
          file,
        ],
      ],
      [
        'two files',
        [
          { name: 'operations', value: operations },
          { name: 'map', value: '{"0": ["variables.image"], "1": ["variables.other"]}' },
          file,
          { ...file, name: '1' },
        ],
      ],
      [
        'an upload as text',
        [
          {
            name: 'operations',
            value: JSON.stringify({
              query: 'mutation($t: String!) { searchByText(text: $t) { id } }',
              variables: { t: null },
            }),
          },
          { name: 'map', value: '{"0": ["variables.t"]}' },
          file,
        ],
      ],
      [
        'operations twice',
        [
          { name: 'operations', value: operations },
          { name: 'operations', value: operations },
          { name: 'map', value: map },
          file,
        ],
      ],
      [
        'body cut inside the file',
        [{ name: 'operations', value: operations }, { name: 'map', value: map }, file],
        { truncate: 0.9 },
      ],
      [
        'body cut inside operations',
        [{ name: 'operations', value: operations }, { name: 'map', value: map }, file],
        { truncate: 0.05 },
      ],
      [
        'wrong boundary',
        [{ name: 'operations', value: operations }, { name: 'map', value: map }, file],
        { boundary: 'other' },
      ],
      [
        'huge operations field',
        [
          {
            name: 'operations',
            value: JSON.stringify({ query: SEARCH, variables: { image: null, pad: 'x'.repeat(1100 * 1024) } }),
          },
          { name: 'map', value: map },
          file,
        ],
      ],
    ];
    const encode = (parts: Part[], boundary: string): Buffer =>
      Buffer.concat([
        ...parts.flatMap((p) => [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
          ),
          typeof p.value === 'string' ? Buffer.from(p.value) : p.value,
          Buffer.from('\r\n'),
        ]),
        Buffer.from(`--${boundary}--\r\n`),
      ]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...variants), fc.boolean(), async ([name, parts, options = {}], preflight) => {
        const boundary = 'fuzzboundary';
        let body = encode(parts, boundary);
        if (options.truncate) body = body.subarray(0, Math.floor(body.length * options.truncate));
        const context = `multipart ${name} (preflight ${preflight})`;
        const { res } = await probe(server, context, async (): Promise<GraphQLResponse> => {
          const r = await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: {
              'content-type': `multipart/form-data; boundary=${options.boundary ?? boundary}`,
              authorization: `Bearer ${ADMIN_KEY}`,
              ...(preflight ? { 'apollo-require-preflight': 'true' } : {}),
            },
            body,
            signal: AbortSignal.timeout(20_000),
          });
          const text = await r.text();
          try {
            return { status: r.status, ...(JSON.parse(text) as object) };
          } catch {
            return { status: r.status, errors: [{ message: text }] };
          }
        });
        tally.add(name, res);
        expect(({} as Record<string, unknown>).polluted, 'the prototype of every object was changed').toBeUndefined();
      }),
      fuzzParams<[Variant, boolean]>(
        2,
        variants.map((v): [Variant, boolean] => [v, true]),
      ),
    );
    tally.print('multipart: outcomes');
  });
});
