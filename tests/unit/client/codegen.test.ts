import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import config from '../../../codegen.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const GENERATED = 'src/client/generated';

/** Formatted with the repository's prettier settings, as `npm run codegen` leaves it. */
async function formatted(file: string, text: string): Promise<string> {
  const filepath = path.join(root, file);
  return format(text, { ...(await resolveConfig(filepath)), filepath });
}

describe('typed GraphQL documents', () => {
  it('src/client/generated is what codegen makes of schema.graphql and src/**/*.graphql', async () => {
    // Generated in memory: no files written, and no prettier hook (formatting is done here).
    const { hooks: _hooks, ...inMemory } = config;
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...inMemory, cwd: root, silent: true },
      false,
    );
    const expected = new Map(outputs.map((o) => [path.relative(root, path.resolve(root, o.filename)), o.content]));
    const committed = (await fs.readdir(path.join(root, GENERATED))).map((name) => path.join(GENERATED, name));

    const stale: string[] = [];
    for (const file of new Set([...expected.keys(), ...committed])) {
      const want = expected.get(file);
      const have = await fs.readFile(path.join(root, file), 'utf8').catch(() => undefined);
      if (want === undefined) stale.push(`${file} (no longer generated)`);
      else if (have === undefined) stale.push(`${file} (missing)`);
      else {
        // The committed side is formatted only when it differs (prettier is most of this test's time).
        const generated = await formatted(file, want);
        if (generated !== have && generated !== (await formatted(file, have))) stale.push(file);
      }
    }
    expect(stale, 'stale generated client code: run npm run codegen').toEqual([]);
  });
});
