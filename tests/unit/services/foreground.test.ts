import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ForegroundGate } from '../../../src/services/foreground.js';

describe('ForegroundGate', () => {
  it('lets background work wait until the last search in flight ends', async () => {
    const gate = new ForegroundGate();
    expect(gate.inFlight).toBe(0);
    await gate.quiet(10_000); // nothing in flight: at once
    const first = gate.enter();
    const second = gate.enter();
    expect(Atomics.load(gate.shared, 0)).toBe(2);
    let quiet = false;
    const waiting = gate.quiet(10_000).then(() => (quiet = true));
    first();
    first(); // leaving twice counts once
    await new Promise((r) => setTimeout(r, 20));
    expect(quiet).toBe(false);
    expect(gate.inFlight).toBe(1);
    second();
    await waiting;
    expect(quiet).toBe(true);
    expect(Atomics.load(gate.shared, 0)).toBe(0);
  });

  it('waits no longer than asked under constant load', async () => {
    const gate = new ForegroundGate();
    const leave = gate.enter();
    const started = Date.now();
    await gate.quiet(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(gate.inFlight).toBe(1);
    leave();
  });

  it('counts a task as in flight until it settles, also when it fails', async () => {
    const gate = new ForegroundGate();
    await expect(
      gate.run(async () => {
        expect(gate.inFlight).toBe(1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(gate.inFlight).toBe(0);
  });

  it('is visible to a worker thread, which blocks in waitForQuiet while searches run', async () => {
    const gate = new ForegroundGate();
    const leave = gate.enter();
    const boot = new URL('../../../src/lib/worker-boot.js', import.meta.url);
    const entry = new URL('../../fixtures/wait-for-quiet.worker.ts', import.meta.url).href;
    const worker = new Worker(boot, { workerData: { entry, shared: gate.shared } });
    const messages: string[] = [];
    const done = new Promise<void>((resolve) =>
      worker.on('message', (m: string) => {
        messages.push(m);
        if (m === 'done') resolve();
      }),
    );
    while (!messages.includes('waiting')) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toEqual(['waiting']); // still blocked: a search is in flight
    leave();
    await done;
    expect(messages).toEqual(['waiting', 'done']);
    await worker.terminate();
  });
});
