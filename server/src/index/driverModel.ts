// Builds the cross-file driver model from per-file facts: groups files into drivers, attributes
// registrations (helpers given the driver object included), fills slots (loop defaults and later
// overrides) and resolves handlers within each driver's own files first. Pure: no fs, no connection.
import type {
  CallFact,
  DeclarationFact,
  FileFacts,
  FunctionFact,
  RegistrationFact,
  SuppressionFact,
} from '../syntax/factTypes';
import type { Driver, DriverEntryInfo, HandlerInfo, Located, WorkspaceModel } from './modelTypes';

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
   * The model built before: a driver whose files (and their facts objects) did not change and
   * whose handlers all resolved within its own files is taken over as the same object, so an
   * edit in one driver rebuilds only that driver (consumers may cache per Driver object).
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
}

const reuseKeys = new WeakMap<Driver, ReuseKey>();

const MARKER_NAME = /^(sources|makefile|cmakelists\.txt|.*\.vcxproj|.*\.inf|.*\.inx)$/i;

/** True for file names that mark a driver project directory (the scanner passes such files). */
export function isProjectMarkerName(name: string): boolean {
  return MARKER_NAME.test(name);
}

const SHUTDOWN_APIS = new Set([
  'IoRegisterShutdownNotification',
  'IoRegisterLastChanceShutdownNotification',
]);
const DEVICE_CREATION_APIS = new Set([
  'IoCreateDevice',
  'IoCreateDeviceSecure',
  'WdmlibIoCreateDeviceSecure',
]);
const FRAMEWORK_ORDER = ['wdm', 'kmdf', 'minifilter', 'ndis', 'portcls', 'storport'];

interface FileRec {
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
}

interface DriverBuild {
  /** Directory key of the root (see FileRec.dirKey). */
  rootKey: string;
  relRoot: string;
  rootUri: string;
  folder: string;
  entry: DriverEntryInfo | null;
  entryFile: FileRec | null;
  files: FileRec[];
  /** Files outside the root whose writes are attributed here (helpers given the driver object). */
  helperFiles: FileRec[];
}

