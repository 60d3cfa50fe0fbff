// V8 settings of the server and CLI processes, applied on import before any analysis code runs
// (import this module first). Set from inside the process, so the `wdm-dispatch-lsp` and
// `wdm-dispatch` bins get them however they are started, and an engine that lacks one ignores it.
import * as v8 from 'node:v8';

/**
 * - `--no-allocation-site-pretenuring`: after the workspace scan V8 starts allocating fact objects
 *   straight into the old generation; re-parses while typing then leave garbage that only a full
 *   GC reclaims, which showed as 15–20 ms edit spikes on a 589 KB file.
 * - `--always-sparkplug`: functions get baseline code on first call instead of running in the
 *   interpreter until they are hot, which a cold index (every function new) pays for file after file.
 * - `--max-inlined-bytecode-size-cumulative=200` (default 920): with the default, TurboFan inlined
 *   whole recognizers into `extract` and spent about 0.9 s of background CPU compiling in a cold
 *   index (one compile of `extract` took 135 ms), time the main thread ran unoptimized code and
 *   that the second core could not give to GC. Smaller compiles land sooner; warm speed is unchanged.
 * Measured on the WDK samples (2,274 files): the first two made a cold index about 8% faster with a
 * lower edit p99; the inlining cap, 12% less wall and 17% less CPU (`wdm-dispatch index`, medians
 * of 10 alternating runs).
 */
export const ENGINE_FLAGS: readonly string[] = [
  '--no-allocation-site-pretenuring',
  '--always-sparkplug',
  '--max-inlined-bytecode-size-cumulative=200',
];

for (const flag of ENGINE_FLAGS) {
  try {
    v8.setFlagsFromString(flag);
  } catch {
    // An engine without the flag runs as before; the settings only make it faster.
  }
}
