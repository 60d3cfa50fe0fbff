// Builds the cross-file driver model from per-file facts, from scratch or incrementally from the
// model built before: only the drivers a changed file can affect are assembled again, the others
// are taken over as the same objects. Grouping: driverGrouping.ts; one driver: driverAssembly.ts.
// Pure: no fs, no connection.
import type { FileFacts } from '../syntax/factTypes';
import { assembleDriver, ownFiles, registeredNames } from './driverAssembly';
import {
  dirOf,
  entryInfo,
  folderOf,
  groupFiles,
  keyOf,
  sameGrouping,
  type DriverBuild,
  type FileRec,
  type Grouping,
} from './driverGrouping';
import { buildNameIndex } from './handlerResolution';
import { lastPart } from '../util/names';
import type { Driver, WorkspaceModel } from './modelTypes';

export { fillSlots } from './handlerResolution';

/** One indexed file: its URI, its path relative to its workspace folder, its facts. */
export interface ModelFileInput {
  uri: string;
  relPath: string;
  facts: FileFacts;
}

/** A project marker file (`sources`, `*.vcxproj`, `*.inf`, `makefile`, `CMakeLists.txt`) seen by the scanner. */
export interface ProjectMarkerInput {
  uri: string;
  relPath: string;
}

export interface BuildModelOptions {
  /** Marker files: a driver's root widens to the nearest ancestor holding one. */
  projectMarkers?: Iterable<ProjectMarkerInput>;
  /**
   * The model built before. When only facts objects changed (same files, folders and markers)
   * and the changes cannot regroup the files, only the drivers holding a changed file, or looking
   * up a name a changed file declares or defines, are assembled again; otherwise the files are
   * regrouped and a driver whose files (and facts objects) did not change and whose handlers all
   * resolved within its own files is taken over. Taken-over drivers are the same objects, so
   * consumers may cache per Driver object.
   */
  previous?: WorkspaceModel;
}

/** What decides whether a built driver can be taken over by the next build. */
interface ReuseKey {
  rootKey: string;
  entryUri: string | null;
  entryFunction: string | null;
  files: string[];
  facts: FileFacts[];
  /** Every handler resolved in the driver's own files: other files cannot change the result. */
  closed: boolean;
  /** Names the driver's handler resolution looked up. */
  names: ReadonlySet<string>;
}

const reuseKeys = new WeakMap<Driver, ReuseKey>();

/** What an incremental build starts from: the grouping and drivers behind a built model. */
interface BuildState {
  rootsKey: string;
  markersKey: string;
  /** Files in sort order. */
  recs: FileRec[];
  /** Files of the last full build by URI; `changedRecs` holds those changed since (they win). */
  byUri: ReadonlyMap<string, FileRec>;
  changedRecs: ReadonlyMap<string, FileRec>;
  grouping: Grouping;
  /** Per grouped driver (same index as grouping.drivers): its files in path order, its Driver. */
  own: FileRec[][];
  built: Driver[];
  /** URI -> index of the grouped driver holding the file. */
  groupOf: Map<string, number>;
}

const states = new WeakMap<WorkspaceModel, BuildState>();

const MARKER_NAME = /^(sources|makefile|cmakelists\.txt|.*\.vcxproj|.*\.inf|.*\.inx)$/i;

/** True for file names that mark a driver project directory (the scanner passes such files). */
export function isProjectMarkerName(name: string): boolean {
  return MARKER_NAME.test(name);
}

function normalizeRel(relPath: string): string {
  return relPath.includes('\\') ? relPath.replace(/\\/g, '/') : relPath;
}

function byKey(a: FileRec, b: FileRec): number {
  return a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0;
}

interface MarkerDirs {
  rootsKey: string;
  markerDirs: ReadonlySet<string>;
  markersKey: string;
}

// The index passes the same marker list until a marker comes or goes: its directories are
// computed once per list, not on every build.
const markerMemo = new WeakMap<object, MarkerDirs>();

function markerDirsOf(
  markers: Iterable<ProjectMarkerInput>,
  rootUris: readonly string[],
  rootsKey: string,
): MarkerDirs {
  const memo = Array.isArray(markers) ? markerMemo.get(markers) : undefined;
  if (memo && memo.rootsKey === rootsKey) return memo;
  const markerDirs = new Set<string>();
  for (const m of markers) {
    const relPath = normalizeRel(m.relPath);
    markerDirs.add(keyOf(folderOf(m.uri, relPath, rootUris), dirOf(relPath)));
  }
  const result = { rootsKey, markerDirs, markersKey: [...markerDirs].sort().join('\n') };
  if (Array.isArray(markers)) markerMemo.set(markers, result);
  return result;
}

