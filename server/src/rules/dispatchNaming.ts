// dispatch-naming (off by default): the WDK advises naming dispatch routines XxxDispatchYyy
// (Xxx a driver prefix, Yyy the request), e.g. FooDispatchRead.
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import { handlerGroups } from './handlerGroups';
import { routineStem } from '../features/fixes/routineTemplates';
import { driverName } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  const findings: Finding[] = [];
  for (const group of handlerGroups(driver, model)) {
    const short = group.name.slice(group.name.lastIndexOf(':') + 1);
    if (/Dispatch/.test(short)) continue;
    const first = group.writes[0];
    findings.push({
      ruleId: 'dispatch-naming',
      uri: first.uri,
      range: first.handlerRange,
      message: `${group.name} (driver ${driverName(driver)}) is not named XxxDispatchYyy as the WDK advises, e.g. XxxDispatch${routineStem(first.slot)}`,
      related: [],
      data: { ruleId: 'dispatch-naming', driver: driver.rootUri, handler: group.name },
    });
  }
  return findings;
}

export const dispatchNaming: Rule = {
  id: 'dispatch-naming',
  defaultSeverity: 'off',
  title: 'Dispatch routine not named XxxDispatchYyy',
  docAnchor: 'dispatch-naming',
  check,
};
