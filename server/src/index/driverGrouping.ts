// Groups indexed files into drivers (DriverEntry directories, init routines given the driver
// object, files writing a global driver object, then every other file by its path), and tells
// whether new facts of a file could change that grouping. Pure: no fs, no connection.
import type { FileFacts, FunctionFact } from '../syntax/factTypes';
import type { DriverEntryInfo } from './modelTypes';

export interface FileRec {
  uri: string;
  relPath: string;
  /** Workspace folder key (its URI) + NUL + directory relative to it: compares folders and paths at once. */
  dirKey: string;
  /** Directory relative to the workspace folder, '' for the folder itself. */
  relDir: string;
  folder: string;
  /** Folder + NUL + relPath: the sort key, computed once. */
  sortKey: string;
  facts: FileFacts;
  driver?: DriverBuild;
  /** The file lies under the root of a DriverEntry driver (decides what of it the grouping reads). */
  inFirstWave?: boolean;
}

export interface DriverBuild {
  /** Directory key of the root (see FileRec.dirKey). */
  rootKey: string;
  relRoot: string;
  rootUri: string;
  folder: string;
  entry: DriverEntryInfo | null;
  entryFile: FileRec | null;
  /** Picks the entry function again from new facts of the entry file (same choice as the grouping's). */
  pickEntry: ((facts: FileFacts) => FunctionFact | undefined) | null;
  files: FileRec[];
  /** Files outside the root whose writes are attributed here (helpers given the driver object). */
  helperFiles: FileRec[];
}

/** What the grouping read besides paths: compared when a file's facts change. */
export interface Grouping {
  drivers: DriverBuild[];
  /** Init routines named in `IoCreateDriver(..., Init)` calls. */
  inits: ReadonlySet<string>;
  /** Routines whose callers decide which driver a helper file belongs to. */
  calleesOfInterest: ReadonlySet<string>;
}

