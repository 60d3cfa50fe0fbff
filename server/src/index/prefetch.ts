// Pulls the files a scan is about to read into the OS page cache from a worker thread, so that
// disk waits overlap the main thread's tokenizing. It matters on a tree read for the first time
// since boot: there, reading alone took as long as all the indexing work (measured on the WDK samples).
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { READ_FLAGS } from './readSource';

/**
 * The worker's whole program, run with `eval` so that no extra file has to ship next to the
 * bundles. It reads every path once, in order, into one scratch buffer and keeps nothing: the point
 * is the page cache, not the bytes. Synchronous reads cost the least CPU; `terminate` stops it.
 */
const PREFETCH_PROGRAM = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { paths, maxBytes, flags } = workerData;
const buffer = Buffer.allocUnsafe(256 * 1024);
for (const path of paths) {
  let fd;
  try {
    fd = fs.openSync(path, flags);
    let total = 0;
    for (let n = 1; n > 0 && total <= maxBytes; total += n) n = fs.readSync(fd, buffer, 0, buffer.length, null);
  } catch {
    // Unreadable here means unreadable for the scan too, which reports it.
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
  }
}
`;

/** Below this many files the scan is short anyway and a thread is not worth starting. */
export const PREFETCH_MIN_FILES = 200;
/** Files read in this thread first, to tell a cold page cache from a warm one. */
const PROBE_FILES = 32;
/**
 * Mean time per probed file above which the cache counts as cold. Measured on the WDK samples:
 * about 20 µs per file from memory, 100 to 170 µs from a virtio disk (far more from a real one).
 */
const COLD_MICROS_PER_FILE = 60;

export class Prefetcher {
  /** Settles when the worker has stopped, having read everything or been stopped. */
  readonly finished: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.finished = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /**
   * Reads the first few of `paths` here and, when that shows the files come from disk, starts
   * reading the rest in the background, in order. Undefined when there are too few files, the
   * cache is warm (a thread would only cost CPU), or no worker can be started: the scan then
   * simply reads without help.
   */
  static startIfCold(paths: readonly string[], maxBytes: number): Prefetcher | undefined {
    if (paths.length < PREFETCH_MIN_FILES) return undefined;
    const probed = Math.min(PROBE_FILES, paths.length);
    const started = performance.now();
    for (let i = 0; i < probed; i++) touch(paths[i], maxBytes);
    const microsPerFile = ((performance.now() - started) * 1000) / probed;
    if (microsPerFile < COLD_MICROS_PER_FILE) return undefined;
    return Prefetcher.start(paths.slice(probed), maxBytes);
  }

  /** Starts reading `paths` in the background, in order; undefined when no worker can start. */
  static start(paths: readonly string[], maxBytes: number): Prefetcher | undefined {
    try {
      const worker = new Worker(PREFETCH_PROGRAM, {
        eval: true,
        workerData: { paths, maxBytes, flags: READ_FLAGS },
        // A small heap: the worker holds a path list and one scratch buffer.
        resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 },
        // Its output streams stay its own: the server's stdout is the protocol channel.
        stdout: true,
        stderr: true,
      });
      // Failures only cost the speed-up: the scan reads every file itself regardless.
      worker.on('error', () => undefined);
      worker.unref();
      return new Prefetcher(worker);
    } catch {
      return undefined;
    }
  }

  /** Stops reading ahead (the scan ended or was cancelled). */
  stop(): void {
    void this.worker.terminate().catch(() => undefined);
  }
}

let probeBuffer: Buffer | undefined;

/**
 * Reads one file up to the limit and drops the bytes (the probe; errors are the scan's to report).
 * Not readSource's reader: that one writes into the scanner's large buffer, whose first-touch page
 * faults made a warm probe look cold (measured 30–90 µs per file against about 20 here).
 */
function touch(path: string, maxBytes: number): void {
  probeBuffer ??= Buffer.allocUnsafe(256 * 1024);
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, READ_FLAGS);
    let total = 0;
    for (let n = 1; n > 0 && total <= maxBytes; total += n) {
      n = fs.readSync(fd, probeBuffer, 0, probeBuffer.length, null);
    }
  } catch {
    // The scan reads this file again and reports what is wrong with it.
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Nothing to recover from a failed close of a descriptor only read from.
      }
    }
  }
}
