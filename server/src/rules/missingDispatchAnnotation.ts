// missing-dispatch-annotation (PREfast C28169): a routine stored in the dispatch table has no
// `_Dispatch_type_` / `__drv_dispatchType` / `_Function_class_(IRP_MJ_X)` annotation, so Code Analysis
// cannot check it as a dispatch routine. Loop registrations count too, as they do for PREfast.
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import { routineFindings } from './handlerGroups';
import { annotatedSlots, constantSlot, driverName, majorFunctionText } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  return routineFindings('missing-dispatch-annotation', driver, model, (group, info) => {
    if (annotatedSlots(info).size > 0) return undefined;
    const slots = [...new Set(group.writes.map(constantSlot).filter((s): s is string => !!s))];
    const where =
      slots.length > 0
        ? `MajorFunction[${slots.join(', ')}]`
        : majorFunctionText(group.writes[0].written);
    return {
      writes: group.writes,
      slots,
      message: `${group.name} is stored in ${where} of driver ${driverName(driver)} but has no _Dispatch_type_ annotation (C28169)`,
    };
  });
}

export const missingDispatchAnnotation: Rule = {
  id: 'missing-dispatch-annotation',
  defaultSeverity: 'warning',
  title: 'Registered dispatch routine without a _Dispatch_type_ annotation',
  prefast: { numbers: ['28169'], names: ['__WARNING_DISPATCH_MISSING'] },
  docAnchor: 'missing-dispatch-annotation',
  check,
};
