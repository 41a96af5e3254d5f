import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export type ServerProcess = {
  child: ChildProcess;
  /** Resolves with the URL once the server logs that it serves. */
  ready: Promise<string>;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
};

/** PATH as a shell has it, without the node_modules/.bin that `npm test` put first. */
export function shellPath(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.includes(`node_modules${path.sep}.bin`))
    .join(path.delimiter);
}

/**
 * Run `vitrina serve` as a real child process: directly on this Node, or `via: 'npm'` as the
 * README does (`npm start`, from a shell's PATH; in its own process group, which `stop` ends).
 */
export function spawnServer(
  env: Record<string, string>,
  { via = 'node' }: { via?: 'node' | 'npm' } = {},
): ServerProcess {
  const [command, args] =
    via === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: via === 'npm' ? shellPath() : (process.env.PATH ?? ''),
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: via === 'npm',
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)\/graphql","msg":"vitrina is serving"/.exec(out);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then((code) => reject(new Error(`server exited with ${code} before it was ready:\n${out}`)));
  });
  ready.catch(() => {});
  return { child, ready, exited, output: () => out };
}
