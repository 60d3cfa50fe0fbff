// Queries the rules share over one driver: which registrations count for the driver's own slots,
// what a handler is annotated for, where a driver-level finding goes and how a driver is named.
import { canonicalSlot, irpByName } from '../irpTable';
import type { Range } from '../syntax/factTypes';
import type { Driver, HandlerInfo, Located, WorkspaceModel } from '../index/modelTypes';
import type { RegistrationFact } from '../syntax/factTypes';
import type { Finding, RelatedLocation } from './ruleTypes';
import { isFillCall } from '../syntax/registrations';
import { lastPart } from '../util/names';

export type Registration = Located<RegistrationFact>;

/** A handler value that is no routine: clearing a slot is not a registration of a handler. */
export function isNullHandler(name: string): boolean {
  return /^(NULL|nullptr|0|0L|\(\s*void\s*\*\s*\)\s*0)$/.test(name.trim()) || name.trim() === '';
}

/** Writes that fill this driver's own slots: active writes into its DRIVER_OBJECT with a real handler. */
export function ownSlotWrites(driver: Driver): Registration[] {
  return driver.registrations.filter(
    (r) => r.target === 'driver_object' && r.active && !isNullHandler(r.handler),
  );
}

/**
 * Writes whose handlers are dispatch routines called by the I/O manager: the DRIVER_OBJECT table
 * and NDIS's dispatch table for its standalone device object (NdisRegisterDeviceEx copies it into a
 * DRIVER_OBJECT). Private tables and writes into other drivers' objects hold other callbacks.
 */
export function dispatchWrites(driver: Driver): Registration[] {
  return driver.registrations.filter(
    (r) =>
      (r.target === 'driver_object' || r.target === 'ndis_dispatch_table') &&
      r.active &&
      !isNullHandler(r.handler),
  );
}

/** The canonical slot a write names, or undefined for loops and invalid indexes. */
export function constantSlot(r: RegistrationFact): string | undefined {
  if (r.inLoop || r.invalidIndex) return undefined;
  if (irpByName(r.slot)?.name === r.slot) return r.slot;
  return canonicalSlot(r.written);
}

/** Own writes that can fill a slot, loops included. */
export function writesFilling(driver: Driver, slot: string): Registration[] {
  return ownSlotWrites(driver).filter((r) => r.covers.includes(slot) || constantSlot(r) === slot);
}

/** Own writes that name the slot explicitly (no loop defaults). */
export function explicitWrites(driver: Driver, slot: string): Registration[] {
  return ownSlotWrites(driver).filter((r) => constantSlot(r) === slot);
}

export function isHandled(driver: Driver, slot: string): boolean {
  return writesFilling(driver, slot).length > 0;
}

/** Canonical slots a handler is annotated for (`_Dispatch_type_`, `__drv_dispatchType`, `_Function_class_(IRP_MJ_X)`). */
export function annotatedSlots(info: HandlerInfo | undefined): Set<string> {
  const slots = new Set<string>();
  for (const a of info?.annotations ?? []) {
    const slot = a.slot ?? canonicalSlot(a.written);
    if (slot) slots.add(slot);
  }
  return slots;
}

/** Looks a handler up in its driver, then in the other drivers (shared library sources). */
export function findHandler(
  model: WorkspaceModel,
  driver: Driver,
  name: string,
): HandlerInfo | undefined {
  const own = driver.handlers.get(name);
  if (own && (own.definition || own.declarations.length > 0)) return own;
  for (const other of model.drivers) {
    if (other === driver) continue;
    const info = other.handlers.get(name);
    if (info && (info.definition || info.declarations.length > 0)) return info;
  }
  return own;
}

/** How messages name a driver: its root directory, or the workspace folder's name for the root. */
export function driverName(driver: Driver): string {
  if (driver.root) return driver.root;
  const uri = driver.rootUri.replace(/\/+$/, '');
  const base = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(base) || '(workspace root)';
  } catch {
    return base || '(workspace root)';
  }
}

/** Where a finding about the whole driver goes: DriverEntry's name, else its first registration. */
export function driverAnchor(driver: Driver): { uri: string; range: Range } | undefined {
  if (driver.entry) return { uri: driver.entry.uri, range: driver.entry.nameRange };
  const first = ownSlotWrites(driver)[0];
  if (first) return { uri: first.uri, range: first.indexRange };
  return undefined;
}

export function registrationRelated(r: Registration, message?: string): RelatedLocation {
  const made = isFillCall(r.written)
    ? `${r.written} fills MajorFunction with ${r.handler} here`
    : `${r.written} is set to ${r.handler} here`;
  return { uri: r.uri, range: r.lvalueRange, message: message ?? made };
}

const registeredNameSets = new WeakMap<WorkspaceModel, Set<string>>();

/** Every handler name some table of the model stores (qualified names also by their last part). */
export function registeredAnywhere(model: WorkspaceModel): ReadonlySet<string> {
  let names = registeredNameSets.get(model);
  if (!names) {
    names = new Set<string>();
    for (const d of model.drivers) {
      for (const r of d.registrations) names.add(r.handler).add(lastPart(r.handler));
    }
    registeredNameSets.set(model, names);
  }
  return names;
}

/** How messages name the slot a registration wrote: `MajorFunction[i]`, or the fill call's. */
export function majorFunctionText(written: string): string {
  return isFillCall(written) ? `MajorFunction (filled by ${written})` : `MajorFunction[${written}]`;
}

