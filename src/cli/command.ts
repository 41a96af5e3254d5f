import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { VitrinaClient } from '../client/graphql-client.js';

/**
 * Where a command writes. `env`, when given, is read instead of the environment the config came
 * from (tests run many end users against one config); today only VITRINA_END_USER is taken from it.
 */
export type Io = {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
};

/** What every command receives: its arguments, the output streams and an API client. */
export type Command = {
  args: string[];
  io: Io;
  client: () => VitrinaClient;
};

/** A wrong command line: the message and the usage text are printed, exit code 64 (EX_USAGE). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` with `--json` on every command; unknown options are usage errors. */
export function parseOptions<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...options, json: { type: 'boolean' } },
    });
  } catch (error) {
    // Node's messages run on with advice about `--`; the first sentence says what is wrong.
    throw new UsageError((error as Error).message.split(/\.\s/)[0]!);
  }
}

export function integer(value: string | undefined, name: string, min = 1, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

export function decimal(value: string | undefined, name: string) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name} must be a number`);
  return n;
}

/** `value` must be one of `choices` (case-insensitive, `-` for `_`); returns the API's upper-case enum value. */
export function choice<T extends string>(value: string | undefined, name: string, choices: readonly T[]): T {
  const wanted = (value ?? '').trim().toUpperCase().replaceAll('-', '_');
  const found = choices.find((c) => c === wanted);
  if (!found) {
    const list = choices.map((c) => c.toLowerCase().replaceAll('_', '-')).join(', ');
    throw new UsageError(`${name} must be one of ${list}${value === undefined ? '' : ` (got "${value}")`}`);
  }
  return found;
}

export function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`);
  return value;
}

export function isTty(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && Boolean(stream.isTTY);
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

export function println(io: Io, line = ''): void {
  io.stdout.write(`${line}\n`);
}

/** Rows as aligned columns (the first row is the header). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const fixed = (n: number | null | undefined, digits = 3) =>
  n === null || n === undefined ? '-' : n.toFixed(digits);

export const date = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');
