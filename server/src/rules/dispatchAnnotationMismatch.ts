// dispatch-annotation-mismatch (PREfast C28168): a routine annotated for some slots is stored in a
// slot it is not annotated for; alias-aware (IRP_MJ_SCSI, 0x0e). Loop writes are not checked: a
// pass-through stored in every slot cannot list 28 annotations (PREfast's documented false positive).
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import { routineFindings } from './handlerGroups';
import { annotatedSlots, constantSlot, driverName } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  return routineFindings('dispatch-annotation-mismatch', driver, model, (group, info) => {
    const annotated = annotatedSlots(info);
    if (annotated.size === 0) return undefined;
    const wrong = group.writes.filter((w) => {
      const slot = constantSlot(w);
      return slot !== undefined && !annotated.has(slot);
    });
    if (wrong.length === 0) return undefined;
    const slots = [...new Set(wrong.map((w) => constantSlot(w) as string))];
    return {
      writes: wrong,
      slots,
      message: `${group.name} is stored in MajorFunction[${slots.join(', ')}] of driver ${driverName(driver)} but is annotated only for ${[...annotated].join(', ')} (C28168)`,
      related: info.annotations.map((a) => ({
        uri: a.uri,
        range: a.range,
        message: `annotated for ${a.written} here`,
      })),
    };
  });
}

export const dispatchAnnotationMismatch: Rule = {
  id: 'dispatch-annotation-mismatch',
  defaultSeverity: 'warning',
  title: 'Dispatch routine annotated for other slots than the one it is stored in',
  prefast: { numbers: ['28168'], names: ['__WARNING_DISPATCH_MISMATCH'] },
  docAnchor: 'dispatch-annotation-mismatch',
  check,
};
