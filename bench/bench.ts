// `npm run bench [DIR] [--scale N]`: speed and memory figures as JSON. Reads every C/C++ file of the
// tree with plain readFileSync (the baseline; then listed and read in fresh processes, the floor of
// any cold index), cold-indexes it in a fresh child process (scan, facts, model) for the time and
// peak RSS, re-diagnoses after edits and times hovers; both again with
// the files dropped from the page cache first. Without DIR the bench writes its own corpus into a
// temp folder; --scale N replicates the tree N times.
// First, as in the server and CLI: the child's cold index runs with the same engine settings.
import '../server/src/engineTuning';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, scanFolders } from '../server/src/index/backgroundScan';
import { globTest } from '../server/src/index/pathGlobs';
import { WorkspaceIndex } from '../server/src/index/workspaceIndex';
import { computeDiagnostics } from '../server/src/features/diagnostics';
import { computeHover } from '../server/src/features/hover';
import { pathToUri } from '../server/src/util/uri';
import { writeCorpus } from './corpus';
import { measureCrossFileRegistration, scaleGoals, sizeSweep } from './scale';

interface IndexFigures {
  files: number;
  indexMs: number;
  scanMs: number;
  modelMs: number;
  /** CPU time of the cold index (user + system): steadier than wall time on a busy machine. */
  indexCpuMs: number;
  /** Peak RSS right after the cold index. */
  peakRssMb: number;
  /** Peak RSS after the edit and hover runs as well. */
  peakRssAfterEditsMb?: number;
  filesWithFacts: number;
  drivers: number;
  registrations: number;
  editP50Ms?: number;
  editP99Ms?: number;
  hoverP50Ms?: number;
  hoverP99Ms?: number;
}

function listFiles(root: string): string[] {
  const include = globTest(DEFAULT_INCLUDE);
  const exclude = globTest(DEFAULT_EXCLUDE);
  const out: string[] = [];
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (exclude(r)) continue;
      if (e.isDirectory()) stack.push(r);
      else if (e.isFile() && include(r)) out.push(path.join(root, r));
    }
  }
  return out;
}

function readAll(files: readonly string[]): { ms: number; cpuMs: number; bytes: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  for (const f of files) bytes += fs.readFileSync(f).length;
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, bytes };
}

/**
 * Drops the files' pages from the OS page cache (as after a reboot), so that reads come from the
 * disk: `sync`, then GNU dd's `iflag=nocache` (posix_fadvise DONTNEED) per file, which needs no
 * privileges. False when the tools are missing or refuse; the bench then reports no cold figures.
 */
function dropFromPageCache(files: readonly string[]): boolean {
  if (process.platform !== 'linux' || files.length === 0) return false;
  spawnSync('sync');
  const script =
    'while IFS= read -r f; do dd if="$f" iflag=nocache count=0 status=none || exit 1; done';
  const r = spawnSync('sh', ['-c', script], { input: files.join('\n') + '\n', stdio: 'pipe' });
  return r.status === 0;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function ratio(a: number, b: number): number {
  return Math.round((a / Math.max(b, 0.001)) * 100) / 100;
}

/** Child process: cold index of `dir`, then edit and hover latencies. Prints IndexFigures. */
async function child(dir: string): Promise<void> {
  const abs = path.resolve(dir);
  const rootUri = pathToUri(abs);
  const index = new WorkspaceIndex([rootUri]);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await scanFolders([{ fsPath: abs, uri: rootUri }], index);
  const t1 = performance.now();
  const model = index.model;
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const figures: IndexFigures = {
    files: report.filesRead,
    indexMs: round(t2 - t0),
    scanMs: round(t1 - t0),
    modelMs: round(t2 - t1),
    indexCpuMs: round((cpu.user + cpu.system) / 1000),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    filesWithFacts: report.filesWithFacts,
    drivers: model.drivers.length,
    registrations: model.drivers.reduce((n, d) => n + d.registrations.length, 0),
  };

  // The largest file holding registrations: edit it and re-diagnose, hover its IRP_MJ codes.
  let largest: { uri: string; text: string } | undefined;
  for (const f of index.files()) {
    if (f.facts.registrations.length === 0) continue;
    const p = path.join(abs, ...f.relPath.split('/'));
    const text = fs.readFileSync(p, 'latin1');
    if (!largest || text.length > largest.text.length) largest = { uri: f.uri, text };
  }
  if (largest) {
    const settings = { severities: {} };
    // The editor opens the document (didOpen, diagnostics pulled) before the user types: that
    // first parse is not an edit, so it is done before the timed edits.
    index.setOpen(largest.uri, largest.text, 0);
    computeDiagnostics(index.model, largest.uri, settings);
    const edits: number[] = [];
    for (let i = 0; i < 200; i++) {
      const text = largest.text + `\n// edit ${i}\n`;
      const s = performance.now();
      index.setOpen(largest.uri, text, i + 1);
      computeDiagnostics(index.model, largest.uri, settings);
      edits.push(performance.now() - s);
    }
    edits.sort((a, b) => a - b);
    figures.editP50Ms = round(percentile(edits, 50));
    figures.editP99Ms = round(percentile(edits, 99));
    const lines = largest.text.split('\n');
    const targets: { line: number; character: number }[] = [];
    lines.forEach((l, line) => {
      const c = l.indexOf('IRP_MJ_');
      if (c >= 0) targets.push({ line, character: c + 3 });
    });
    if (targets.length > 0) {
      const m = index.model;
      const text = largest.text + `\n// edit 199\n`;
      const hovers: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const s = performance.now();
        computeHover(m, largest.uri, text, targets[i % targets.length]);
        hovers.push(performance.now() - s);
      }
      hovers.sort((a, b) => a - b);
      figures.hoverP50Ms = round(percentile(hovers, 50) * 1000) / 1000;
      figures.hoverP99Ms = round(percentile(hovers, 99) * 1000) / 1000;
    }
  }
  // Scale parts (bench/scale.ts): a registration added in another file of the driver, size sweep.
  Object.assign(
    figures,
    measureCrossFileRegistration(index, abs, largest?.uri),
    largest ? { sizeSweep: sizeSweep(largest.text) } : {},
  );
  figures.peakRssAfterEditsMb = round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(figures));
}

