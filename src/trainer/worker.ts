import { parentPort, workerData } from 'node:worker_threads';
import { trainAdapter } from './train.js';
import { unpackTrainingData, type WorkerInput, type WorkerMessage } from './transfer.js';
import { waitForQuiet } from '../services/foreground.js';

/** The longest one training step waits for searches in flight to finish. */
const MAX_PAUSE_MS = 50;

/** Runs one training in this worker thread (started by run-in-worker.ts through lib/worker-boot.js). */
const input = workerData as WorkerInput;
const port = parentPort!;
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const result = await trainAdapter(unpackTrainingData(input.data), input.params, {
    parent: input.parent,
    onProgress: (progress) => send({ type: 'progress', progress }),
    beforeStep: input.foreground ? () => waitForQuiet(input.foreground!, MAX_PAUSE_MS) : undefined,
  });
  send(
    { type: 'result', result },
    Object.values(result.adapter.tensors).map((t) => t.buffer as ArrayBuffer),
  );
} catch (error) {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  send({ type: 'error', name, message, stack });
}
