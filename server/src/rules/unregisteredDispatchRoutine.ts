// unregistered-dispatch-routine: a routine declared DRIVER_DISPATCH or annotated `_Dispatch_type_`
// that no slot of any table uses and no code of its driver calls or stores: dead code, or a
// registration that was forgotten.
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import {
  annotatedSlots,
  dispatchRoutines,
  driverName,
  isHandled,
  registeredAnywhere,
  routineAnchor,
  routineRelated,
} from './ruleHelpers';
import { lastPart } from '../util/names';
import type { Finding, Rule } from './ruleTypes';

/**
 * Routines the driver's own files use directly (called, stored in a private table, passed on):
 * helpers that merely share the DRIVER_DISPATCH signature, such as a power routine's
 * `DispatchPowerDefault` or a filter's `PassThrough`, are not forgotten registrations.
 */
function usedDirectly(driver: Driver, model: WorkspaceModel): Set<string> {
  const used = new Set<string>();
  const add = (names: readonly string[] | undefined): void => {
    for (const n of names ?? []) used.add(n);
  };
  for (const uri of driver.files) {
    const facts = model.factsOf(uri);
    if (!facts) continue;
    add(facts.references);
    for (const fn of facts.functions) add(fn.references);
  }
  // Definitions read from files the prefilter skipped carry their file's uses.
  for (const info of driver.handlers.values()) add(info.definition?.references);
  return used;
}

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  const findings: Finding[] = [];
  let direct: Set<string> | undefined;
  const registered = registeredAnywhere(model);
  for (const info of dispatchRoutines(driver, model).values()) {
    const slots = annotatedSlots(info);
    if (!info.isDispatchRole && slots.size === 0) continue;
    const activeDecl =
      info.declarations.some((d) => d.active) || (info.definition?.active ?? false);
    if (!activeDecl || info.registrations.length > 0 || registered.has(info.name)) continue;
    // `ns::Read` defined, `Read` registered (under `using namespace ns;` or inside the namespace).
    const bare = lastPart(info.name);
    if (bare !== info.name && registered.has(bare)) continue;
    direct ??= usedDirectly(driver, model);
    if (direct.has(bare)) continue;
    const anchor = routineAnchor(info);
    if (!anchor) continue;
    const free = [...slots].filter((s) => !isHandled(driver, s));
    findings.push({
      ruleId: 'unregistered-dispatch-routine',
      uri: anchor.uri,
      range: anchor.range,
      message: `${info.name} is declared as a dispatch routine${slots.size > 0 ? ` for ${[...slots].join(', ')}` : ''} but driver ${driverName(driver)} stores it in no MajorFunction slot`,
      related: routineRelated(info).filter(
        (r) => r.uri !== anchor.uri || r.range.start.line !== anchor.range.start.line,
      ),
      data: {
        ruleId: 'unregistered-dispatch-routine',
        driver: driver.rootUri,
        handler: info.name,
        slots: free,
      },
    });
  }
  return findings;
}

export const unregisteredDispatchRoutine: Rule = {
  id: 'unregistered-dispatch-routine',
  defaultSeverity: 'warning',
  title: 'Dispatch routine that no slot uses',
  docAnchor: 'unregistered-dispatch-routine',
  check,
};