/** Builds the model; `rootUris` are the workspace folders (derived from each file's relPath when absent). */
export function buildWorkspaceModel(
  files: Iterable<ModelFileInput>,
  rootUris: readonly string[] = [],
  options: BuildModelOptions = {},
): WorkspaceModel {
  const inputs = [...files];
  const rootsKey = rootUris.join('\n');
  const { markerDirs, markersKey } = markerDirsOf(options.projectMarkers ?? [], rootUris, rootsKey);
  const before = options.previous ? states.get(options.previous) : undefined;
  if (before && before.rootsKey === rootsKey && before.markersKey === markersKey) {
    const model = rebuildChanged(before, inputs);
    if (model) return model;
  }

  const recs: FileRec[] = [];
  for (const f of inputs) {
    const relPath = normalizeRel(f.relPath);
    const folder = folderOf(f.uri, relPath, rootUris);
    const relDir = dirOf(relPath);
    recs.push({
      uri: f.uri,
      relPath,
      relDir,
      folder,
      dirKey: keyOf(folder, relDir),
      sortKey: folder + '\0' + relPath,
      facts: f.facts,
    });
  }
  recs.sort(byKey);
  const byUri = new Map<string, FileRec>();
  for (const rec of recs) byUri.set(rec.uri, rec);
  const grouping = groupFiles(recs, markerDirs);

  const previousByRoot = new Map<string, Driver>();
  for (const d of options.previous?.drivers ?? []) {
    const key = reuseKeys.get(d);
    if (key?.closed) previousByRoot.set(key.rootKey, d);
  }
  const own = grouping.drivers.map(ownFiles);
  // The state keeps `own`: dropping these lists keeps old facts of later-changed files collectable.
  for (const d of grouping.drivers) d.files = d.helperFiles = [];
  const reused = grouping.drivers.map((d, i) => {
    const previous = previousByRoot.get(d.rootKey);
    return previous && sameInputs(reuseKeys.get(previous)!, d, own[i]) ? previous : undefined;
  });
  const toBuild = grouping.drivers.map((_, i) => i).filter((i) => !reused[i]);
  const built = assemble(grouping.drivers, own, toBuild, recs, reused);
  return finishModel({
    rootsKey,
    markersKey,
    recs,
    byUri,
    changedRecs: new Map(),
    grouping,
    own,
    built,
    groupOf: new Map(),
  });
}

/**
 * The incremental path: same files, only facts objects changed, grouping unaffected. Returns
 * undefined when a full build is needed.
 */