export function dirOf(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

export function segments(relDir: string): string[] {
  return relDir === '' ? [] : relDir.split('/');
}

/**
 * URI of the directory `relDir` of a folder, derived from a file URI inside it so encodings match.
 * A URI without a path (`untitled:Untitled-1`) is its own directory, so that unsaved buffers are
 * separate drivers rather than one driver rooted nowhere.
 */
export function dirUriFrom(fileUri: string, fileRel: string, relDir: string): string {
  if (!fileUri.includes('/')) return fileUri;
  const up = fileRel.split('/').length - segments(relDir).length;
  const parts = fileUri.split('/');
  return parts.slice(0, parts.length - up).join('/');
}

export function folderOf(uri: string, relPath: string, rootUris: readonly string[]): string {
  let best = '';
  for (const root of rootUris) {
    const r = root.endsWith('/') ? root.slice(0, -1) : root;
    if (uri.startsWith(r + '/') && r.length > best.length) best = r;
  }
  // Outside every workspace folder, a file's folder is its directory.
  return best || dirUriFrom(uri, relPath, '');
}

export function keyOf(folder: string, relDir: string): string {
  return folder + '\0' + relDir;
}

/** True when directory `inner` is `outer` or lies below it (both dir keys). */
function within(inner: string, outer: string): boolean {
  if (inner === outer) return true;
  const sep = outer.endsWith('\0') ? '' : '/';
  return inner.startsWith(outer + sep);
}

function isDriverObjectType(type: string): boolean {
  return /DRIVER_OBJECT/.test(type);
}

function driverObjectParam(fn: FunctionFact): string | null {
  const typed = fn.params.find((p) => isDriverObjectType(p.type));
  if (typed) return typed.name || null;
  return null;
}

function stripObject(expr: string): string {
  return expr.replace(/[()\s*&]/g, '');
}

/** The function of `facts` that writes MajorFunction through its own PDRIVER_OBJECT parameter. */
function writerFunctions(facts: FileFacts): FunctionFact[] {
  const out: FunctionFact[] = [];
  if (!facts.registrations.some((r) => r.target === 'driver_object')) return out;
  for (const fn of facts.functions) {
    const param = driverObjectParam(fn);
    if (!param) continue;
    const writes = facts.registrations.some(
      (r) =>
        r.function === fn.name && r.target === 'driver_object' && stripObject(r.object) === param,
    );
    if (writes) out.push(fn);
  }
  return out;
}

export function entryInfo(file: FileRec, fn: FunctionFact): DriverEntryInfo {
  return {
    uri: file.uri,
    function: fn.name,
    driverObjectParam: driverObjectParam(fn) ?? fn.params[0]?.name ?? null,
    nameRange: fn.nameRange,
    bodyRange: fn.bodyRange,
  };
}

/** The DriverEntry definition that counts: the first active one, else the first. */
function bestDriverEntry(facts: FileFacts): FunctionFact | undefined {
  let best: FunctionFact | undefined;
  for (const fn of facts.functions) {
    if (fn.name === 'DriverEntry' && (!best || (fn.active && !best.active))) best = fn;
  }
  return best;
}

/** `(PDRIVER_INITIALIZE)&Init`, `&Init`, `Init` in IoCreateDriver calls: the routines' names. */
function initNames(facts: FileFacts): string[] {
  const out: string[] = [];
  for (const call of facts.calls) {
    if (call.callee === 'IoCreateDriver' && call.args.length >= 2) {
      const arg = call.args[1].replace(/^\s*\(\s*[A-Za-z_]\w*\s*\*?\s*\)\s*/, '');
      out.push(arg.replace(/[()&\s]/g, ''));
    }
  }
  return out;
}

/** Step 2's init writers of a file outside every DriverEntry driver. */
function initWriters(facts: FileFacts, inits: ReadonlySet<string>): FunctionFact[] {
  const writers = writerFunctions(facts);
  if (writers.length > 0 || inits.size === 0) return writers;
  return facts.functions.filter((fn) => inits.has(fn.name));
}

/** Groups the sorted `recs` into drivers; sets each grouped file's `driver` and `inFirstWave`. */
export function groupFiles(recs: readonly FileRec[], markerDirs: ReadonlySet<string>): Grouping {
  const drivers: DriverBuild[] = [];
  const newDriver = (
    file: FileRec,
    fn: FunctionFact | undefined,
    pickEntry: DriverBuild['pickEntry'],
  ): DriverBuild => {
    const d: DriverBuild = {
      rootKey: file.dirKey,
      relRoot: file.relDir,
      rootUri: dirUriFrom(file.uri, file.relPath, file.relDir),
      folder: file.folder,
      entry: fn ? entryInfo(file, fn) : null,
      entryFile: fn ? file : null,
      pickEntry: fn ? pickEntry : null,
      files: [],
      helperFiles: [],
    };
    drivers.push(d);
    return d;
  };

  // 1. DriverEntry definitions: one driver per directory (the first active definition wins).
  const entryDirs = new Map<string, DriverBuild>();
  for (const file of recs) {
    const best = bestDriverEntry(file.facts);
    if (!best || entryDirs.has(file.dirKey)) continue;
    entryDirs.set(file.dirKey, newDriver(file, best, bestDriverEntry));
  }
  widenRoots(drivers, markerDirs, recs);

  // 2. Init functions writing through their PDRIVER_OBJECT parameter outside any DriverEntry
  //    driver (classpnp's ClassInitialize, IoCreateDriver init routines): a helper of the one
  //    driver that calls it, else a driver of their own.
  const inits = new Set<string>();
  for (const file of recs) for (const name of initNames(file.facts)) inits.add(name);
  // A DriverEntry that only creates a driver with IoCreateDriver: the init routine, which fills
  // the created driver's table, is the real entry (quick fixes insert registrations there).
  // The first such writer wins: once it is the entry, the entry writes the table itself.
  const firstInitWriter = (facts: FileFacts): FunctionFact | undefined =>
    writerFunctions(facts).find((fn) => inits.has(fn.name));
  if (inits.size > 0) {
    const entryLookup = new RootLookup(drivers);
    for (const file of recs) {
      for (const fn of writerFunctions(file.facts)) {
        if (!inits.has(fn.name)) continue;
        const d = entryLookup.find(file.dirKey);
        const entryWrites = d?.entryFile?.facts.registrations.some(
          (r) => r.function === d.entry?.function && r.target === 'driver_object',
        );
        if (d && !entryWrites) {
          d.entry = entryInfo(file, fn);
          d.entryFile = file;
          d.pickEntry = firstInitWriter;
        }
      }
    }
  }
  const firstWave = drivers.slice();
  const firstLookup = new RootLookup(firstWave);
  const calleesOfInterest = new Set<string>();
  const initDirs = new Map<string, DriverBuild>();
  const firstWriter = (facts: FileFacts): FunctionFact | undefined => initWriters(facts, inits)[0];
  for (const file of recs) {
    file.inFirstWave = firstLookup.find(file.dirKey) !== undefined;
    if (file.inFirstWave) continue;
    const writers = initWriters(file.facts, inits);
    if (writers.length === 0) continue;
    for (const w of writers) calleesOfInterest.add(w.name);
    const callers = callingDrivers(
      firstLookup,
      writers.map((w) => w.name),
      recs,
    );
    if (callers.length === 1) {
      callers[0].helperFiles.push(file);
      file.driver = callers[0];
      continue;
    }
    if (initDirs.has(file.dirKey)) continue;
    initDirs.set(file.dirKey, newDriver(file, writers[0], firstWriter));
  }

  // 3. Files with active driver-object registrations that still belong to no driver (writes
  //    through a global, say) form a driver of their own, without a known entry.
  const secondLookup = new RootLookup(drivers);
  for (const file of recs) {
    if (file.driver || secondLookup.find(file.dirKey)) continue;
    if (!writesActively(file.facts)) continue;
    newDriver(file, undefined, null);
  }
  widenRoots(drivers.slice(firstWave.length), markerDirs, recs, drivers);

  // 4. Every other file joins the deepest driver whose root contains it, else the nearest by
  //    shared path prefix when that is unambiguous (`foo/inc/x.h` with the driver in `foo/sys/`).
  const lookup = new RootLookup(drivers);
  const driverSegments = drivers.map((d) => segments(d.relRoot));
  const nearest = new Map<string, DriverBuild | undefined>();
  for (const file of recs) {
    if (file.driver) continue;
    let d = lookup.find(file.dirKey);
    if (!d) {
      if (!nearest.has(file.dirKey)) {
        nearest.set(file.dirKey, nearestByPrefix(drivers, driverSegments, file));
      }
      d = nearest.get(file.dirKey);
    }
    if (d) {
      file.driver = d;
      d.files.push(file);
    }
  }
  return { drivers, inits, calleesOfInterest };
}

function writesActively(facts: FileFacts): boolean {
  return facts.registrations.some((r) => r.target === 'driver_object' && r.active);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function names(fns: readonly FunctionFact[]): string[] {
  return fns.map((f) => f.name);
}

/** Functions among `wanted` holding a driver-object write (the entry override reads this). */
function writingFunctions(facts: FileFacts, wanted: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const r of facts.registrations) {
    if (r.target === 'driver_object' && r.function !== null && wanted.has(r.function)) {
      out.add(r.function);
    }
  }
  return [...out].sort();
}

function calleesAmong(facts: FileFacts, wanted: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const c of facts.calls) if (wanted.has(c.callee)) out.add(c.callee);
  return [...out].sort();
}

