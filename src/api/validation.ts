import {
  validateOrReject,
  ValidateBy,
  type ValidationError,
  type ValidationOptions,
  type ValidatorOptions,
} from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { BadUserInputError } from './errors.js';

const CLASS_VALIDATOR: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

/** A surrogate half without its other half: not a character, so not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every argument of every resolver (type-graphql's `validateFn`): text must be storable, then the
 * class-validator constraints of input and args classes apply, as with `validate: true`.
 *
 * PostgreSQL cannot store U+0000 in text or jsonb (the query fails), and the driver silently
 * turns a lone surrogate into U+FFFD: either way the value would not come back as sent.
 */
export async function validateArgument(value: unknown): Promise<void> {
  const problem = unstorableText(value);
  if (problem) throw new BadUserInputError(`Invalid input: text may not contain ${problem}`);
  if (value === null || typeof value !== 'object' || isThenable(value)) return;
  try {
    if (Array.isArray(value)) {
      await Promise.all(
        value
          .filter((item) => item !== null && typeof item === 'object')
          .map((item) => validateOrReject(item, CLASS_VALIDATOR)),
      );
    } else {
      await validateOrReject(value, CLASS_VALIDATOR);
    }
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}

/**
 * What makes a string in this value (strings, object keys, nested lists and objects; uploads
 * are left alone) unstorable, or null. Iterative: a deeply nested JSON argument is no danger.
 */
export function unstorableText(value: unknown): string | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'NUL characters (U+0000)';
      if (LONE_SURROGATE.test(item)) return 'unpaired UTF-16 surrogates';
    } else if (Array.isArray(item)) {
      for (const nested of item) pending.push(nested);
    } else if (item !== null && typeof item === 'object' && !isThenable(item)) {
      for (const [key, nested] of Object.entries(item)) pending.push(key, nested);
    }
  }
  return null;
}

function isThenable(value: object): boolean {
  return typeof (value as { then?: unknown }).then === 'function';
}

/**
 * class-validator: free-form JSON that can be stored as sent. Much deeper JSON (it still fits a
 * request body) overflows the stack of whatever serialises it next; and TypeORM, copying the
 * value when it saves, drops keys named like built-in object members (`__proto__`, `toString`,
 * `constructor`, …) whose value is an object or a list.
 */
export function StorableJson(maxDepth: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'storableJson',
      constraints: [maxDepth],
      validator: {
        validate: (value: unknown) => jsonProblem(value, maxDepth) === null,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} ${jsonProblem(args?.value, maxDepth) ?? 'is not storable'}`,
      },
    },
    options,
  );
}

const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** What keeps this JSON value from being stored as sent, or null (iterative, stops early). */
export function jsonProblem(value: unknown, maxDepth: number): string | null {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > maxDepth) return `may be nested at most ${maxDepth} levels deep`;
    for (const [key, nested] of Object.entries(item)) {
      if (OBJECT_MEMBERS.has(key)) return `may not use "${key}" as a key`;
      pending.push([nested, depth + 1]);
    }
  }
  return null;
}
