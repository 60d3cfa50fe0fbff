// Shared queries of the features over the driver model: which driver a document belongs to,
// what symbol sits under the cursor (an IRP_MJ code, a handler, a keyword) and where things are.
import type { Driver, HandlerInfo, Located, WorkspaceModel } from '../index/modelTypes';
import { irpByName, type IrpMajorFunction } from '../irpTable';
import { emptyHandlerInfo } from '../rules/ruleHelpers';
import type { Position, Range, RegistrationFact } from '../syntax/factTypes';
import { rangeContains } from '../util/positions';
import type { TokenAt } from './tokenAt';

export interface LspLocation {
  uri: string;
  range: Range;
}

/**
 * The driver a document belongs to. A file outside every driver (a shared header) still gets an
 * answer when the workspace holds exactly one driver, which is the common case.
 */
export function driverFor(model: WorkspaceModel, uri: string): Driver | undefined {
  return model.driverOf(uri) ?? (model.drivers.length === 1 ? model.drivers[0] : undefined);
}

/** The drivers a query from this document should look at: its own, else all of them. */
export function driversFor(model: WorkspaceModel, uri: string): Driver[] {
  const own = driverFor(model, uri);
  return own ? [own] : model.drivers;
}

/** Where to jump for a handler: its definition, else its first declaration. */
export function handlerTarget(info: HandlerInfo): LspLocation | null {
  if (info.definition) return { uri: info.definition.uri, range: info.definition.nameRange };
  const decl = info.declarations.find((d) => d.active) ?? info.declarations[0];
  return decl ? { uri: decl.uri, range: decl.nameRange } : null;
}

/** Path of a document for display: relative to the driver's root when inside it. */
export function displayPath(uri: string, driver?: Driver): string {
  const root = driver?.rootUri.replace(/\/+$/, '');
  let path = root && uri.startsWith(root + '/') ? uri.slice(root.length + 1) : uri;
  if (path === uri) path = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A markdown link `[file:line](uri#Lline)` that VS Code opens at the line. */
export function markdownLink(location: LspLocation, driver?: Driver): string {
  const line = location.range.start.line + 1;
  const label = `${displayPath(location.uri, driver)}:${line}`;
  return `[${escapeMarkdown(label)}](${location.uri}#L${line})`;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** The IRP table entry a token names (canonical or alias), if any. */
export function irpOfToken(token: TokenAt | null): IrpMajorFunction | undefined {
  return token ? irpByName(token.word) : undefined;
}

/** Active driver_object registrations of a slot in a driver, loops included. */
export function slotRegistrations(driver: Driver, slot: string): Located<RegistrationFact>[] {
  return (driver.slots.get(slot) ?? []).filter((r) => r.target === 'driver_object');
}

export interface HandlerHit {
  name: string;
  driver: Driver | undefined;
  info: HandlerInfo | undefined;
  /** Range of the name under the cursor. */
  range: Range;
}

/**
 * The dispatch handler whose name is under the cursor: at a registration's right-hand side, a
 * declaration or a definition of a routine the model knows as a handler. Null elsewhere, so a
 * plain call of the same function is left to the C/C++ extension.
 */
export function handlerAt(
  model: WorkspaceModel,
  uri: string,
  position: Position,
): HandlerHit | null {
  const facts = model.factsOf(uri);
  if (!facts) return null;
  const candidates: { name: string; range: Range }[] = [];
  for (const r of facts.registrations) candidates.push({ name: r.handler, range: r.handlerRange });
  for (const d of facts.declarations) candidates.push({ name: d.name, range: d.nameRange });
  for (const f of facts.functions) candidates.push({ name: f.name, range: f.nameRange });
  for (const c of candidates) {
    if (!rangeContains(c.range, position)) continue;
    const found = findHandler(model, uri, c.name);
    if (found) return { name: c.name, driver: found.driver, info: found.info, range: c.range };
  }
  return null;
}

/** A handler by name, in the document's driver first, then in any driver. */
export function findHandler(
  model: WorkspaceModel,
  uri: string,
  name: string,
): { driver: Driver; info: HandlerInfo } | undefined {
  const own = driverFor(model, uri);
  const ownInfo = own ? dispatchRoutines(model, own).get(name) : undefined;
  if (own && ownInfo && isDispatchHandler(ownInfo)) return { driver: own, info: ownInfo };
  for (const driver of model.drivers) {
    const info = dispatchRoutines(model, driver).get(name);
    if (info && isDispatchHandler(info)) return { driver, info };
  }
  return undefined;
}

const routineCache = new WeakMap<Driver, Map<string, HandlerInfo>>();

/**
 * Every dispatch routine of a driver: the registered handlers of `driver.handlers` plus routines
 * declared or annotated as dispatch routines that no slot uses yet (completion offers those first,
 * hover explains them).
 */
export function dispatchRoutines(model: WorkspaceModel, driver: Driver): Map<string, HandlerInfo> {
  const cached = routineCache.get(driver);
  if (cached) return cached;
  const out = new Map(driver.handlers);
  const extra = new Map<string, HandlerInfo>();
  const claims = (annotations: { slot: string | null }[], role: boolean): boolean =>
    role || annotations.some((a) => a.slot !== null);
  for (const uri of driver.files) {
    const facts = model.factsOf(uri);
    if (!facts) continue;
    for (const d of facts.declarations) {
      if (out.has(d.name) || !claims(d.annotations, d.isDispatchRole)) continue;
      const info = extra.get(d.name) ?? emptyHandlerInfo(d.name);
      info.declarations.push({ ...d, uri });
      info.annotations.push(...d.annotations.map((a) => ({ ...a, uri })));
      info.isDispatchRole = true;
      extra.set(d.name, info);
    }
  }
  for (const uri of driver.files) {
    const facts = model.factsOf(uri);
    if (!facts) continue;
    for (const f of facts.functions) {
      if (out.has(f.name) || !f.active) continue;
      const known = extra.get(f.name);
      if (!known && !claims(f.annotations, f.isDispatchRole)) continue;
      const info = known ?? emptyHandlerInfo(f.name);
      info.definition ??= { ...f, uri };
      info.annotations.push(...f.annotations.map((a) => ({ ...a, uri })));
      info.isDispatchRole = true;
      extra.set(f.name, info);
    }
  }
  for (const [name, info] of extra) out.set(name, info);
  routineCache.set(driver, out);
  return out;
}

/** A routine is a dispatch handler when something stores it in a slot or declares it as one. */
export function isDispatchHandler(info: HandlerInfo): boolean {
  return info.isDispatchRole || info.registrations.some((r) => r.target !== 'foreign');
}

/** The canonical slots a handler is stored in (driver_object writes; loops count all they cover). */
export function slotsOfHandler(info: HandlerInfo): string[] {
  const slots = new Set<string>();
  for (const r of info.registrations) {
    if (r.target === 'foreign' || !r.active) continue;
    for (const s of r.covers) slots.add(s);
  }
  return [...slots];
}
