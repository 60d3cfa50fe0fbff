// The disk reader of the index (with readSource.ts, which reads one file): walks workspace folders
// (include/exclude globs, maxFiles and size caps, symlink loops refused, per-file errors recorded),
// feeds each file's facts to the WorkspaceIndex with the prefilter, then runs the name-driven
// definition pass. Yields to the event loop; optionally spreads the reading over worker threads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyFacts } from '../syntax/dispatchFacts';
import type { FunctionFact } from '../syntax/factTypes';
import { pathToUri } from '../util/uri';
import { isProjectMarkerName } from './driverModel';
import {
  definitionPass,
  errorCode,
  errorMessage,
  firstPass,
  readSourceText,
  type FirstPassOutcome,
  type ScanIssue,
  type SourceFile,
} from './readSource';
import { mentionedNames } from './nameMatch';
import { excludeTests, globTest } from './pathGlobs';
import { Prefetcher } from './prefetch';
import { defaultWorkerCount, ScanPool } from './scanPool';
import type { WorkspaceIndex } from './workspaceIndex';

export type { ScanIssue } from './readSource';

/** C and C++ sources and headers a driver tree holds (`.inl` and `.hxx` appear in the WDK samples). */
export const DEFAULT_INCLUDE = ['**/*.{c,cc,cpp,cxx,c++,h,hh,hpp,hxx,h++,inl,ipp,tcc}'];

/**
 * Vendored and generated trees that never hold the driver's own sources. Build output folders are
 * excluded by their configuration names only (`x64/Debug`), not `x64/` alone, because driver
 * trees keep per-architecture sources and libraries in folders named `x64`, `amd64`, `arm64`.
 */
export const DEFAULT_EXCLUDE = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.svn/**',
  '**/.hg/**',
  '**/.vs/**',
  '**/.vscode-test/**',
  '**/out/**',
  '**/objfre_*/**',
  '**/objchk_*/**',
  '**/{x64,x86,Win32,ARM,ARM64}/{Debug,Release}/**',
];

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A folder to scan; its URI defaults to the path's `file://` URI. */
export interface ScanFolder {
  fsPath: string;
  uri?: string;
}

export interface ScanProgress {
  phase: 'walk' | 'read' | 'definitions';
  done: number;
  total: number;
}

export interface ScanOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Stop after this many matching files (0: no cap). */
  maxFiles?: number;
  /** Files larger than this are skipped with a reason. */
  maxFileBytes?: number;
  onProgress?: (progress: ScanProgress) => void;
  signal?: AbortSignal;
  /**
   * Texts of files the definition pass may need are kept up to this many characters and re-read
   * from disk beyond it, so memory stays bounded on huge trees.
   */
  keepTextBudget?: number;
  /**
   * Worker threads that read and extract in parallel (default: see defaultWorkerCount; 1 means this
   * thread). Trees of fewer than `parallelThreshold` files (default 400) are done in this thread:
   * starting workers would cost more than it saves.
   */
  workers?: number;
  parallelThreshold?: number;
  /**
   * Reading ahead in a worker thread (prefetch.ts): `auto` (default) when the first files read show
   * a cold page cache, `always` (tests), `never`.
   */
  prefetch?: 'auto' | 'always' | 'never';
}

export interface ScanReport {
  /** Files matching the globs that were found (up to the cap). */
  filesFound: number;
  /** Files read and decoded (skipped and failed ones excluded). */
  filesRead: number;
  bytesRead: number;
  /** Files fully tokenized by the prefilter's first pass. */
  filesWithFacts: number;
  /** Files in which the name-driven definition pass found handler definitions. */
  definitionPassFiles: number;
  /** True when maxFiles stopped the walk: some files were not indexed. */
  capped: boolean;
  cancelled: boolean;
  /** Worker threads used (0: everything ran in this thread). */
  workers: number;
  /** Files skipped on purpose (too large, binary) with the reason. */
  skipped: ScanIssue[];
  /** Files and folders that could not be read (permission, deleted during the scan, loops). */
  errors: ScanIssue[];
  durationMs: number;
}