/**
 * True when `groupFiles` would group every file the same way after `rec`'s facts change from
 * `before` to `after` (paths and the other files unchanged): it compares only what the grouping
 * reads of this file, given where the file lies.
 */
export function sameGrouping(
  rec: FileRec,
  before: FileFacts,
  after: FileFacts,
  grouping: Grouping,
): boolean {
  const entryFlags = (f: FileFacts): string[] =>
    f.functions.filter((fn) => fn.name === 'DriverEntry').map((fn) => (fn.active ? '1' : '0'));
  if (!sameStrings(entryFlags(before), entryFlags(after))) return false;
  if (!sameStrings(initNames(before), initNames(after))) return false;
  const { inits, calleesOfInterest } = grouping;
  if (inits.size > 0) {
    const initWriterNames = (f: FileFacts): string[] =>
      names(writerFunctions(f)).filter((n) => inits.has(n));
    if (!sameStrings(initWriterNames(before), initWriterNames(after))) return false;
    const entryNames = new Set(['DriverEntry', ...inits]);
    if (!sameStrings(writingFunctions(before, entryNames), writingFunctions(after, entryNames))) {
      return false;
    }
  }
  if (
    !sameStrings(calleesAmong(before, calleesOfInterest), calleesAmong(after, calleesOfInterest))
  ) {
    return false;
  }
  if (rec.inFirstWave) return true;
  return (
    sameStrings(names(initWriters(before, inits)), names(initWriters(after, inits))) &&
    writesActively(before) === writesActively(after)
  );
}

