// Assembles one Driver of the model from its grouped files: registrations in file then source
// order, frameworks, AddDevice, shutdown and device-creation calls, suppressions, slots and
// resolved handlers. Pure: no fs, no connection.
import type { CallFact, RegistrationFact, SuppressionFact } from '../syntax/factTypes';
import type { DriverBuild, FileRec } from './driverGrouping';
import { fillSlots, located, resolveHandlers, type NameIndex } from './handlerResolution';
import type { Driver, Located } from './modelTypes';
import { lastPart } from '../util/names';

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

/** A finished driver and what decides whether another file's change can alter it. */
export interface AssembledDriver {
  driver: Driver;
  /** Every handler resolved in the driver's own files: other files cannot change the result. */
  closed: boolean;
}

function compareRegistrations(
  a: Located<RegistrationFact>,
  b: Located<RegistrationFact>,
  order: Map<string, number>,
): number {
  return (order.get(a.uri) ?? 0) - (order.get(b.uri) ?? 0) || a.order - b.order;
}

/** The driver's files (helpers' files included) in path order. */
export function ownFiles(d: DriverBuild): FileRec[] {
  const own = [...d.files, ...d.helperFiles];
  own.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  return own;
}

/** Handler names (and the unqualified part of C++ names) the driver's registrations look up. */
export function registeredNames(own: readonly FileRec[], into = new Set<string>()): Set<string> {
  for (const f of own) {
    for (const r of f.facts.registrations) {
      into.add(r.handler).add(lastPart(r.handler));
    }
  }
  return into;
}

export function assembleDriver(
  d: DriverBuild,
  own: readonly FileRec[],
  names: NameIndex,
): AssembledDriver {
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
  return { driver, closed: resolved.closed };
}

function sortFrameworks(set: Set<string>): string[] {
  const rank = (f: string): number => {
    const i = FRAMEWORK_ORDER.indexOf(f);
    return i < 0 ? FRAMEWORK_ORDER.length : i;
  };
  return [...set].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