type FoundFile = SourceFile;

/** Hands control back to the event loop about every 10 ms of work. */
class Yielder {
  private last = performance.now();
  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < 10) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}

/** `path.join` for a name read from a folder: no normalizing needed, and this runs per entry. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

function encodeSegment(s: string): string {
  return /^[A-Za-z0-9\-._~]*$/.test(s) ? s : pathToUri('/' + s, false).slice('file:///'.length);
}

/** Walks `folders`, reads every matching file and feeds `index`; resolves with what happened. */
export async function scanFolders(
  folders: readonly ScanFolder[],
  index: WorkspaceIndex,
  options: ScanOptions = {},
): Promise<ScanReport> {
  const started = performance.now();
  const report: ScanReport = {
    filesFound: 0,
    filesRead: 0,
    bytesRead: 0,
    filesWithFacts: 0,
    definitionPassFiles: 0,
    capped: false,
    cancelled: false,
    workers: 0,
    skipped: [],
    errors: [],
    durationMs: 0,
  };
  const yielder = new Yielder();
  const cancelled = (): boolean => {
    if (options.signal?.aborted) report.cancelled = true;
    return report.cancelled;
  };

  // Listeners see one change event for the whole scan, not one per file.
  index.beginBatch();
  try {
    await scanInto(folders, index, options, report, yielder, cancelled);
  } finally {
    index.endBatch();
  }
  report.durationMs = performance.now() - started;
  return report;
}

async function scanInto(
  folders: readonly ScanFolder[],
  index: WorkspaceIndex,
  options: ScanOptions,
  report: ScanReport,
  yielder: Yielder,
  cancelled: () => boolean,
): Promise<void> {
  const found = await walk(folders, index, options, report, yielder, cancelled);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const budget = options.keepTextBudget ?? 24 * 1024 * 1024;
  const pending: { file: FoundFile; text: string | undefined; textIsLatin1: boolean }[] = [];
  let kept = 0;
  let done = 0;

  const apply = (o: FirstPassOutcome): void => {
    if (o.skipped) report.skipped.push(o.skipped);
    if (o.error) report.errors.push(o.error);
    if (o.facts) {
      report.filesRead++;
      report.bytesRead += o.bytes;
      index.setFacts(o.uri, o.facts, o.relPath);
      if (o.withFacts) report.filesWithFacts++;
    }
    if (o.candidate) {
      const keep = o.text !== undefined && kept + o.text.length <= budget;
      if (keep) kept += o.text!.length;
      pending.push({
        file: { uri: o.uri, relPath: o.relPath, fsPath: o.fsPath },
        text: keep ? o.text : undefined,
        textIsLatin1: keep && o.textIsLatin1 === true,
      });
      index.addDefinitionCandidate(o.uri, o.fsPath);
    }
    options.onProgress?.({ phase: 'read', done: ++done, total: found.length });
  };

  // Disk reads of the files ahead overlap the tokenizing of the files at hand.
  const prefetcher = startPrefetch(found, maxBytes, options.prefetch ?? 'auto', cancelled());
  const threshold = options.parallelThreshold ?? 400;
  const pool =
    found.length >= threshold
      ? ScanPool.create(options.workers ?? defaultWorkerCount())
      : undefined;
  report.workers = pool?.size ?? 0;
  try {
    if (pool) await firstPassParallel(pool, found, maxBytes, apply, cancelled);
    else {
      for (let i = 0; i < found.length && !cancelled(); i++) {
        apply(firstPass(found[i], maxBytes, true));
        await yielder.maybeYield();
      }
    }

    // Second pass: definitions of registered handlers in files the prefilter passed over.
    const names = index.handlerNames();
    const setDefinitions = (file: FoundFile, functions: FunctionFact[] | undefined): void => {
      if (!functions || functions.length === 0) return;
      const facts = emptyFacts();
      facts.functions = functions;
      index.setFacts(file.uri, facts, file.relPath);
      report.definitionPassFiles++;
    };
    const unkept = pending.filter((p) => p.text === undefined).map((p) => p.file);
    for (let i = 0; i < pending.length && !cancelled(); i++) {
      const { file, text, textIsLatin1 } = pending[i];
      pending[i].text = undefined;
      if (text === undefined && pool) continue;
      setDefinitions(file, definitionPass(file, text, names, maxBytes, textIsLatin1));
      options.onProgress?.({ phase: 'definitions', done: i + 1, total: pending.length });
      await yielder.maybeYield();
    }
    if (pool && unkept.length > 0 && !cancelled()) {
      const byUri = new Map(unkept.map((f) => [f.uri, f]));
      const results = await runBatches(pool, unkept, 32, (files) => ({
        kind: 'definitions',
        files,
        names: [...names],
        maxBytes,
      }));
      for (const r of results) {
        if (r.kind !== 'definitions') continue;
        for (const d of r.definitions) setDefinitions(byUri.get(d.uri)!, d.functions);
      }
    }
    if (!cancelled()) index.markNamesResolved(names);
  } finally {
    prefetcher?.stop();
    pool?.close();
  }
}

