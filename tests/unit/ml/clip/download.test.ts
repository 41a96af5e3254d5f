import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClipEncoder } from '../../../../src/ml/clip/clip-encoder.js';
import { ModelDownloadError, pullModel, type PullProgress } from '../../../../src/ml/models/download.js';
import { runPullCommand } from '../../../../src/ml/models/pull-command.js';
import {
  describeInstall,
  findModel,
  installedModel,
  modelDir,
  type ModelSpec,
} from '../../../../src/ml/models/registry.js';
import { tinyClipFiles } from '../../../helpers/onnx.js';

const NAME = 'clip-vit-base-patch32';
const VISION = 'onnx/vision_model.onnx';

type Seen = { method: string; path: string; range: string | undefined };

/** The model hub, faked at the network boundary: a real HTTP server on loopback. */
class FakeHub {
  seen: Seen[] = [];
  /** Paths whose next GET is cut off halfway through the body. */
  cut = new Set<string>();
  ignoreRange = false;
  private server = http.createServer((req, res) => this.handle(req, res));
  url = '';

  constructor(private files: Map<string, Buffer>) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/repo/resolve/main/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  gets(file: string): Seen[] {
    return this.seen.filter((s) => s.method === 'GET' && s.path === file);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const file = decodeURIComponent(new URL(req.url!, 'http://x').pathname.replace('/repo/resolve/main/', ''));
    this.seen.push({ method: req.method!, path: file, range: req.headers.range });
    const body = this.files.get(file);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (range && !this.ignoreRange) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': body.length - start,
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
      });
    } else {
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' });
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const rest = body.subarray(start);
    if (this.cut.delete(file)) {
      // Half the body, then the connection drops. The pause lets the client take the bytes
      // first: fetch discards what it has buffered but not handed over when a body breaks, and
      // the test wants to know exactly what arrived.
      res.write(rest.subarray(0, Math.floor(rest.length / 2)), () => setTimeout(() => res.destroy(), 100));
      return;
    }
    res.end(rest);
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('pullModel against a local HTTP server', () => {
  const { files } = tinyClipFiles({ dim: 8 });
  const hub = new FakeHub(files);
  let dataDir: string;
  let dir: string;

  beforeAll(() => hub.start());
  afterAll(() => hub.stop());
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-pull-'));
    dir = modelDir(dataDir, NAME);
    hub.seen = [];
    hub.cut.clear();
    hub.ignoreRange = false;
  });
  afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

  async function expectInstalledCopy(): Promise<void> {
    for (const [rel, bytes] of files) expect((await fs.readFile(path.join(dir, rel))).equals(bytes)).toBe(true);
    const leftovers = (await fs.readdir(dir, { recursive: true })).filter((f) => String(f).endsWith('.partial'));
    expect(leftovers).toEqual([]);
  }

  it('downloads every file of the catalogue entry into <dataDir>/models/<name>, loadable by ClipEncoder', async () => {
    expect(await installedModel(dataDir, NAME)).toBeNull();
    const result = await pullModel(NAME, { dataDir, baseUrl: hub.url, retryDelayMs: 1 });
    expect(result.dir).toBe(dir);
    expect(result.files.map((f) => f.status)).toEqual(findModel(NAME)!.files.map(() => 'downloaded'));
    expect(result.files.find((f) => f.path === VISION)!.sha256).toBe(sha256(files.get(VISION)!));
    await expectInstalledCopy();
    expect(await installedModel(dataDir, NAME)).toBe(dir);

    const encoder = await ClipEncoder.load(dir, NAME);
    try {
      expect(encoder.checksum).toBe(sha256(files.get(VISION)!));
      expect(await encoder.embedTexts(['red shoe'])).toHaveLength(1);
    } finally {
      await encoder.close();
    }
  });

  it('reports progress per file and overall, with numbers that only grow', async () => {
    const events: PullProgress[] = [];
    await pullModel(NAME, { dataDir, baseUrl: hub.url, onProgress: (p) => events.push({ ...p }) });
    const total = [...files.values()].reduce((a, b) => a + b.length, 0);
    expect(events.length).toBeGreaterThanOrEqual(files.size * 2);
    for (let i = 1; i < events.length; i++) expect(events[i]!.bytes).toBeGreaterThanOrEqual(events[i - 1]!.bytes);
    expect(events.every((e) => e.total === total)).toBe(true); // sizes asked first (HEAD)
    expect(events.at(-1)).toMatchObject({ bytes: total, phase: 'done' });
    for (const [rel, bytes] of files) {
      const mine = events.filter((e) => e.file === rel);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.fileBytes).toBeGreaterThanOrEqual(mine[i - 1]!.fileBytes);
      expect(mine.at(-1)).toMatchObject({ fileBytes: bytes.length, fileTotal: bytes.length, phase: 'done' });
    }
  });

  it('verifies a known sha256 and keeps nothing when it does not match', async () => {
    const catalogue = findModel(NAME)!;
    const withSums = (visionSum: string): ModelSpec => ({
      ...catalogue,
      files: catalogue.files.map((f) => ({ ...f, sha256: f.path === VISION ? visionSum : sha256(files.get(f.path)!) })),
    });

    const bad = pullModel(withSums('0'.repeat(64)), { dataDir, baseUrl: hub.url, retryDelayMs: 1 });
    await expect(bad).rejects.toBeInstanceOf(ModelDownloadError);
    await expect(bad).rejects.toMatchObject({ reason: 'checksum', file: VISION });
    await expect(fs.stat(path.join(dir, VISION))).rejects.toThrow(/ENOENT/);
    await expect(fs.stat(path.join(dir, `${VISION}.partial`))).rejects.toThrow(/ENOENT/);
    expect(hub.gets(VISION)).toHaveLength(1); // a fresh download that mismatches is not retried
    expect(await installedModel(dataDir, NAME)).toBeNull();

    const good = await pullModel(withSums(sha256(files.get(VISION)!)), { dataDir, baseUrl: hub.url });
    expect(good.files.every((f) => f.verified)).toBe(true);
    // Files already there were checked against their sha256 and kept.
    expect(good.files.filter((f) => f.status === 'skipped').map((f) => f.path)).toHaveLength(files.size - 1);
    await expectInstalledCopy();
  });

  it('resumes a broken download with a Range request and ends byte-identical', async () => {
    hub.cut.add(VISION);
    const size = files.get(VISION)!.length;
    await pullModel(NAME, { dataDir, baseUrl: hub.url, retryDelayMs: 1 });
    const gets = hub.gets(VISION);
    expect(gets).toHaveLength(2);
    expect(gets[0]!.range).toBeUndefined();
    expect(gets[1]!.range).toBe(`bytes=${Math.floor(size / 2)}-`);
    await expectInstalledCopy();
  });

  it('leaves a .partial when it gives up, and the next pull continues from it', async () => {
    hub.cut.add(VISION);
    const size = files.get(VISION)!.length;
    const broken = pullModel(NAME, { dataDir, baseUrl: hub.url, retries: 0 });
    await expect(broken).rejects.toMatchObject({ reason: 'network', file: VISION });
    expect((await fs.stat(path.join(dir, `${VISION}.partial`))).size).toBe(Math.floor(size / 2));
    expect(await installedModel(dataDir, NAME)).toBeNull();

    hub.seen = [];
    const result = await pullModel(NAME, { dataDir, baseUrl: hub.url, retries: 0 });
    expect(hub.gets(VISION).map((g) => g.range)).toEqual([`bytes=${Math.floor(size / 2)}-`]);
    // Files finished by the first pull are not fetched again.
    expect(hub.seen.filter((s) => s.method === 'GET').map((s) => s.path)).toEqual([VISION]);
    expect(result.files.find((f) => f.path === VISION)!.sha256).toBe(sha256(files.get(VISION)!));
    await expectInstalledCopy();
  });

  it('starts the file over when the server answers a Range request with 200', async () => {
    hub.cut.add(VISION);
    hub.ignoreRange = true;
    await pullModel(NAME, { dataDir, baseUrl: hub.url, retryDelayMs: 1 });
    expect(hub.gets(VISION)).toHaveLength(2);
    expect(hub.gets(VISION)[1]!.range).toBeDefined();
    await expectInstalledCopy();
  });

  it('skips files that are already installed', async () => {
    await pullModel(NAME, { dataDir, baseUrl: hub.url });
    hub.seen = [];
    const events: PullProgress[] = [];
    const again = await pullModel(NAME, { dataDir, baseUrl: hub.url, onProgress: (p) => events.push(p) });
    expect(again.files.every((f) => f.status === 'skipped')).toBe(true);
    expect(hub.seen).toEqual([]);
    expect(events.every((e) => e.phase === 'skipped')).toBe(true);
    expect(events).toHaveLength(files.size);
  });

  it('fails on an HTTP error without retrying, and on an unknown model', async () => {
    const spec: ModelSpec = { ...findModel(NAME)!, files: [{ path: 'missing.onnx', sha256: null }] };
    await expect(pullModel(spec, { dataDir, baseUrl: hub.url, retryDelayMs: 1 })).rejects.toMatchObject({
      reason: 'http',
    });
    expect(hub.gets('missing.onnx')).toHaveLength(1);
    await expect(pullModel('no-such-model', { dataDir })).rejects.toMatchObject({ reason: 'unknown-model' });
  });

  it('runs as `vitrina models pull` with a progress bar and a summary', async () => {
    const stdout = new PassThrough();
    let output = '';
    stdout.on('data', (c: Buffer) => (output += c.toString()));
    const code = await runPullCommand([NAME, '--base-url', hub.url], { dataDir, stdout });
    expect(code).toBe(0);
    expect(output).toContain(`${NAME} installed in ${dir}`);
    expect(output).toContain(`${VISION}`);
    expect(output).toContain(sha256(files.get(VISION)!));

    output = '';
    expect(await runPullCommand([], { dataDir, stdout })).toBe(2);
    expect(output).toContain('usage: vitrina models pull');
    expect(output).toContain(NAME);
    expect(await runPullCommand(['nope'], { dataDir, stdout })).toBe(2);
  });
});

describe('describeInstall', () => {
  it('tells how to install a missing model', () => {
    expect(describeInstall(NAME)).toBe('CLIP not installed: run `npx vitrina models pull clip-vit-base-patch32`');
    expect(describeInstall('nope')).toMatch(/unknown model nope/);
  });
});