function rebuildChanged(
  state: BuildState,
  inputs: readonly ModelFileInput[],
): WorkspaceModel | undefined {
  // URIs are unique (one entry per document): same count and every URI known is the same set.
  if (inputs.length !== state.recs.length) return undefined;
  const changed: { rec: FileRec; facts: FileFacts }[] = [];
  const current = (uri: string): FileRec | undefined =>
    state.changedRecs.get(uri) ?? state.byUri.get(uri);
  for (const f of inputs) {
    const rec = current(f.uri);
    if (!rec || rec.relPath !== normalizeRel(f.relPath)) return undefined;
    if (rec.facts !== f.facts) changed.push({ rec, facts: f.facts });
  }
  // Only the changed files are copied: the full build's map stays shared between models.
  const changedRecs = new Map(state.changedRecs);
  const recOf = (uri: string): FileRec => changedRecs.get(uri) ?? state.byUri.get(uri)!;
  const touched = new Set<number>();
  const definedNames = new Set<string>();
  for (const { rec, facts } of changed) {
    if (!sameGrouping(rec, rec.facts, facts, state.grouping)) return undefined;
    changedRecs.set(rec.uri, { ...rec, facts });
    const g = state.groupOf.get(rec.uri);
    if (g !== undefined) touched.add(g);
    for (const f of [rec.facts, facts]) {
      // Also by last part: `ns::Read` can be the definition of a handler registered as `Read`.
      for (const d of f.declarations) definedNames.add(d.name).add(lastPart(d.name));
      for (const fn of f.functions) definedNames.add(fn.name).add(lastPart(fn.name));
    }
  }
  // A driver resolving a handler outside its own files depends on every file declaring that name.
  state.built.forEach((d, i) => {
    const key = reuseKeys.get(d);
    if (touched.has(i) || !key || key.closed) return;
    for (const n of key.names) {
      if (definedNames.has(n)) {
        touched.add(i);
        return;
      }
    }
  });
  const recs = state.recs.slice();
  for (const { rec } of changed) recs[positionOf(recs, rec)] = recOf(rec.uri);
  const drivers = state.grouping.drivers.slice();
  const own = state.own.slice();
  for (const i of touched) {
    own[i] = own[i].map((r) => recOf(r.uri));
    const d = drivers[i];
    const entryFile = d.entryFile && recOf(d.entryFile.uri);
    if (entryFile && entryFile !== d.entryFile) {
      const fn = d.pickEntry?.(entryFile.facts);
      if (!fn) return undefined;
      drivers[i] = { ...d, entry: entryInfo(entryFile, fn), entryFile };
    }
  }
  const reused: (Driver | undefined)[] = state.built.map((d, i) =>
    touched.has(i) ? undefined : d,
  );
  const built = assemble(drivers, own, [...touched], recs, reused);
  return finishModel({
    ...state,
    recs,
    changedRecs,
    grouping: { ...state.grouping, drivers },
    own,
    built,
    groupOf: state.groupOf,
  });
}

/** Assembles the drivers at `indexes`; the others are `reused`. */
function assemble(
  drivers: readonly DriverBuild[],
  own: readonly FileRec[][],
  indexes: readonly number[],
  recs: readonly FileRec[],
  reused: readonly (Driver | undefined)[],
): Driver[] {
  // Only the handler names of the drivers being assembled are looked up: index just those.
  const wanted = new Set<string>();
  const namesOf = indexes.map((i) => registeredNames(own[i]));
  for (const names of namesOf) for (const n of names) wanted.add(n);
  const index = buildNameIndex(recs, wanted);
  const built = reused.slice();
  indexes.forEach((i, k) => {
    const d = drivers[i];
    const { driver, closed } = assembleDriver(d, own[i], index);
    reuseKeys.set(driver, {
      rootKey: d.rootKey,
      entryUri: d.entry?.uri ?? null,
      entryFunction: d.entry?.function ?? null,
      files: own[i].map((f) => f.uri),
      facts: own[i].map((f) => f.facts),
      closed,
      names: namesOf[k],
    });
    built[i] = driver;
  });
  return built as Driver[];
}

function finishModel(state: BuildState): WorkspaceModel {
  if (state.groupOf.size === 0) {
    state.own.forEach((files, i) => {
      for (const f of files) state.groupOf.set(f.uri, i);
    });
  }
  const drivers = state.built.slice();
  drivers.sort((a, b) => (a.rootUri < b.rootUri ? -1 : a.rootUri > b.rootUri ? 1 : 0));
  // A file belongs to at most one grouped driver, whose Driver is built[i]: no map per model.
  const { byUri, changedRecs, groupOf, built } = state;
  const model: WorkspaceModel = {
    drivers,
    driverOf: (uri) => {
      const i = groupOf.get(uri);
      return i === undefined ? undefined : built[i];
    },
    factsOf: (uri) => (changedRecs.get(uri) ?? byUri.get(uri))?.facts,
  };
  states.set(model, state);
  return model;
}

/** Index of the file with `rec`'s sort key in the sorted `recs` (binary search). */
function positionOf(recs: readonly FileRec[], rec: FileRec): number {
  let low = 0;
  let high = recs.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (recs[mid].sortKey < rec.sortKey) low = mid + 1;
    else high = mid;
  }
  // Two URIs spelling the same path share a sort key: find this one among them.
  while (recs[low].uri !== rec.uri && low + 1 < recs.length) low++;
  return low;
}

function sameInputs(key: ReuseKey, d: DriverBuild, own: readonly FileRec[]): boolean {
  return (
    key.entryUri === (d.entry?.uri ?? null) &&
    key.entryFunction === (d.entry?.function ?? null) &&
    key.files.length === own.length &&
    own.every((f, i) => f.uri === key.files[i] && f.facts === key.facts[i])
  );
}
