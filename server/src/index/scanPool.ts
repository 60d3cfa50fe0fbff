// A small pool of scan worker threads (scanWorker.ts): requests go to the first idle worker. When
// the worker script is missing or a worker dies, requests fail and the scanner does the batch itself.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './scanWorker';

type Body<R> = R extends unknown ? Omit<R, 'id'> : never;

interface Slot {
  worker: Worker;
  busy: boolean;
  resolve?: (r: WorkerResponse) => void;
  reject?: (e: Error) => void;
}

/**
 * Worker count when the caller does not say. Each worker compiles the lexer anew and holds its own
 * heap (about 15 MB), and structured cloning of facts costs CPU: measured on 2 busy cores, workers
 * were slower than one thread. So: in-thread (1) below 4 cores, 2 workers from 4 cores, which keeps
 * peak memory under the 150 MB goal.
 */
export function defaultWorkerCount(): number {
  const cores =
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 4 ? 2 : 1;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly queue: {
    body: Body<WorkerRequest>;
    resolve: (r: WorkerResponse) => void;
    reject: (e: Error) => void;
  }[] = [];
  private nextId = 1;

  private constructor(script: string, size: number) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: new Worker(script), busy: false };
      slot.worker.on('message', (r: WorkerResponse) => {
        const resolve = slot.resolve;
        slot.busy = false;
        slot.resolve = slot.reject = undefined;
        resolve?.(r);
        this.pump();
      });
      const fail = (e: unknown): void => {
        const reject = slot.reject;
        slot.busy = true; // never reuse a worker that failed
        slot.resolve = slot.reject = undefined;
        reject?.(e instanceof Error ? e : new Error(String(e)));
        if (this.slots.every((s) => s.busy && !s.resolve)) {
          for (const q of this.queue.splice(0)) q.reject(new Error('no scan worker left'));
        }
      };
      slot.worker.on('error', fail);
      slot.worker.on('exit', (code) => fail(new Error(`scan worker exited with code ${code}`)));
      this.slots.push(slot);
    }
  }

  /** A pool of `size` workers, or undefined when threads would not help or the script is absent. */
  static create(size: number): ScanPool | undefined {
    if (size < 2) return undefined;
    const script = path.join(__dirname, 'scanWorker.js');
    if (!fs.existsSync(script)) return undefined;
    try {
      return new ScanPool(script, size);
    } catch {
      return undefined;
    }
  }

  get size(): number {
    return this.slots.length;
  }

  run(body: Body<WorkerRequest>): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      this.queue.push({ body, resolve, reject });
      this.pump();
    });
  }

  close(): void {
    for (const s of this.slots) {
      s.worker.removeAllListeners('exit');
      void s.worker.terminate();
    }
    for (const q of this.queue.splice(0)) q.reject(new Error('scan pool closed'));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.busy = true;
      slot.resolve = job.resolve;
      slot.reject = job.reject;
      slot.worker.postMessage({ ...job.body, id: this.nextId++ } as WorkerRequest);
    }
  }
}
