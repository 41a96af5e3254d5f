/**
 * Who is waiting for an answer right now. Searches mark themselves in flight; background work
 * that shares the embedded database's single session (growing a version's index, embedding
 * the catalog) waits for a quiet moment before each of its statements. Otherwise every
 * statement of a search queues behind one of theirs, and a search pays that wait several times.
 */
/** The longest background work waits for a quiet moment before its next statement. */
const MAX_WAIT_MS = 100;

export class ForegroundGate {
  private waiters: Array<() => void> = [];
  /**
   * The number in flight, readable from other threads (a training worker checks it between
   * steps and gives up its core while searches run: this machine may have only two).
   */
  readonly shared = new Int32Array(new SharedArrayBuffer(4));

  /** Mark one foreground task in flight; call the returned function when it ends (once). */
  enter(): () => void {
    Atomics.add(this.shared, 0, 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (Atomics.sub(this.shared, 0, 1) === 1) {
        Atomics.notify(this.shared, 0);
        this.wake();
      }
    };
  }

  /** Run `task` as foreground work. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const leave = this.enter();
    try {
      return await task();
    } finally {
      leave();
    }
  }

  /**
   * Resolves when no foreground task is in flight, or after `maxWaitMs` at the latest: under
   * constant load, background work still moves, one statement per wait.
   */
  quiet(maxWaitMs = MAX_WAIT_MS): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      }, maxWaitMs);
      this.waiters.push(done);
    });
  }

  get inFlight(): number {
    return Atomics.load(this.shared, 0);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * For a worker thread: block while the foreground is busy (`shared` from a ForegroundGate), up
 * to `maxWaitMs`. Blocking is what a background thread should do here: it frees the core.
 */
export function waitForQuiet(shared: Int32Array, maxWaitMs: number): void {
  const deadline = performance.now() + maxWaitMs;
  for (let busy = Atomics.load(shared, 0); busy > 0; busy = Atomics.load(shared, 0)) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    Atomics.wait(shared, 0, busy, left);
  }
}
