import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Repositories } from '../repositories/index.js';

/** Whether this replica should run the named periodic task now (and keep it for `seconds`). */
export type PeriodicTurn = (task: string, seconds: number) => Promise<boolean>;

/**
 * Periodic work runs once across replicas, not once per replica: a task's tick runs only where
 * it holds the task's lease, renewed at each tick. A replica that dies stops renewing, and
 * another takes the task over once the lease expires. With one process, it always holds them.
 */
export class PeriodicLeases {
  readonly holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(private readonly repos: Repositories) {}

  readonly turn: PeriodicTurn = (task, seconds) => this.repos.leases.acquire(task, this.holder, seconds);

  /** Leave the tasks to the other replicas (a stop), without waiting for the leases to expire. */
  release(): Promise<void> {
    return this.repos.leases.release(this.holder);
  }
}

/** A lease that outlives two missed ticks of a task run every `intervalSeconds`. */
export function leaseSeconds(intervalSeconds: number): number {
  return intervalSeconds * 2 + 5;
}