/**
 * A finding about one slot of a driver (a handler or notification it lacks), at `at`; its related
 * locations end with the driver's entry, and its data names the slot for the quick fix.
 */
export function slotFinding(
  ruleId: string,
  driver: Driver,
  slot: string,
  at: { uri: string; range: Range },
  message: string,
  related: RelatedLocation[],
): Finding {
  return {
    ruleId,
    uri: at.uri,
    range: at.range,
    message,
    related: [...related, ...entryRelated(driver)],
    data: { ruleId, driver: driver.rootUri, slot },
  };
}

/** Related entry for DriverEntry, when it is not the finding's own location. */
export function entryRelated(driver: Driver): RelatedLocation[] {
  if (!driver.entry) return [];
  return [
    {
      uri: driver.entry.uri,
      range: driver.entry.nameRange,
      message: `${driver.entry.function} of driver ${driverName(driver)}`,
    },
  ];
}

/** The declaration or definition that best stands for a routine: first active declaration, else definition. */
export function routineAnchor(info: HandlerInfo): { uri: string; range: Range } | undefined {
  const decl = info.declarations.find((d) => d.active) ?? info.declarations[0];
  if (decl) return { uri: decl.uri, range: decl.nameRange };
  if (info.definition) return { uri: info.definition.uri, range: info.definition.nameRange };
  return undefined;
}

/** Declarations and the definition of a routine as related locations. */
export function routineRelated(info: HandlerInfo): RelatedLocation[] {
  const out: RelatedLocation[] = info.declarations.map((d) => ({
    uri: d.uri,
    range: d.nameRange,
    message: `${info.name} is declared here`,
  }));
  if (info.definition) {
    out.push({
      uri: info.definition.uri,
      range: info.definition.nameRange,
      message: `${info.name} is defined here`,
    });
  }
  return out;
}

/** Orders findings' inputs deterministically: by URI, then position. */
export function byLocation<T extends { uri: string; lvalueRange: Range }>(a: T, b: T): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return (
    a.lvalueRange.start.line - b.lvalueRange.start.line ||
    a.lvalueRange.start.character - b.lvalueRange.start.character
  );
}

const routineCache = new WeakMap<Driver, Map<string, HandlerInfo>>();

/** A routine known only by name so far: no registrations, declarations, definition or annotations. */
export function emptyHandlerInfo(name: string): HandlerInfo {
  return {
    name,
    registrations: [],
    declarations: [],
    definition: null,
    annotations: [],
    isDispatchRole: false,
  };
}

/**
 * Every routine of the driver that is registered or claims to be a dispatch routine: the model's
 * handlers (registered names) plus routines of the driver's files declared `DRIVER_DISPATCH`,
 * `_Function_class_(DRIVER_DISPATCH)` or annotated `_Dispatch_type_` that no write names.
 */
export function dispatchRoutines(driver: Driver, model: WorkspaceModel): Map<string, HandlerInfo> {
  const cached = routineCache.get(driver);
  if (cached) return cached;
  const out = new Map<string, HandlerInfo>(driver.handlers);
  const extra = new Map<string, HandlerInfo>();
  const infoOf = (name: string): HandlerInfo => {
    let info = extra.get(name);
    if (!info) {
      info = emptyHandlerInfo(name);
      extra.set(name, info);
    }
    return info;
  };
  for (const uri of driver.files) {
    const facts = model.factsOf(uri);
    if (!facts) continue;
    for (const d of facts.declarations) {
      if (out.has(d.name)) continue;
      const claims =
        d.isDispatchRole ||
        d.annotations.some((a) => (a.slot ?? canonicalSlot(a.written)) !== undefined);
      if (!claims && !extra.has(d.name)) continue;
      const info = infoOf(d.name);
      info.declarations.push({ ...d, uri });
      for (const a of d.annotations) info.annotations.push({ ...a, uri });
      info.isDispatchRole = info.isDispatchRole || claims;
    }
  }
  for (const uri of driver.files) {
    for (const fn of model.factsOf(uri)?.functions ?? []) {
      if (out.has(fn.name)) continue;
      const claims =
        fn.isDispatchRole ||
        fn.annotations.some((a) => (a.slot ?? canonicalSlot(a.written)) !== undefined);
      if (!claims && !extra.has(fn.name)) continue;
      const info = infoOf(fn.name);
      if (info.definition && info.definition.active) continue;
      info.definition = { ...fn, uri };
      for (const a of fn.annotations) info.annotations.push({ ...a, uri });
      info.isDispatchRole = info.isDispatchRole || claims;
    }
  }
  for (const [name, info] of extra) out.set(name, info);
  routineCache.set(driver, out);
  return out;
}

/**
 * File systems and file-system filters: they handle IRP_MJ_FILE_SYSTEM_CONTROL or call
 * IoRegisterFileSystem. The I/O manager sends them shutdown IRPs without a notification, and the
 * storage rule of flush and shutdown is not theirs.
 */
export function isFileSystem(driver: Driver, model: WorkspaceModel): boolean {
  if (explicitWrites(driver, 'IRP_MJ_FILE_SYSTEM_CONTROL').length > 0) return true;
  return driver.files.some((uri) =>
    (model.factsOf(uri)?.calls ?? []).some((c) => c.active && c.callee === 'IoRegisterFileSystem'),
  );
}