function dirOf(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

function segments(relDir: string): string[] {
  return relDir === '' ? [] : relDir.split('/');
}

/** URI of the directory `relDir` of a folder, derived from a file URI inside it so encodings match. */
function dirUriFrom(fileUri: string, fileRel: string, relDir: string): string {
  const up = fileRel.split('/').length - segments(relDir).length;
  const parts = fileUri.split('/');
  return parts.slice(0, parts.length - up).join('/');
}

function folderOf(uri: string, relPath: string, rootUris: readonly string[]): string {
  let best = '';
  for (const root of rootUris) {
    const r = root.endsWith('/') ? root.slice(0, -1) : root;
    if (uri.startsWith(r + '/') && r.length > best.length) best = r;
  }
  return best || dirUriFrom(uri, relPath, '');
}

function keyOf(folder: string, relDir: string): string {
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

function entryInfo(file: FileRec, fn: FunctionFact): DriverEntryInfo {
  return {
    uri: file.uri,
    function: fn.name,
    driverObjectParam: driverObjectParam(fn) ?? fn.params[0]?.name ?? null,
    nameRange: fn.nameRange,
    bodyRange: fn.bodyRange,
  };
}

function located<T extends object>(fact: T, uri: string): Located<T> {
  return { ...fact, uri };
}

/** Builds the model; `rootUris` are the workspace folders (derived from each file's relPath when absent). */
export function buildWorkspaceModel(
  files: Iterable<ModelFileInput>,
  rootUris: readonly string[] = [],
  options: BuildModelOptions = {},
): WorkspaceModel {
  const recs: FileRec[] = [];
  const byUri = new Map<string, FileRec>();
  for (const f of files) {
    const relPath = f.relPath.replace(/\\/g, '/');
    const folder = folderOf(f.uri, relPath, rootUris);
    const relDir = dirOf(relPath);
    const rec: FileRec = {
      uri: f.uri,
      relPath,
      relDir,
      folder,
      dirKey: keyOf(folder, relDir),
      sortKey: folder + '\0' + relPath,
      facts: f.facts,
    };
    recs.push(rec);
    byUri.set(f.uri, rec);
  }
  recs.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));

  const markerDirs = new Set<string>();
  for (const m of options.projectMarkers ?? []) {
    const relPath = m.relPath.replace(/\\/g, '/');
    markerDirs.add(keyOf(folderOf(m.uri, relPath, rootUris), dirOf(relPath)));
  }

  const drivers: DriverBuild[] = [];
  const newDriver = (file: FileRec, entry: DriverEntryInfo | null): DriverBuild => {
    const d: DriverBuild = {
      rootKey: file.dirKey,
      relRoot: file.relDir,
      rootUri: dirUriFrom(file.uri, file.relPath, file.relDir),
      folder: file.folder,
      entry,
      entryFile: entry ? file : null,
      files: [],
      helperFiles: [],
    };
    drivers.push(d);
    return d;
  };

  // 1. DriverEntry definitions: one driver per directory (the first active definition wins).
  const entryDirs = new Map<string, DriverBuild>();
  for (const file of recs) {
    let best: FunctionFact | undefined;
    for (const fn of file.facts.functions) {
      if (fn.name === 'DriverEntry' && (!best || (fn.active && !best.active))) best = fn;
    }
    if (!best || entryDirs.has(file.dirKey)) continue;
    entryDirs.set(file.dirKey, newDriver(file, entryInfo(file, best)));
  }
  widenRoots(drivers, markerDirs, recs);

  // 2. Init functions writing through their PDRIVER_OBJECT parameter outside any DriverEntry
  //    driver (classpnp's ClassInitialize, IoCreateDriver init routines): a helper of the one
  //    driver that calls it, else a driver of their own.
  const ioCreateDriverInits = new Set<string>();
  for (const file of recs) {
    for (const call of file.facts.calls) {
      if (call.callee === 'IoCreateDriver' && call.args.length >= 2) {
        // `(PDRIVER_INITIALIZE)&Init`, `&Init`, `Init`: the routine's name.
        const arg = call.args[1].replace(/^\s*\(\s*[A-Za-z_]\w*\s*\*?\s*\)\s*/, '');
        ioCreateDriverInits.add(arg.replace(/[()&\s]/g, ''));
      }
    }
  }
  // A DriverEntry that only creates a driver with IoCreateDriver: the init routine, which fills
  // the created driver's table, is the real entry (quick fixes insert registrations there).
  for (const file of recs) {
    for (const fn of writerFunctions(file.facts)) {
      if (!ioCreateDriverInits.has(fn.name)) continue;
      const d = new RootLookup(drivers).find(file.dirKey);
      const entryWrites = d?.entryFile?.facts.registrations.some(
        (r) => r.function === d.entry?.function && r.target === 'driver_object',
      );
      if (d && !entryWrites) {
        d.entry = entryInfo(file, fn);
        d.entryFile = file;
      }
    }
  }
  const firstWave = drivers.slice();
  const firstLookup = new RootLookup(firstWave);
  const initDirs = new Map<string, DriverBuild>();
  for (const file of recs) {
    if (firstLookup.find(file.dirKey)) continue;
    let writers = writerFunctions(file.facts);
    if (writers.length === 0) {
      writers =
        ioCreateDriverInits.size === 0
          ? writers
          : file.facts.functions.filter((fn) => ioCreateDriverInits.has(fn.name));
    }
    if (writers.length === 0) continue;
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
    initDirs.set(file.dirKey, newDriver(file, entryInfo(file, writers[0])));
  }

  // 3. Files with active driver-object registrations that still belong to no driver (writes
  //    through a global, say) form a driver of their own, without a known entry.
  const secondLookup = new RootLookup(drivers);
  for (const file of recs) {
    if (file.driver || secondLookup.find(file.dirKey)) continue;
    const writes = file.facts.registrations.some((r) => r.target === 'driver_object' && r.active);
    if (!writes) continue;
    newDriver(file, null);
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

  const previousByRoot = new Map<string, Driver>();
  for (const d of options.previous?.drivers ?? []) {
    const key = reuseKeys.get(d);
    if (key?.closed) previousByRoot.set(key.rootKey, d);
  }
  const plans = drivers.map((d) => {
    const own = ownFiles(d);
    const previous = previousByRoot.get(d.rootKey);
    const reuse = previous && sameInputs(reuseKeys.get(previous)!, d, own) ? previous : undefined;
    return { d, own, reuse };
  });
  // Only the handler names of the drivers being rebuilt are looked up: index just those.
  const wanted = new Set<string>();
  for (const plan of plans) {
    if (plan.reuse) continue;
    for (const f of plan.own) {
      for (const r of f.facts.registrations) {
        wanted.add(r.handler);
        const i = r.handler.lastIndexOf('::');
        if (i >= 0) wanted.add(r.handler.slice(i + 2));
      }
    }
  }
  const names = buildNameIndex(recs, wanted);
  const built = plans.map((plan) => plan.reuse ?? finishDriver(plan.d, plan.own, names));
  built.sort((a, b) => (a.rootUri < b.rootUri ? -1 : a.rootUri > b.rootUri ? 1 : 0));
  const driverByUri = new Map<string, Driver>();
  for (const d of built) for (const uri of d.files) driverByUri.set(uri, d);
  return {
    drivers: built,
    driverOf: (uri) => driverByUri.get(uri),
    factsOf: (uri) => byUri.get(uri)?.facts,
  };
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
function callingDrivers(lookup: RootLookup, names: string[], recs: FileRec[]): DriverBuild[] {
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

function compareRegistrations(
  a: Located<RegistrationFact>,
  b: Located<RegistrationFact>,
  order: Map<string, number>,
): number {
  return (order.get(a.uri) ?? 0) - (order.get(b.uri) ?? 0) || a.order - b.order;
}

/** The driver's files (helpers' files included) in path order. */
function ownFiles(d: DriverBuild): FileRec[] {
  const own = [...d.files, ...d.helperFiles];
  own.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  return own;
}

function sameInputs(key: ReuseKey, d: DriverBuild, own: readonly FileRec[]): boolean {
  return (
    key.entryUri === (d.entry?.uri ?? null) &&
    key.entryFunction === (d.entry?.function ?? null) &&
    key.files.length === own.length &&
    own.every((f, i) => f.uri === key.files[i] && f.facts === key.facts[i])
  );
}

function finishDriver(d: DriverBuild, own: readonly FileRec[], names: NameIndex): Driver {
  const fileOrder = new Map<string, number>();
  own.forEach((f, i) => fileOrder.set(f.uri, i));

  const registrations: Located<RegistrationFact>[] = [];
  for (const f of own) for (const r of f.facts.registrations) registrations.push(located(r, f.uri));
  registrations.sort((a, b) => compareRegistrations(a, b, fileOrder));

  const frameworks = new Set<string>();
  for (const f of own) for (const fw of f.facts.frameworks) frameworks.add(fw);
  if (frameworks.size === 0 && (d.entry || registrations.length > 0)) frameworks.add('wdm');

  let addDevice: Driver['addDevice'] = null;
  const shutdownNotifications: Located<CallFact>[] = [];
  const deviceCreations: Located<CallFact>[] = [];
  const suppressions = new Map<string, SuppressionFact[]>();
  for (const f of own) {
    for (const m of f.facts.memberAssignments) {
      if (m.member !== 'AddDevice') continue;
      const better = !addDevice || (m.active && !addDevice.active);
      if (better) addDevice = located(m, f.uri);
    }
    for (const c of f.facts.calls) {
      if (SHUTDOWN_APIS.has(c.callee)) shutdownNotifications.push(located(c, f.uri));
      else if (DEVICE_CREATION_APIS.has(c.callee)) deviceCreations.push(located(c, f.uri));
    }
    if (f.facts.suppressions.length > 0) suppressions.set(f.uri, f.facts.suppressions);
  }

  const resolved = resolveHandlers(registrations, new Set(own), names);
  const driver: Driver = {
    root: d.relRoot,
    rootUri: d.rootUri,
    files: own.map((f) => f.uri),
    entry: d.entry,
    frameworks: sortFrameworks(frameworks),
    addDevice,
    shutdownNotifications,
    deviceCreations,
    registrations,
    slots: fillSlots(registrations),
    handlers: resolved.handlers,
    suppressions,
  };
  reuseKeys.set(driver, {
    rootKey: d.rootKey,
    entryUri: d.entry?.uri ?? null,
    entryFunction: d.entry?.function ?? null,
    files: own.map((f) => f.uri),
    facts: own.map((f) => f.facts),
    closed: resolved.closed,
  });
  return driver;
}

function sortFrameworks(set: Set<string>): string[] {
  const rank = (f: string): number => {
    const i = FRAMEWORK_ORDER.indexOf(f);
    return i < 0 ? FRAMEWORK_ORDER.length : i;
  };
  return [...set].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Slot -> active driver-object registrations that can fill it. A loop default stays unless a
 * later single-slot write in the same function and file overrides it; overrides stay apart from
 * loop defaults through `inLoop`.
 */
export function fillSlots(
  registrations: readonly Located<RegistrationFact>[],
): Map<string, Located<RegistrationFact>[]> {
  const slots = new Map<string, Located<RegistrationFact>[]>();
  const live = registrations.filter(
    (r) => r.target === 'driver_object' && r.active && !r.invalidIndex,
  );
  // A loop's default for a slot is overridden by a later direct write of that slot in the same
  // function: keep the last direct write's order per (file, function, slot), so the check is a
  // lookup and not a scan of every registration per loop and slot (quadratic on big files).
  const key = (r: Located<RegistrationFact>, slot: string): string =>
    `${r.uri}\u0000${r.function ?? '\u0001'}\u0000${slot}`;
  const lastDirect = new Map<string, number>();
  for (const o of live) {
    if (o.inLoop) continue;
    for (const slot of o.covers) {
      const k = key(o, slot);
      lastDirect.set(k, Math.max(lastDirect.get(k) ?? -1, o.order));
    }
  }
  for (const r of live) {
    for (const slot of r.covers) {
      if (r.inLoop && (lastDirect.get(key(r, slot)) ?? -1) > r.order) continue;
      let list = slots.get(slot);
      if (!list) slots.set(slot, (list = []));
      list.push(r);
    }
  }
  return slots;
}

/** Declarations and definitions of the wanted names, in file order: a handler lookup costs O(matches), not O(files). */
interface NameIndex {
  decls: Map<string, { file: FileRec; decl: DeclarationFact }[]>;
  defs: Map<string, { file: FileRec; fn: FunctionFact }[]>;
}

function buildNameIndex(recs: readonly FileRec[], wanted: ReadonlySet<string>): NameIndex {
  const index: NameIndex = { decls: new Map(), defs: new Map() };
  if (wanted.size === 0) return index;
  for (const file of recs) {
    for (const decl of file.facts.declarations) {
      if (!wanted.has(decl.name)) continue;
      let list = index.decls.get(decl.name);
      if (!list) index.decls.set(decl.name, (list = []));
      list.push({ file, decl });
    }
    for (const fn of file.facts.functions) {
      if (!wanted.has(fn.name)) continue;
      let list = index.defs.get(fn.name);
      if (!list) index.defs.set(fn.name, (list = []));
      list.push({ file, fn });
    }
  }
  return index;
}

function lookup<T>(map: Map<string, T[]>, name: string, short: string): T[] {
  const a = map.get(name) ?? [];
  if (short === name) return a;
  const b = map.get(short) ?? [];
  return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b];
}

function resolveHandlers(
  registrations: readonly Located<RegistrationFact>[],
  own: ReadonlySet<FileRec>,
  names: NameIndex,
): { handlers: Map<string, HandlerInfo>; closed: boolean } {
  const handlers = new Map<string, HandlerInfo>();
  let closed = true;
  for (const r of registrations) {
    let info = handlers.get(r.handler);
    if (!info) {
      info = {
        name: r.handler,
        registrations: [],
        declarations: [],
        definition: null,
        annotations: [],
        isDispatchRole: false,
      };
      handlers.set(r.handler, info);
    }
    info.registrations.push(r);
  }
  if (handlers.size === 0) return { handlers, closed };

  // Own files first; then files of no driver; then any file (a shared library's handler).
  const tiers: ((f: FileRec) => boolean)[] = [(f) => own.has(f), (f) => !f.driver, () => true];
  for (const info of handlers.values()) {
    const short = info.name.includes('::')
      ? info.name.slice(info.name.lastIndexOf('::') + 2)
      : info.name;
    const allDecls = lookup(names.decls, info.name, short);
    const allDefs = lookup(names.defs, info.name, short);
    for (let t = 0; t < tiers.length; t++) {
      const inTier = tiers[t];
      const decls = allDecls.filter((d) => inTier(d.file)).map((d) => located(d.decl, d.file.uri));
      const defs = allDefs.filter((d) => inTier(d.file));
      if (decls.length === 0 && defs.length === 0) continue;
      info.declarations = decls;
      let def = defs.find((d) => d.fn.active) ?? defs[0];
      // Only declared here: keep searching wider tiers for the definition.
      for (let w = t + 1; !def && w < tiers.length; w++) {
        const wider = allDefs.filter((d) => tiers[w](d.file));
        def = wider.find((d) => d.fn.active) ?? wider[0];
      }
      info.definition = def ? located(def.fn, def.file.uri) : null;
      if (t > 0 || !def || !own.has(def.file)) closed = false;
      break;
    }
    if (info.definition === null && info.declarations.length === 0) closed = false;
    for (const decl of info.declarations) {
      for (const a of decl.annotations) info.annotations.push(located(a, decl.uri));
    }
    if (info.definition) {
      for (const a of info.definition.annotations) {
        info.annotations.push(located(a, info.definition.uri));
      }
    }
    info.isDispatchRole =
      info.declarations.some((decl) => decl.isDispatchRole) ||
      (info.definition?.isDispatchRole ?? false) ||
      info.annotations.some(
        (a) => a.kind !== '_Function_class_' || a.written === 'DRIVER_DISPATCH',
      );
  }
  return { handlers, closed };
}
