// Resolves a driver's handlers against declarations and definitions (own files first, then
// files of no driver, then any file) and fills its slots (loop defaults and later overrides).
// Pure: no fs, no connection.
import type {
  DeclarationFact,
  FileFacts,
  FunctionFact,
  RegistrationFact,
} from '../syntax/factTypes';
import type { FileRec } from './driverGrouping';
import type { HandlerInfo, Located } from './modelTypes';
import { lastPart } from '../util/names';

export function located<T extends object>(fact: T, uri: string): Located<T> {
  return { ...fact, uri };
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
    // A loop that overruns the array (`invalidIndex` with `inLoop`) still fills the slots it covers.
    (r) => r.target === 'driver_object' && r.active && (!r.invalidIndex || r.inLoop),
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
export interface NameIndex {
  decls: Map<string, { file: FileRec; decl: DeclarationFact }[]>;
  defs: Map<string, { file: FileRec; fn: FunctionFact }[]>;
  /**
   * Qualified declarations and definitions (`ns::Name`, `Class::Name`) by their last part, for a
   * handler registered unqualified (`= Name;` under `using namespace ns;` or in the class's scope)
   * that no unqualified one matches.
   */
  qualifiedDecls: Map<string, { file: FileRec; decl: DeclarationFact }[]>;
  qualifiedDefs: Map<string, { file: FileRec; fn: FunctionFact }[]>;
}

function addTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const nameSets = new WeakMap<FileFacts, Set<string>>();

/** Names a file declares or defines. */
function namesIn(facts: FileFacts): Set<string> {
  let names = nameSets.get(facts);
  if (!names) {
    names = new Set<string>();
    for (const d of facts.declarations) names.add(d.name).add(lastPart(d.name));
    for (const fn of facts.functions) names.add(fn.name).add(lastPart(fn.name));
    nameSets.set(facts, names);
  }
  return names;
}

function mentionsAny(names: ReadonlySet<string>, wanted: ReadonlySet<string>): boolean {
  for (const n of wanted) if (names.has(n)) return true;
  return false;
}

export function buildNameIndex(recs: readonly FileRec[], wanted: ReadonlySet<string>): NameIndex {
  const index: NameIndex = {
    decls: new Map(),
    defs: new Map(),
    qualifiedDecls: new Map(),
    qualifiedDefs: new Map(),
  };
  if (wanted.size === 0) return index;
  for (const file of recs) {
    const count = file.facts.declarations.length + file.facts.functions.length;
    if (count === 0) continue;
    // Few names wanted (an incremental build): skip files naming none of them through the
    // file's name set, built once per facts object, instead of reading all their functions.
    if (wanted.size < count && !mentionsAny(namesIn(file.facts), wanted)) continue;
    for (const decl of file.facts.declarations) {
      if (wanted.has(decl.name)) addTo(index.decls, decl.name, { file, decl });
      else if (decl.name.includes('::') && wanted.has(lastPart(decl.name))) {
        addTo(index.qualifiedDecls, lastPart(decl.name), { file, decl });
      }
    }
    for (const fn of file.facts.functions) {
      if (wanted.has(fn.name)) addTo(index.defs, fn.name, { file, fn });
      else if (fn.name.includes('::') && wanted.has(lastPart(fn.name))) {
        addTo(index.qualifiedDefs, lastPart(fn.name), { file, fn });
      }
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

/** The entries of a tier: the unqualified ones, else the qualified ones. */
function inTierOr<T extends { file: FileRec }>(
  exact: readonly T[],
  qualified: readonly T[],
  inTier: (f: FileRec) => boolean,
): T[] {
  const found = exact.filter((d) => inTier(d.file));
  return found.length > 0 || qualified.length === 0
    ? found
    : qualified.filter((d) => inTier(d.file));
}

export function resolveHandlers(
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
    const short = lastPart(info.name);
    const allDecls = lookup(names.decls, info.name, short);
    const allDefs = lookup(names.defs, info.name, short);
    // Registered unqualified: within a tier, qualified ones (`ns::Name`, `Class::Name`) stand in
    // when no unqualified one is there. An own one thus still wins over any file elsewhere, so
    // `closed` keeps its meaning; drivers that are not closed also depend on files naming
    // `x::Name` (driverModel's rebuild check compares last parts too).
    const qualifiedDecls = short === info.name ? (names.qualifiedDecls.get(short) ?? []) : [];
    const qualifiedDefs = short === info.name ? (names.qualifiedDefs.get(short) ?? []) : [];
    for (let t = 0; t < tiers.length; t++) {
      const inTier = tiers[t];
      const decls = inTierOr(allDecls, qualifiedDecls, inTier).map((d) =>
        located(d.decl, d.file.uri),
      );
      const defs = inTierOr(allDefs, qualifiedDefs, inTier);
      if (decls.length === 0 && defs.length === 0) continue;
      info.declarations = decls;
      let def = defs.find((d) => d.fn.active) ?? defs[0];
      // Only declared here: keep searching wider tiers for the definition.
      for (let w = t + 1; !def && w < tiers.length; w++) {
        const wider = inTierOr(allDefs, qualifiedDefs, tiers[w]);
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
