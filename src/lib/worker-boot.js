// Worker threads cannot load TypeScript by themselves: register tsx, then load `workerData.entry`
// (the trainer, src/trainer/worker.ts; the built-in encoder's catalog thread).
// A worker doing background work (`workerData.nice`) first lowers its own thread's priority:
// on Linux, setpriority on a thread id applies to that thread only, so the API's threads get
// the cores first while it loads tfjs, trains and evaluates.
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

if (workerData.nice) {
  try {
    // /proc/thread-self → "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, workerData.nice);
  } catch {
    // Not Linux, or not allowed: the worker runs at normal priority.
  }
}
register();
await import(workerData.entry);
