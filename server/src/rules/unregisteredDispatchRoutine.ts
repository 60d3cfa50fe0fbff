// unregistered-dispatch-routine: a routine declared DRIVER_DISPATCH or annotated `_Dispatch_type_`
// that no slot of any table uses: dead code, or a registration that was forgotten.
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import {
  annotatedSlots,
  dispatchRoutines,
  driverName,
  isHandled,
  routineAnchor,
  routineRelated,
} from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

const usedNames = new WeakMap<WorkspaceModel, Set<string>>();

/** Every handler name any table of the workspace stores (qualified names also by their last part). */
function usedAnywhere(model: WorkspaceModel, name: string): boolean {
  let names = usedNames.get(model);
  if (!names) {
    names = new Set<string>();
    for (const d of model.drivers) {
      for (const r of d.registrations) {
        names.add(r.handler);
        if (r.handler.includes('::')) names.add(r.handler.slice(r.handler.lastIndexOf('::') + 2));
      }
    }
    usedNames.set(model, names);
  }
  return names.has(name);
}

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  const findings: Finding[] = [];
  for (const info of dispatchRoutines(driver, model).values()) {
    const slots = annotatedSlots(info);
    if (!info.isDispatchRole && slots.size === 0) continue;
    const activeDecl =
      info.declarations.some((d) => d.active) || (info.definition?.active ?? false);
    if (!activeDecl || info.registrations.length > 0 || usedAnywhere(model, info.name)) continue;
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
