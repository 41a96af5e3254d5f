import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { serializeAdapter } from '../../../src/trainer/adapter.js';
import { splitBySearch } from '../../../src/trainer/data.js';
import { evaluate } from '../../../src/trainer/evaluate.js';
import { runTrainingInWorker } from '../../../src/trainer/run-in-worker.js';
import { trainAdapter, type TrainingProgress } from '../../../src/trainer/train.js';
import { syntheticFeedback } from './synthetic.js';

const data = syntheticFeedback({ dim: 48, products: 40, searches: 220, nuisance: 3, seed: 3 });
const params = { learningRate: 3e-3, epochs: 4, rank: 16, catalogNegatives: 32, seed: 2 };

describe('trainAdapter', () => {
  it('learns what the base encoder gets wrong, measured on held-out searches', async () => {
    const progress: TrainingProgress[] = [];
    const result = await trainAdapter(data, params, { onProgress: (p) => progress.push(p) });

    const split = splitBySearch(data.examples, 0.2, params.seed);
    expect(result.validationExamples).toBe(split.validation.length);
    expect(result.validationExamples).toBeGreaterThan(30);
    expect(result.metricsBefore).toEqual(evaluate(null, data, split.validation));
    expect(result.metricsBefore.top1).toBeLessThan(0.6);
    expect(result.metricsAfter.top1).toBeGreaterThan(result.metricsBefore.top1 + 0.25);
    expect(result.metricsAfter.mrr).toBeGreaterThan(result.metricsBefore.mrr);
    // The reported metrics are the returned adapter's, recomputed independently.
    const again = evaluate(result.adapter, data, split.validation);
    expect(again.top1).toBeCloseTo(result.metricsAfter.top1, 5);

    expect(result.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(result.lossHistory).toHaveLength(result.epochsRun);
    expect(progress.length).toBeGreaterThan(result.epochsRun);
    expect(progress.at(-1)!.progress).toBe(1);
    expect(progress.every((p, i) => i === 0 || p.progress >= progress[i - 1]!.progress)).toBe(true);
    expect(serializeAdapter(result.adapter).length).toBeGreaterThan(0);
  });

  it('leaks no tensors', async () => {
    await trainAdapter(data, { ...params, epochs: 1 }); // the backend's own one-off tensors
    const before = tf.memory().numTensors;
    await trainAdapter(data, { ...params, epochs: 2, adapterKind: 'linear' });
    const parent = (await trainAdapter(data, { ...params, epochs: 1 })).adapter;
    await trainAdapter(data, { ...params, epochs: 1 }, { parent });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts from a compatible parent and compares against it', async () => {
    const first = await trainAdapter(data, { ...params, epochs: 1 });
    const second = await trainAdapter(data, { ...params, epochs: 1 }, { parent: first.adapter });
    expect(second.warmStart).toBe(true);
    expect(second.metricsBefore).toEqual(first.metricsAfter);
  });

  it('stops between batches when aborted', async () => {
    const controller = new AbortController();
    let batches = 0;
    const run = trainAdapter(data, params, {
      signal: controller.signal,
      onProgress: () => {
        if (++batches === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBe(3);
  });

  it('reports no validation set instead of failing when searches are too few', async () => {
    const tiny = { ...data, examples: data.examples.filter((e) => e.searchId === 'search-0' && e.positive !== null) };
    const result = await trainAdapter(tiny, { ...params, epochs: 1 });
    expect(result.validationExamples).toBe(0);
    expect(result.metricsAfter.queries).toBe(0);
    expect(result.epochsRun).toBe(1);
  });

  it('refuses data whose indices do not fit', async () => {
    const broken = { ...data, examples: [{ query: 0, searchId: 'x', positive: 999, negatives: [] }] };
    await expect(trainAdapter(broken, params)).rejects.toThrow(/positive product 999 of 40/);
  });
});

describe('runTrainingInWorker', () => {
  it('trains in a worker thread and forwards progress', async () => {
    const progress: TrainingProgress[] = [];
    const result = await runTrainingInWorker(data, { ...params, epochs: 1 }, { onProgress: (p) => progress.push(p) });
    const local = await trainAdapter(data, { ...params, epochs: 1 });
    expect(result.metricsAfter).toEqual(local.metricsAfter);
    expect(result.adapter.tensors.up).toBeInstanceOf(Float32Array);
    expect(Array.from(result.adapter.tensors.up!)).toEqual(Array.from(local.adapter.tensors.up!));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.progress).toBe(1);
  });

  it('rejects with an AbortError when aborted, and with the worker message on failure', async () => {
    const controller = new AbortController();
    const run = runTrainingInWorker(
      data,
      { ...params, epochs: 50 },
      {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await expect(runTrainingInWorker(data, { ...params, rank: 999_999 })).rejects.toThrow(/rank must be an integer/);
  });
});
