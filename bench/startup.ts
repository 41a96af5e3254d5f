/**
 * Start-up to a healthy /healthz on an existing data directory: spawn `vitrina serve` (what
 * `npm start` runs) N times over one DATA_DIR and time each from spawn to the first 200.
 * Usage: node --import tsx bench/startup.ts [runs=5]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const runs = Number(process.argv[2] ?? 5);
const root = path.resolve(import.meta.dirname, '..');
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-bench-startup-'));
const port = 4900 + Math.floor(Math.random() * 50);

async function once(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let elapsed = NaN;
  while (performance.now() - started < 60_000) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      elapsed = performance.now() - started;
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGTERM');
  await exited;
  return elapsed;
}

const first = await once(); // creates and migrates the database
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(await once());
await fs.rm(dataDir, { recursive: true, force: true });

const sorted = [...times].sort((a, b) => a - b);
const result = {
  benchmark: 'startup-to-healthy',
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  firstStartMs: Math.round(first),
  existingDataDirMs: {
    runs: times.map(Math.round),
    median: Math.round(sorted[Math.floor(sorted.length / 2)]!),
    max: Math.round(sorted.at(-1)!),
  },
};
await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(path.join(root, 'bench/results/startup.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`| first start (new data dir) | ${result.firstStartMs} ms |`);
console.log(
  `| start on existing data dir | median ${result.existingDataDirMs.median} ms, max ${result.existingDataDirMs.max} ms (${runs} runs) |`,
);