function startPrefetch(
  found: readonly FoundFile[],
  maxBytes: number,
  mode: 'auto' | 'always' | 'never',
  cancelled: boolean,
): Prefetcher | undefined {
  if (cancelled || mode === 'never') return undefined;
  const paths = found.map((f) => f.fsPath);
  return mode === 'always'
    ? Prefetcher.start(paths, maxBytes)
    : Prefetcher.startIfCold(paths, maxBytes);
}

/** The first pass in worker threads, batches of files in flight on every worker; a failed batch is redone here. */
async function firstPassParallel(
  pool: ScanPool,
  found: readonly FoundFile[],
  maxBytes: number,
  apply: (o: FirstPassOutcome) => void,
  cancelled: () => boolean,
): Promise<void> {
  const batch = 32;
  const inFlight = new Set<Promise<void>>();
  for (let start = 0; start < found.length && !cancelled(); start += batch) {
    const files = found.slice(start, start + batch);
    const job: Promise<void> = pool
      .run({ kind: 'first', files, maxBytes })
      .then(
        (r) => {
          if (r.kind === 'first') for (const o of r.outcomes) apply(o);
        },
        () => {
          for (const f of files) apply(firstPass(f, maxBytes, true));
        },
      )
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
    // Keep two batches per worker queued: enough to never idle, few enough to cancel quickly.
    if (inFlight.size >= pool.size * 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

async function runBatches(
  pool: ScanPool,
  files: readonly FoundFile[],
  size: number,
  body: (files: FoundFile[]) => Parameters<ScanPool['run']>[0],
): Promise<Awaited<ReturnType<ScanPool['run']>>[]> {
  const jobs: ReturnType<ScanPool['run']>[] = [];
  for (let start = 0; start < files.length; start += size) {
    jobs.push(pool.run(body(files.slice(start, start + size))));
  }
  const settled = await Promise.allSettled(jobs);
  return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
}

/**
 * The definition pass for handler names registered after the scan (a registration typed in the
 * editor whose routine lives in a file the prefilter passed over): re-reads only the candidate
 * files the scan recorded that mention a new name. Resolves with the number of files updated.
 */
export async function resolveNewHandlers(
  index: WorkspaceIndex,
  options: Pick<ScanOptions, 'maxFileBytes' | 'signal'> = {},
): Promise<number> {
  const fresh = index.unresolvedHandlerNames();
  if (fresh.size === 0) return 0;
  index.markNamesResolved(fresh);
  const all = index.handlerNames();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const yielder = new Yielder();
  let updated = 0;
  index.beginBatch();
  try {
    for (const [uri, fsPath] of [...index.definitionCandidates()]) {
      if (options.signal?.aborted) break;
      if (index.isOpen(uri)) continue;
      await yielder.maybeYield();
      const relPath = index.get(uri)?.relPath ?? index.relPathOf(uri);
      const file = { uri, fsPath, relPath };
      const read = readSourceText(file, maxBytes);
      // Only files that mention a new name are tokenized again.
      if (!read.ok || mentionedNames(read.text, fresh).size === 0) continue;
      const functions = definitionPass(file, read.text, all, maxBytes);
      if (!functions) continue;
      const facts = emptyFacts();
      facts.functions = functions;
      index.setFacts(uri, facts, relPath);
      updated++;
    }
  } finally {
    index.endBatch();
  }
  return updated;
}

async function walk(
  folders: readonly ScanFolder[],
  index: WorkspaceIndex,
  options: ScanOptions,
  report: ScanReport,
  yielder: Yielder,
  cancelled: () => boolean,
): Promise<FoundFile[]> {
  const include = globTest(options.include ?? DEFAULT_INCLUDE);
  const exclude = excludeTests(options.exclude ?? DEFAULT_EXCLUDE);
  const maxFiles = options.maxFiles ?? 0;
  const found: FoundFile[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  for (const folder of folders) {
    const folderUri = (folder.uri ?? pathToUri(path.resolve(folder.fsPath))).replace(/\/$/, '');
    // `real` is the folder's real path when known: a folder reached without a symlink is its
    // parent's real path plus its name, so only the root and linked folders cost a realpath call.
    // `uri` is the folder's URI, so that a file's URI costs one encoded name, not its whole path.
    const stack: { fsPath: string; relDir: string; uri: string; real?: string }[] = [
      { fsPath: path.resolve(folder.fsPath), relDir: '', uri: folderUri },
    ];
    while (stack.length > 0 && !cancelled()) {
      const dir = stack.pop()!;
      let real: string;
      let entries: fs.Dirent[];
      try {
        real = dir.real ?? fs.realpathSync(dir.fsPath);
        if (seenDirs.has(real)) {
          report.errors.push({
            relPath: dir.relDir,
            code: 'symlink-loop',
            message: 'folder already scanned through another path',
          });
          continue;
        }
        seenDirs.add(real);
        entries = fs.readdirSync(dir.fsPath, { withFileTypes: true });
      } catch (error) {
        report.errors.push({
          relPath: dir.relDir,
          code: errorCode(error),
          message: errorMessage(error),
        });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: { fsPath: string; relDir: string; uri: string; real?: string }[] = [];
      for (const entry of entries) {
        const fsPath = childPath(dir.fsPath, entry.name);
        const relPath = dir.relDir === '' ? entry.name : dir.relDir + '/' + entry.name;
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            const st = fs.statSync(fsPath);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch (error) {
            // Dangling link or a link loop (ELOOP): record and move on.
            if (include(relPath)) {
              report.errors.push({ relPath, code: errorCode(error), message: errorMessage(error) });
            }
            continue;
          }
        }
        if (isDir) {
          if (!exclude.folder(relPath)) {
            const linked = entry.isSymbolicLink();
            subdirs.push({
              fsPath,
              relDir: relPath,
              uri: dir.uri + '/' + encodeSegment(entry.name),
              real: linked ? undefined : childPath(real, entry.name),
            });
          }
          continue;
        }
        if (!isFile || exclude.file(relPath)) continue;
        if (isProjectMarkerName(entry.name)) {
          index.addMarker(dir.uri + '/' + encodeSegment(entry.name), relPath);
        }
        if (!include(relPath)) continue;
        if (entry.isSymbolicLink()) {
          // The same file reached through a link is indexed once.
          try {
            const realFile = fs.realpathSync(fsPath);
            if (seenFiles.has(realFile)) continue;
            seenFiles.add(realFile);
          } catch {
            continue;
          }
        }
        if (maxFiles > 0 && found.length >= maxFiles) {
          report.capped = true;
          stack.length = 0;
          break;
        }
        found.push({ fsPath, relPath, uri: dir.uri + '/' + encodeSegment(entry.name) });
        options.onProgress?.({ phase: 'walk', done: found.length, total: 0 });
      }
      // Depth-first in name order: push in reverse so the first name is scanned first.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
      await yielder.maybeYield();
    }
  }
  report.filesFound = found.length;
  return found;
}
