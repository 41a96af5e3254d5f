import cliProgress from 'cli-progress';
import { ModelDownloadError, pullModel, type PullProgress } from './download.js';
import { MODELS } from './registry.js';

export type PullCommandDeps = {
  dataDir: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Default for `--base-url` (e.g. a mirror from the configuration). */
  baseUrl?: string;
  /** Passed to pullModel; tests shorten it. */
  retryDelayMs?: number;
};

const USAGE = 'usage: vitrina models pull <name> [--base-url <url>]';

function megabytes(bytes: number | null): string {
  return bytes === null ? '?' : `${(bytes / 1e6).toFixed(1)} MB`;
}

function parseArgs(args: string[]): { name?: string; baseUrl?: string; error?: string } {
  let name: string | undefined;
  let baseUrl: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--base-url') {
      baseUrl = args[++i];
      if (!baseUrl) return { error: '--base-url needs a value' };
    } else if (arg.startsWith('--base-url=')) {
      baseUrl = arg.slice('--base-url='.length);
    } else if (arg.startsWith('-')) {
      return { error: `unknown option ${arg}` };
    } else if (name === undefined) {
      name = arg;
    } else {
      return { error: `unexpected argument ${arg}` };
    }
  }
  return { name, baseUrl };
}

/**
 * `vitrina models pull <name>`: download a model with a progress bar (overall and current
 * file). Returns the exit code: 0 installed, 1 download failed, 2 bad arguments.
 */
export async function runPullCommand(args: string[], deps: PullCommandDeps): Promise<number> {
  const out = deps.stdout;
  const parsed = parseArgs(args);
  if (parsed.error || !parsed.name) {
    out.write(`${parsed.error ? `${parsed.error}\n` : ''}${USAGE}\nmodels:\n`);
    for (const m of MODELS) out.write(`  ${m.name}  ${m.description}\n`);
    return 2;
  }

  const bars = new cliProgress.MultiBar(
    {
      stream: out,
      format: '{label} [{bar}] {percentage}% | {done} / {size}',
      hideCursor: true,
      clearOnComplete: false,
      // Without a terminal (CI, logs) print a line every few seconds instead of redrawing.
      noTTYOutput: !out.isTTY,
      notTTYSchedule: 5000,
      emptyOnZero: true,
      gracefulExit: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const overall = bars.create(0, 0, { label: 'total'.padEnd(28), done: megabytes(0), size: '?' });
  let fileBar: cliProgress.SingleBar | null = null;
  let current = '';

  const onProgress = (p: PullProgress) => {
    if (p.phase === 'skipped') {
      bars.log(`${p.file}: already installed\n`);
    } else {
      if (p.file !== current || !fileBar) {
        current = p.file;
        if (fileBar) bars.remove(fileBar);
        fileBar = bars.create(p.fileTotal ?? 0, p.fileBytes, {
          label: p.file.padEnd(28).slice(0, 28),
          done: '',
          size: '',
        });
      }
      fileBar.setTotal(p.fileTotal ?? 0);
      fileBar.update(p.fileBytes, { done: megabytes(p.fileBytes), size: megabytes(p.fileTotal) });
    }
    overall.setTotal(p.total ?? 0);
    overall.update(p.bytes, { done: megabytes(p.bytes), size: megabytes(p.total) });
  };

  try {
    const result = await pullModel(parsed.name, {
      dataDir: deps.dataDir,
      baseUrl: parsed.baseUrl ?? deps.baseUrl,
      onProgress,
      retryDelayMs: deps.retryDelayMs,
    });
    bars.stop();
    for (const f of result.files) {
      const check = f.verified
        ? 'sha256 verified'
        : f.sha256
          ? `sha256 ${f.sha256} (not in the catalogue)`
          : 'sha256 not checked';
      out.write(`  ${f.path}  ${megabytes(f.bytes)}  ${f.status}  ${check}\n`);
    }
    out.write(`${result.name} installed in ${result.dir}\n`);
    return 0;
  } catch (err) {
    bars.stop();
    const message =
      err instanceof ModelDownloadError ? err.message : `unexpected error: ${(err as Error).stack ?? String(err)}`;
    out.write(`models pull ${parsed.name} failed: ${message}\n`);
    if (err instanceof ModelDownloadError && err.reason === 'network') {
      out.write('run the same command again to resume where it stopped\n');
    }
    return err instanceof ModelDownloadError && err.reason === 'unknown-model' ? 2 : 1;
  }
}
