import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_PARAMS, resolveTrainingParams } from '../../../src/trainer/train.js';
import { splitBySearch, type TrainingExample } from '../../../src/trainer/data.js';

describe('training parameters', () => {
  it('defaults to the seed values and keeps overrides', () => {
    expect(resolveTrainingParams()).toEqual(DEFAULT_TRAINING_PARAMS);
    expect(DEFAULT_TRAINING_PARAMS).toMatchObject({
      batchSize: 8,
      epochs: 3,
      weightDecay: 0.01,
      adapterKind: 'residual',
    });
    expect(resolveTrainingParams({ epochs: 5, learningRate: null as never }).epochs).toBe(5);
  });

  it('names every bad or unknown key in one error', () => {
    expect(() =>
      resolveTrainingParams({ batchSize: 0, learningRate: -1, adapterKind: 'mlp' as never, bogus: 1 } as never),
    ).toThrow(
      /batchSize must be an integer in \[1, 1024\].*learningRate.*adapterKind must be one of.*bogus is not a training parameter/,
    );
  });
});

describe('splitBySearch', () => {
  it('keeps every search, and every query photo, on one side', () => {
    const examples: TrainingExample[] = [];
    for (let s = 0; s < 60; s++) {
      const query = s % 50; // searches 50..59 reuse the photos of searches 0..9
      examples.push({ query, searchId: `s${s}`, positive: s % 7, negatives: [] });
      if (s % 3 === 0) examples.push({ query, searchId: `s${s}`, positive: null, negatives: [1, 2] });
      if (s % 4 === 0) examples.push({ query, searchId: `s${s}`, positive: (s + 1) % 7, negatives: [3] });
    }
    const { train, validation } = splitBySearch(examples, 0.2, 5);
    const side = (indices: number[], key: (e: TrainingExample) => string | number) =>
      new Set(indices.map((i) => key(examples[i]!)));
    expect([...side(validation, (e) => e.searchId)].filter((s) => side(train, (e) => e.searchId).has(s))).toEqual([]);
    expect([...side(validation, (e) => e.query)].filter((q) => side(train, (e) => e.query).has(q))).toEqual([]);
    expect(validation.every((i) => examples[i]!.positive !== null)).toBe(true);
    expect(side(validation, (e) => e.query).size).toBe(10); // 20 % of the 50 photo groups
    expect(splitBySearch(examples, 0.2, 5)).toEqual({ train, validation });
  });

  it('holds nothing out when there is a single search', () => {
    const examples: TrainingExample[] = [{ query: 0, searchId: 'only', positive: 1, negatives: [] }];
    expect(splitBySearch(examples, 0.5, 1)).toEqual({ train: [0], validation: [] });
  });
});
