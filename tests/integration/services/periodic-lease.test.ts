import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/api/logger.js';
import { Metrics } from '../../../src/api/metrics.js';
import { createRepositories, type Repositories } from '../../../src/repositories/index.js';
import { ExperimentScheduler } from '../../../src/services/experiment.scheduler.js';
import { ExperimentService } from '../../../src/services/experiment.service.js';
import { PeriodicLeases } from '../../../src/services/periodic-lease.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

describe('periodic work across replicas', () => {
  let server: TestServer;
  let repos: Repositories;

  beforeAll(async () => {
    server = await startTestServer();
    repos = createRepositories(server.vitrina.dataSource);
  });
  afterAll(async () => server?.stop());

  it('gives a task to one replica until its lease expires unrenewed, or it lets go', async () => {
    const [a, b] = [new PeriodicLeases(repos), new PeriodicLeases(repos)];
    expect(await a.turn('task', 60)).toBe(true);
    expect(await b.turn('task', 60)).toBe(false);
    expect(await a.turn('task', 60)).toBe(true); // renewed
    expect(await b.turn('other task', 60)).toBe(true); // each task has its own holder

    await a.release();
    expect(await b.turn('task', 60)).toBe(true);
    expect(await a.turn('task', 60)).toBe(false);

    // A lease that ran out (its holder died without letting go) goes to whoever asks next.
    expect(await b.turn('task', 0)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await a.turn('task', 60)).toBe(true);
  });

  it('evaluates running experiments on one replica of two', async () => {
    const { registry, index } = server.vitrina.services;
    const logger = createLogger('silent');
    const replicas = [0, 1].map(() => {
      const experiments = new ExperimentService(repos, registry, index, new Metrics(), logger);
      const evaluate = vi.spyOn(experiments, 'evaluate');
      return {
        evaluate,
        scheduler: new ExperimentScheduler(experiments, registry, logger, 40),
        leases: new PeriodicLeases(repos),
      };
    });
    for (const { scheduler, leases } of replicas) scheduler.start(leases.turn);
    // Several ticks of the holder (however slowly a busy machine runs them), then stop both.
    const ticks = () => Math.max(...replicas.map((r) => r.evaluate.mock.calls.length));
    for (let waited = 0; ticks() <= 3 && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const { scheduler } of replicas) await scheduler.stop();
    const calls = replicas.map((r) => r.evaluate.mock.calls.length).sort((x, y) => x - y);
    expect(calls[0]).toBe(0);
    expect(calls[1]).toBeGreaterThan(3);
  });
});