/**
 * Child process: the least any cold index pays before analysing a byte. It lists the tree (the
 * index's own include/exclude tests, no stat) and reads every file with readFileSync, in a fresh
 * process like the index child, timed the same way (after startup). Prints milliseconds.
 */
function floorChild(dir: string): void {
  const t0 = performance.now();
  const files = listFiles(dir);
  let bytes = 0;
  for (const f of files) bytes += fs.readFileSync(f).length;
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, files: files.length, bytes }));
}

/** Median over `runs` fresh processes of floorChild. */
function runFloor(dir: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [__filename, '--floor', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`floor child failed: ${r.stderr}`);
    times.push((JSON.parse(r.stdout) as { ms: number }).ms);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

function runChild(dir: string): IndexFigures {
  const r = spawnSync(process.execPath, [__filename, '--child', dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`index child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as IndexFigures;
}

/**
 * N copies of the tree's C/C++ files as hard links (cheap: no data is copied). The links go to the
 * temp folder, or next to the tree when the temp folder is on another file system; copies only
 * when neither place can hold links.
 */
function replicate(files: readonly string[], root: string, copies: number): string {
  const probe = (base: string): string | undefined => {
    const dest = fs.mkdtempSync(path.join(base, 'wdm-bench-scale-'));
    try {
      fs.linkSync(files[0], path.join(dest, 'probe'));
      fs.rmSync(path.join(dest, 'probe'));
      return dest;
    } catch {
      fs.rmSync(dest, { recursive: true, force: true });
      return undefined;
    }
  };
  const linked =
    files.length > 0 ? (probe(os.tmpdir()) ?? probe(path.dirname(path.resolve(root)))) : undefined;
  const dest = linked ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-bench-scale-'));
  for (let c = 0; c < copies; c++) {
    for (const f of files) {
      const target = path.join(dest, `copy${c}`, path.relative(root, f));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (linked) fs.linkSync(f, target);
      else fs.copyFileSync(f, target);
    }
  }
  return dest;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1]);
  if (argv[0] === '--floor') return floorChild(argv[1]);
  let dir: string | undefined;
  let scale: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--scale') scale = Number(argv[++i]);
    else dir = argv[i];
  }
  let generated = false;
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-bench-corpus-'));
    writeCorpus(dir);
    generated = true;
    scale ??= 10;
  }
  const files = listFiles(dir);
  readAll(files); // warm the page cache so both measurements read from memory
  const reads = [readAll(files), readAll(files), readAll(files)];
  const readMs = Math.min(...reads.map((r) => r.ms));
  const readCpuMs = Math.min(...reads.map((r) => r.cpuMs));
  const floorMs = runFloor(dir, 5);
  const figures = runChild(dir);
  // The same run from the disk: the first open of a tree since the machine started. The cache is
  // dropped before each of the two measurements, since the read fills it again.
  let coldCache:
    | {
        readMs: number;
        indexMs: number;
        ratio: number;
        peakRssMb: number;
        readSlowdown: number;
      }
    | undefined;
  if (dropFromPageCache(files)) {
    const read = readAll(files);
    dropFromPageCache(files);
    const index = runChild(dir);
    coldCache = {
      readMs: round(read.ms),
      indexMs: index.indexMs,
      ratio: ratio(index.indexMs, read.ms),
      peakRssMb: index.peakRssMb,
      // Near 1 means the drop did not take (a file system that ignores it): the figures are warm.
      readSlowdown: ratio(read.ms, readMs),
    };
  }
  const result: Record<string, unknown> = {
    tree: generated ? 'generated corpus' : dir,
    files: files.length,
    bytes: reads[0].bytes,
    readMs: round(readMs),
    indexMs: figures.indexMs,
    ratio: ratio(figures.indexMs, readMs),
    // Listing and reading the tree in a fresh process, with no analysis (median of 5 processes):
    // the part of indexMs no index design avoids, and its own ratio to readMs.
    freshProcessReadMs: round(floorMs),
    freshProcessReadRatio: ratio(floorMs, readMs),
    peakRssMb: figures.peakRssMb,
    readCpuMs: round(readCpuMs),
    indexCpuMs: figures.indexCpuMs,
    cpuRatio: ratio(figures.indexCpuMs, readCpuMs),
    coldCache: coldCache ?? null,
    detail: figures,
  };
  if (scale && scale > 1) {
    const big = replicate(files, dir, scale);
    const scaled = runChild(big);
    result.scale = {
      copies: scale,
      files: scaled.files,
      indexMs: scaled.indexMs,
      peakRssMb: scaled.peakRssMb,
      timeGrowth: ratio(scaled.indexMs, figures.indexMs),
      memoryGrowth: ratio(scaled.peakRssMb, figures.peakRssMb),
    };
    fs.rmSync(big, { recursive: true, force: true });
  }
  result.goals = scaleGoals(
    { ...figures, indexRatio: ratio(figures.indexMs, readMs), coldIndexRatio: coldCache?.ratio },
    result.scale as Parameters<typeof scaleGoals>[1],
  );
  if (generated) fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
