/**
 * The kill -9 tests (tests/e2e/faults.test.ts) N times in a row, stopping at the first failure:
 * a fault test that passes once may still depend on where the kill happened to land.
 * Usage: npm run faults [-- <runs=10>]
 * Writes bench/results/faults.json and faults.md (each run's result and duration, date, machine);
 * a failed run's vitest output goes to bench/results/faults-failure.log. Exits 1 on a failure.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const TEST_FILE = 'tests/e2e/faults.test.ts';
const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: npm run faults [-- <runs, a positive integer>]\n');
  process.exit(64);
}
const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'bench/results');

type Run = {
  run: number;
  passed: boolean;
  seconds: number;
  tests: { passed: number; failed: number };
  /** The machine's 1-minute load average as the run started: this VM is shared, and runs slow down with it. */
  loadAtStart: number;
};

/** One vitest run of the file; its JSON report says which tests passed. */
async function once(): Promise<{ passed: boolean; tests: Run['tests']; output: string }> {
  const report = path.join(os.tmpdir(), `vitrina-faults-${process.pid}-${Date.now()}.json`);
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      TEST_FILE,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const json = await fs
    .readFile(report, 'utf8')
    .then((text) => JSON.parse(text) as { numPassedTests: number; numFailedTests: number; numTotalTests: number })
    .catch(() => null);
  await fs.rm(report, { force: true });
  const tests = { passed: json?.numPassedTests ?? 0, failed: json ? json.numTotalTests - json.numPassedTests : 0 };
  return { passed: code === 0 && tests.failed === 0 && tests.passed > 0, tests, output };
}

const done: Run[] = [];
const started = new Date();
for (let run = 1; run <= runs; run++) {
  const loadAtStart = Math.round(os.loadavg()[0]! * 10) / 10;
  const t0 = performance.now();
  const { passed, tests, output } = await once();
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  done.push({ run, passed, seconds, tests, loadAtStart });
  process.stdout.write(
    `run ${run}/${runs}: ${passed ? 'passed' : 'FAILED'} in ${seconds} s (${tests.passed} passed, ${tests.failed} failed)\n`,
  );
  if (!passed) {
    await fs.mkdir(results, { recursive: true });
    await fs.writeFile(path.join(results, 'faults-failure.log'), output);
    process.stdout.write(output.slice(-4000));
    break;
  }
}

const firstFailure = done.findIndex((r) => !r.passed);
const inARow = firstFailure === -1 ? done.length : firstFailure;
const durations = done.map((r) => r.seconds).sort((a, b) => a - b);
const result = {
  benchmark: 'faults (kill -9 tests)',
  testFile: TEST_FILE,
  date: started.toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
  },
  runsRequested: runs,
  passedInARow: inARow,
  allPassed: inARow === runs,
  seconds: {
    median: durations[Math.floor(durations.length / 2)] ?? null,
    max: durations.at(-1) ?? null,
    total: Math.round(durations.reduce((a, b) => a + b, 0)),
  },
  runs: done,
};

const md = [
  `# kill -9 fault tests, ${runs} runs in a row`,
  '',
  `${TEST_FILE}: a real \`vitrina serve\` (embedded database) killed with SIGKILL during a catalog import, ` +
    'embedding jobs and training runs, restarted on the same DATA_DIR, and its data directory checked.',
  '',
  `${result.allPassed ? `**All ${runs} runs passed.**` : `**Run ${inARow + 1} failed** after ${inARow} passing in a row (output in faults-failure.log).`} ` +
    `Median ${result.seconds.median} s, max ${result.seconds.max} s a run.`,
  '',
  `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${result.machine.cpus} × ${result.machine.model ?? 'CPU'}, ` +
    `${result.machine.memoryGb} GB · Node ${process.version}. The machine may be shared: a run's duration follows the load.`,
  '',
  '| run | result | tests passed | duration | load (1 min) at start |',
  '|---:|---|---:|---:|---:|',
  ...done.map(
    (r) =>
      `| ${r.run} | ${r.passed ? 'passed' : '**failed**'} | ${r.tests.passed}/${r.tests.passed + r.tests.failed} | ${r.seconds} s | ${r.loadAtStart} |`,
  ),
  '',
].join('\n');

await fs.mkdir(results, { recursive: true });
await fs.writeFile(path.join(results, 'faults.json'), `${JSON.stringify(result, null, 2)}\n`);
await fs.writeFile(path.join(results, 'faults.md'), md);
process.stdout.write(`\n${md}`);
process.exit(result.allPassed ? 0 : 1);
