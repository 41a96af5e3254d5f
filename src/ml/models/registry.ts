import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The models vitrina knows how to download, in the Hugging Face repository layout.
 *
 * Checksums: `sha256` is optional per file and verified whenever it is set. The real values are
 * not filled in because the hub cannot be reached from where this was written; someone who can
 * reach it should copy them from the repository's file pages (Git LFS shows "SHA256" for each
 * `.onnx` file) or from the `sha256` that `vitrina models pull` prints after a download they
 * trust. Until then the files are checked only for completeness (Content-Length and the atomic
 * rename of a finished `.partial`).
 */

export type ModelFile = {
  /** Path relative to the repository root, and to the local model directory. */
  path: string;
  /** Lower-case hex sha256 of the file; null when not known (then not verified). */
  sha256: string | null;
};

export type ModelSpec = {
  name: string;
  description: string;
  /** Where `<baseUrl><file.path>` is fetched from; ends with a slash. */
  baseUrl: string;
  files: ModelFile[];
};

export const MODELS: readonly ModelSpec[] = [
  {
    name: 'clip-vit-base-patch32',
    description: 'OpenAI CLIP ViT-B/32, ONNX export by Xenova (vision and text towers, 512-d, ~600 MB)',
    baseUrl: 'https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/',
    files: [
      // TODO(hub access): fill in the sha256 of each file, see the note at the top.
      { path: 'config.json', sha256: null },
      { path: 'preprocessor_config.json', sha256: null },
      { path: 'tokenizer.json', sha256: null },
      { path: 'tokenizer_config.json', sha256: null },
      { path: 'onnx/text_model.onnx', sha256: null },
      { path: 'onnx/vision_model.onnx', sha256: null },
    ],
  },
];

export const DEFAULT_MODEL = 'clip-vit-base-patch32';

export function findModel(name: string): ModelSpec | undefined {
  return MODELS.find((m) => m.name === name);
}

export function modelNames(): string[] {
  return MODELS.map((m) => m.name);
}

/** `<dataDir>/models/<name>`: where a model is installed. */
export function modelDir(dataDir: string, name: string): string {
  if (!/^[\w.-]+$/.test(name) || name === '.' || name === '..') throw new Error(`invalid model name: ${name}`);
  return path.join(dataDir, 'models', name);
}

/** A file's place inside the model directory; refuses paths that would leave it. */
export function modelFilePath(dir: string, file: string): string {
  const resolved = path.resolve(dir, file);
  if (path.isAbsolute(file) || !resolved.startsWith(path.resolve(dir) + path.sep)) {
    throw new Error(`model file outside the model directory: ${file}`);
  }
  return resolved;
}

/**
 * The model's directory when every file of the catalogue is there, else null. Downloads
 * write `<file>.partial` and rename only when complete, so a present file is a whole file.
 */
export async function installedModel(dataDir: string, name: string): Promise<string | null> {
  const spec = findModel(name);
  if (!spec) return null;
  const dir = modelDir(dataDir, name);
  for (const file of spec.files) {
    try {
      const stat = await fs.stat(modelFilePath(dir, file.path));
      if (!stat.isFile()) return null;
    } catch {
      return null;
    }
  }
  return dir;
}

/** One line for the start-up log when a model is missing. */
export function describeInstall(name: string): string {
  const spec = findModel(name);
  if (!spec) return `unknown model ${name}: known models are ${modelNames().join(', ')}`;
  const what = name.startsWith('clip-') ? 'CLIP' : name;
  return `${what} not installed: run \`npx vitrina models pull ${name}\``;
}
