import { describe, expect, it } from 'vitest';
import { BoundedMap, DialogStore, RateLimiter } from '../../../src/bot/state.js';
import { parseEpochs } from '../../../src/bot/features/admin-training.js';
import { trainingRunText } from '../../../src/bot/format.js';
import type { TrainingRunFieldsFragment } from '../../../src/client/generated/graphql.js';

describe('RateLimiter', () => {
  it('allows a burst of `capacity`, then one per refill, warning once per refused streak', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1, () => now);
    expect([1, 2, 3].map(() => limiter.take(7).allowed)).toEqual([true, true, true]);
    expect(limiter.take(7)).toEqual({ allowed: false, warn: true });
    expect(limiter.take(7)).toEqual({ allowed: false, warn: false });
    expect(limiter.take(8).allowed).toBe(true); // another user has their own bucket
    now = 1_000;
    expect(limiter.take(7)).toEqual({ allowed: true, warn: false });
    expect(limiter.take(7)).toEqual({ allowed: false, warn: true });
    now = 60_000; // refilled up to capacity, not beyond
    expect([1, 2, 3, 4].map(() => limiter.take(7).allowed)).toEqual([true, true, true, false]);
  });
});

describe('DialogStore and BoundedMap', () => {
  it('keeps one dialog per chat and user, and forgets it after its time to live', () => {
    let now = 0;
    const dialogs = new DialogStore(1_000, () => now);
    dialogs.set(1, 7, { kind: 'comment', searchId: 's' });
    expect(dialogs.get(1, 7)).toEqual({ kind: 'comment', searchId: 's' });
    expect(dialogs.get(2, 7)).toBeUndefined();
    now = 999;
    expect(dialogs.get(1, 7)).toBeDefined();
    now = 1_000;
    expect(dialogs.get(1, 7)).toBeUndefined();
    dialogs.set(1, 7, { kind: 'rightProduct', searchId: 's' });
    expect(dialogs.delete(1, 7)).toEqual({ kind: 'rightProduct', searchId: 's' });
    expect(dialogs.delete(1, 7)).toBeUndefined();
  });

  it('drops the least recently written entries beyond its capacity', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([3, undefined, 4]);
  });
});

describe('training commands', () => {
  it('parses the optional epochs of /admin_start_training', () => {
    expect(parseEpochs('')).toBeUndefined();
    expect(parseEpochs(' 3 ')).toBe(3);
    for (const bad of ['0', '101', 'two', '1.5', '-1']) expect(parseEpochs(bad)).toBeNull();
  });

  it('shows progress while a run trains, and the metrics before and after once it succeeded', () => {
    const run: TrainingRunFieldsFragment = {
      id: 'abcdef12-0000-4000-8000-000000000000',
      status: 'RUNNING',
      progress: 0.4,
      epoch: 2,
      loss: 0.12345,
      error: null,
      examplesUsed: 24,
      startedBy: 'telegram:42',
      createdAt: '2025-01-01T00:00:00.000Z',
      startedAt: '2025-01-01T00:00:01.000Z',
      finishedAt: null,
      durationMs: null,
      parameters: {
        adapterKind: 'residual',
        batchSize: 32,
        epochs: 3,
        epochsRun: null,
        bestEpoch: null,
        learningRate: 0.001,
        weightDecay: 0,
        rank: null,
        temperature: 0.07,
        validationShare: 0.2,
      },
      metricsBefore: null,
      metricsAfter: null,
      modelVersion: null,
    };
    expect(trainingRunText(run)).toBe('🏋️ Training run abcdef12\n▓▓▓▓░░░░░░ 40% · epoch 2/3 · loss 0.1235');
    expect(trainingRunText({ ...run, status: 'QUEUED' })).toBe('🏋️ Training run abcdef12 is queued…');
    expect(
      trainingRunText({
        ...run,
        status: 'SUCCEEDED',
        progress: 1,
        durationMs: 3_210,
        metricsBefore: { top1: 0.5, recallAt5: 0.8, mrr: 0.6, queries: 6 },
        metricsAfter: { top1: 0.75, recallAt5: 1, mrr: 0.85, queries: 6 },
        modelVersion: { id: run.id, name: 'v2', status: 'READY' },
      }),
    ).toBe(
      [
        '✅ Training run abcdef12 finished in 3.2 s: new version v2 (READY), trained on 24 examples.',
        'Held-out searches: 6',
        '           before → after',
        'top-1      0.500 → 0.750',
        'recall@5   0.800 → 1.000',
        'MRR        0.600 → 0.850',
        '',
        'Serve it with /admin_models.',
      ].join('\n'),
    );
    expect(trainingRunText({ ...run, status: 'FAILED', error: 'not enough data' })).toBe(
      '❌ Training run abcdef12 failed: not enough data',
    );
  });
});
