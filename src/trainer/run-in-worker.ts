import { Worker } from 'node:worker_threads';
import type { TrainingData } from './data.js';
import { abortError } from './abort.js';
import type { TrainingOptions, TrainingParams, TrainingResult } from './train.js';
import { packTrainingData, type WorkerInput, type WorkerMessage } from './transfer.js';

/** The trainer thread's priority (Linux nice value): below the API's threads. */
const BACKGROUND_NICENESS = 10;

/**
 * `trainAdapter` in a worker thread, so a training run never stalls the caller's event loop.
 * The vectors cross in one transferred buffer; progress comes back as messages. On abort the
 * worker is terminated (tfjs state and all) and the promise rejects with an AbortError.
 */
export function runTrainingInWorker(
  data: TrainingData,
  params: Partial<TrainingParams>,
  options: Omit<TrainingOptions, 'beforeStep'> & { foreground?: Int32Array } = {},
): Promise<TrainingResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  const { packed, transfer } = packTrainingData(data);
  const workerData: WorkerInput = {
    entry: new URL('./worker.ts', import.meta.url).href,
    data: packed,
    params,
    parent: options.parent ?? null,
    foreground: options.foreground ?? null,
    nice: BACKGROUND_NICENESS,
  };
  const worker = new Worker(new URL('../lib/worker-boot.js', import.meta.url), { workerData, transferList: transfer });

  return new Promise<TrainingResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () => settle(() => reject(abortError()));
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      switch (message.type) {
        case 'progress':
          onProgress?.(message.progress);
          break;
        case 'result':
          settle(() => resolve(message.result));
          break;
        case 'error': {
          const error = new Error(message.message);
          error.name = message.name;
          if (message.stack) error.stack = message.stack;
          settle(() => reject(error));
          break;
        }
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`training worker exited with code ${code} before a result`))),
    );
  });
}
