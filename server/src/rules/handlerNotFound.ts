// handler-not-found: a registered handler with no declaration or definition anywhere in the
// workspace (a typo, a file outside the workspace, or a routine from a library).
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import { handlerGroups, isKnown } from './handlerGroups';
import { constantSlot, driverName, majorFunctionText, registrationRelated } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';
import { lastPart } from '../util/names';

function knownAnywhere(model: WorkspaceModel, name: string): boolean {
  // C++ handlers are written qualified (`Driver::DispatchRead`) but may be declared unqualified.
  const short = lastPart(name);
  return model.drivers.some(
    (d) => isKnown(d.handlers.get(name)) || (short !== name && isKnown(d.handlers.get(short))),
  );
}

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  const findings: Finding[] = [];
  for (const group of handlerGroups(driver, model)) {
    if (isKnown(group.info) || knownAnywhere(model, group.name)) continue;
    // A setter's parameter (`MajorFunction[i] = Value;` in `SetMajorFunction(i, Value)`) names no
    // routine: its callers pass one in.
    if (group.writes.every((w) => w.handlerIsParameter === true)) continue;
    const first = group.writes[0];
    const slots = [
      ...new Set(group.writes.map(constantSlot).filter((s): s is string => s !== undefined)),
    ];
    findings.push({
      ruleId: 'handler-not-found',
      uri: first.uri,
      range: first.handlerRange,
      message: `${group.name}, stored in ${majorFunctionText(first.written)} of driver ${driverName(driver)}, is neither declared nor defined in the workspace`,
      related: group.writes.slice(1).map((w) => registrationRelated(w)),
      data: {
        ruleId: 'handler-not-found',
        driver: driver.rootUri,
        handler: group.name,
        ...(slots.length > 0 ? { slot: slots[0], slots } : {}),
      },
    });
  }
  return findings;
}

export const handlerNotFound: Rule = {
  id: 'handler-not-found',
  defaultSeverity: 'information',
  title: 'Registered handler not declared or defined in the workspace',
  docAnchor: 'handler-not-found',
  check,
};
