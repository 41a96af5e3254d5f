import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

/**
 * `src/config.ts` is the one source of the settings: the variables it reads, and their defaults.
 * `.env.example` and `docs/configuration.md` describe them; these tests fail when either drifts
 * from it (a variable missing or unknown, a default that is not the default).
 */

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Every variable `loadConfig` reads, found by handing it an environment that records each lookup. */
function variablesConfigReads(): string[] {
  const seen = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get(_target, key) {
      if (typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key)) seen.add(key);
      return undefined;
    },
  });
  loadConfig(env);
  return [...seen];
}

type ExampleLine = { name: string; value: string; commented: boolean };

/** `.env.example`: `NAME=default` for a setting with a default, `# NAME=example` for one unset by default. */
function exampleLines(): ExampleLine[] {
  return read('.env.example')
    .split('\n')
    .flatMap((line) => {
      const m = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      return m ? [{ name: m[2]!, value: m[3]!, commented: Boolean(m[1]) }] : [];
    });
}

type DocEntry = { name: string; default: string | null };

/** `docs/configuration.md`: one list item per variable, "- `NAME` (default `value`): …" or "- `NAME` (unset): …". */
function docEntries(): DocEntry[] {
  return read('docs/configuration.md')
    .split('\n')
    .flatMap((line) => {
      if (!/^- `[A-Z][A-Z0-9_]*`/.test(line)) return [];
      const m = /^- `([A-Z][A-Z0-9_]*)` \((?:default `([^`]*)`|unset)\): \S/.exec(line);
      if (!m)
        throw new Error(`docs/configuration.md: expected "- \`NAME\` (default \`value\`): …" or "(unset)": ${line}`);
      return [{ name: m[1]!, default: m[2] ?? null }];
    });
}

/** A config object's leaves by path (arrays are leaves). */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [p, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(p, v);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** The anchors GitHub gives a Markdown file's headings (outside code blocks). */
function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const headings = [...text.matchAll(/^#{1,6} +(.+)$/gm)].map(([, heading]) => heading!);
  return new Set(
    headings.map((heading) =>
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

const duplicates = (names: string[]) => names.filter((name, i) => names.indexOf(name) !== i);

describe('settings: src/config.ts, .env.example and docs/configuration.md agree', () => {
  const known = variablesConfigReads().sort();
  const example = exampleLines();
  const docs = docEntries();

  it('finds the variables config.ts reads', () => {
    // A sanity check of the recording environment: a few that must be there.
    expect(known).toEqual(expect.arrayContaining(['PORT', 'DATA_DIR', 'DATABASE_URL', 'TELEGRAM_BOT_TOKEN']));
  });

  it('.env.example lists every variable once, and only those', () => {
    const names = example.map((l) => l.name);
    expect(duplicates(names)).toEqual([]);
    expect([...names].sort()).toEqual(known);
  });

  it('docs/configuration.md lists every variable once, and only those', () => {
    const names = docs.map((d) => d.name);
    expect(duplicates(names)).toEqual([]);
    expect([...names].sort()).toEqual(known);
  });

  it(".env.example's uncommented values are config.ts's defaults", () => {
    const defaults = Object.fromEntries(example.filter((l) => !l.commented).map((l) => [l.name, l.value]));
    expect(loadConfig(defaults)).toEqual(loadConfig({}));
  });

  it(".env.example's commented variables are unset by default, and their examples are valid", () => {
    const commented = example.filter((l) => l.commented);
    const defaults = leaves(loadConfig({}));
    // All examples at once: some only make sense together (a webhook URL needs its secret).
    const withExamples = leaves(loadConfig(Object.fromEntries(commented.map((l) => [l.name, l.value]))));
    const changed = [...defaults.keys()].filter(
      (p) => JSON.stringify(defaults.get(p)) !== JSON.stringify(withExamples.get(p)),
    );
    // Each example sets one setting that has no value by default.
    expect(changed).toHaveLength(commented.length);
    for (const p of changed) expect([undefined, '[]'], p).toContain(JSON.stringify(defaults.get(p)));
  });

  it('docs/configuration.md gives the same defaults as .env.example', () => {
    const fromExample = Object.fromEntries(example.map((l) => [l.name, l.commented ? null : l.value]));
    const fromDocs = Object.fromEntries(docs.map((d) => [d.name, d.default]));
    expect(fromDocs).toEqual(fromExample);
  });

  it('no source file other than src/config.ts reads the environment', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(ts|js|mjs)$/.test(entry.name) && file !== path.join('src', 'config.ts')) {
          if (/\bprocess\.env\b/.test(read(file))) offenders.push(file);
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });
});

describe('docs: README.md and docs/*.md', () => {
  const files = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
    f.endsWith('.md'),
  );

  it('keep lines within 120 characters', () => {
    const long = files.flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => ([...line].length > 120 ? [`${file}:${i + 1} (${[...line].length})`] : [])),
    );
    expect(long).toEqual([]);
  });

  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of files) {
      // Markdown links (inline and reference definitions) outside code blocks, with their
      // `#anchor` when they point at a Markdown file; external links are not checked.
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      const inline = [...text.matchAll(/\]\(([^)\s]+)\)/g)];
      const references = [...text.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)];
      for (const [, target] of [...inline, ...references]) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [linked, anchor] = target!.split('#');
        const resolved = linked
          ? path.join(path.dirname(path.join(root, file)), decodeURI(linked))
          : path.join(root, file);
        if (!fs.existsSync(resolved)) broken.push(`${file}: ${target}`);
        else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor))
          broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name only repository paths that exist (update them when a file moves)', () => {
    const missing: string[] = [];
    for (const file of files) {
      for (const [, ref] of read(file).matchAll(/`((?:src|tests|bench|monitoring|scripts|examples)\/[^`\s]*)`/g)) {
        // Patterns and placeholders (`src/resolvers/*.resolver.ts`, `<id>`) are not paths.
        if (/[*<>{}…]/.test(ref!)) continue;
        if (!fs.existsSync(path.join(root, ref!.replace(/[:#].*$/, '')))) missing.push(`${file}: ${ref}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
