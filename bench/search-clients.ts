/**
 * searchByImage clients for the benchmarks (bench:speed, bench:scale): one thread of clients
 * sending JPEG photos over HTTP, and the summary of what they measured.
 */
import { Worker } from 'node:worker_threads';

export type Sample = { ms: number; timings: { decode: number; encode: number; vectorSearch: number; total: number } };

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
export const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The clients run in their own thread, as a load generator would in its own process: their
 * request building and parsing must not queue behind the server on its event loop.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, key, photos, concurrency, count, seconds } = workerData;
const query = 'mutation($image: Upload!) { searchByImage(image: $image, limit: 5) { id results { rank score product { id name } } timings { decode encode vectorSearch total } } }';
async function send(bytes) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { image: null } }));
  form.set('map', '{"0":["variables.image"]}');
  form.set('0', new Blob([bytes], { type: 'image/jpeg' }), 'photo.jpg');
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer ' + key, 'apollo-require-preflight': 'true' }, body: form });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { ms: performance.now() - started, timings: body.data.searchByImage.timings };
}
(async () => {
  const samples = [];
  let next = 0;
  const deadline = seconds ? performance.now() + seconds * 1000 : Infinity;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while ((count ? next < count : true) && performance.now() < deadline) samples.push(await send(photos[next++ % photos.length]));
  }));
  parentPort.postMessage(samples);
})().catch((error) => { throw error; });
`;

export async function runClients(
  url: string,
  key: string,
  photos: Buffer[],
  options: { concurrency: number; count?: number; seconds?: number },
): Promise<Sample[]> {
  const worker = new Worker(CLIENT, {
    eval: true,
    workerData: { url, key, photos, ...options },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export function summary(samples: Sample[], seconds?: number) {
  const stage = (name: keyof Sample['timings']) =>
    round(
      pct(
        samples.map((s) => s.timings[name]),
        50,
      ),
    );
  return {
    requests: samples.length,
    ...(seconds ? { seconds, perSecond: round(samples.length / seconds) } : {}),
    p50: round(
      pct(
        samples.map((s) => s.ms),
        50,
      ),
    ),
    p95: round(
      pct(
        samples.map((s) => s.ms),
        95,
      ),
    ),
    p99: round(
      pct(
        samples.map((s) => s.ms),
        99,
      ),
    ),
    // Inside the server, median per stage: decode = header checks, encode = embedding (or its
    // reuse), vectorSearch = k-NN, total = up to the stored search.
    serverStagesP50: {
      decode: stage('decode'),
      encode: stage('encode'),
      vectorSearch: stage('vectorSearch'),
      total: stage('total'),
    },
  };
}