/** Finds the deepest driver root containing a directory by walking up its ancestors (O(depth)). */
class RootLookup {
  private readonly byRoot = new Map<string, DriverBuild>();
  private readonly cache = new Map<string, DriverBuild | null>();

  constructor(drivers: readonly DriverBuild[]) {
    for (const d of drivers) {
      const existing = this.byRoot.get(d.rootKey);
      if (!existing) this.byRoot.set(d.rootKey, d);
    }
  }

  find(dirKey: string): DriverBuild | undefined {
    const cached = this.cache.get(dirKey);
    if (cached !== undefined) return cached ?? undefined;
    let found: DriverBuild | undefined = this.byRoot.get(dirKey);
    if (!found && !dirKey.endsWith('\0')) {
      const slash = dirKey.lastIndexOf('/');
      const nul = dirKey.indexOf('\0');
      found = this.find(slash > nul ? dirKey.slice(0, slash) : dirKey.slice(0, nul + 1));
    }
    this.cache.set(dirKey, found ?? null);
    return found;
  }
}

function nearestByPrefix(
  drivers: readonly DriverBuild[],
  driverSegments: readonly string[][],
  file: FileRec,
): DriverBuild | undefined {
  const segs = segments(file.relDir);
  let bestLen = 0;
  let best: DriverBuild[] = [];
  for (let i = 0; i < drivers.length; i++) {
    const d = drivers[i];
    if (d.folder !== file.folder) continue;
    const rs = driverSegments[i];
    let n = 0;
    while (n < segs.length && n < rs.length && segs[n] === rs[n]) n++;
    if (n > bestLen) {
      bestLen = n;
      best = [d];
    } else if (n === bestLen && n > 0) best.push(d);
  }
  return bestLen > 0 && best.length === 1 ? best[0] : undefined;
}

/** Drivers whose files (within their roots) call any of `names`. */
function callingDrivers(
  lookup: RootLookup,
  names: string[],
  recs: readonly FileRec[],
): DriverBuild[] {
  const wanted = new Set(names);
  const out = new Set<DriverBuild>();
  for (const file of recs) {
    if (!file.facts.calls.some((c) => wanted.has(c.callee))) continue;
    const d = lookup.find(file.dirKey);
    if (d) out.add(d);
  }
  return [...out];
}

/**
 * Widens each driver's root to the nearest ancestor that holds a project marker, when the widened
 * root would not contain another driver's root.
 */
function widenRoots(
  toWiden: readonly DriverBuild[],
  markerDirs: ReadonlySet<string>,
  recs: readonly FileRec[],
  all: readonly DriverBuild[] = toWiden,
): void {
  const originalRoots = all.map((d) => d.rootKey);
  for (const d of toWiden) {
    if (markerDirs.has(d.rootKey)) continue;
    const segs = segments(d.relRoot);
    for (let n = segs.length - 1; n >= 0; n--) {
      const relDir = segs.slice(0, n).join('/');
      const key = keyOf(d.folder, relDir);
      if (!markerDirs.has(key)) continue;
      const swallows = originalRoots.some(
        (r) => r !== d.rootKey && within(r, key) && !within(r, d.rootKey),
      );
      if (!swallows) {
        const sample = recs.find((f) => f.dirKey === d.rootKey) ?? d.entryFile;
        d.rootKey = key;
        d.relRoot = relDir;
        if (sample) d.rootUri = dirUriFrom(sample.uri, sample.relPath, relDir);
      }
      break;
    }
  }
}
