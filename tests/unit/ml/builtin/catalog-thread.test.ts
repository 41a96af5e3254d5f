import { afterAll, describe, expect, it } from 'vitest';
import { BuiltinEncoder } from '../../../../src/ml/builtin/index.js';
import { makeImage } from '../../../helpers/images.js';

describe("the built-in encoder's catalog thread", () => {
  const threaded = new BuiltinEncoder(undefined, { catalogThreads: true });
  const local = new BuiltinEncoder();
  afterAll(() => threaded.close());

  it('describes catalog photos exactly as on the calling thread', async () => {
    const photos = await Promise.all([1, 2, 3, 4, 5].map((seed) => makeImage(seed, { width: 120, height: 90 })));
    const [there, here] = await Promise.all([threaded.embedCatalogImages(photos), local.embedCatalogImages(photos)]);
    expect(there).toHaveLength(5);
    for (const [i, vector] of there.entries()) expect(Array.from(vector)).toEqual(Array.from(here[i]!));
  });

  it('answers concurrent batches each with its own vectors', async () => {
    const batches = await Promise.all([10, 20, 30].map((seed) => makeImage(seed).then((p) => [p])));
    const answers = await Promise.all(batches.map((batch) => threaded.embedCatalogImages(batch)));
    const expected = await Promise.all(batches.map((batch) => local.embedCatalogImages(batch)));
    expect(answers.map((a) => Array.from(a[0]!))).toEqual(expected.map((e) => Array.from(e[0]!)));
  });

  it('rejects an undecodable photo and goes on; after close, the next call starts a new thread', async () => {
    await expect(threaded.embedCatalogImages([Buffer.from('not an image')])).rejects.toThrow();
    const photo = await makeImage(7);
    const [before] = await threaded.embedCatalogImages([photo]);
    await threaded.close();
    const [after] = await threaded.embedCatalogImages([photo]);
    expect(Array.from(after!)).toEqual(Array.from(before!));
  });
});
