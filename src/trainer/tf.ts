import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof tf;

let ready: Promise<Tf> | null = null;

/**
 * tfjs with the fastest backend that starts here, chosen once per thread: the native
 * `tensorflow` backend when @tensorflow/tfjs-node is installed, else wasm (its .wasm files
 * come from node_modules, never the network), else the plain JS cpu backend.
 */
export function loadTf(): Promise<Tf> {
  ready ??= chooseBackend();
  return ready;
}

async function chooseBackend(): Promise<Tf> {
  if (await tryNative()) return tf;
  try {
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    setWasmPaths(path.dirname(wasm) + path.sep);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return tf;
    }
  } catch {
    // fall through to cpu
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

async function tryNative(): Promise<boolean> {
  // A variable keeps TypeScript and bundlers from requiring the optional package.
  const name = '@tensorflow/tfjs-node';
  try {
    await import(name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}
