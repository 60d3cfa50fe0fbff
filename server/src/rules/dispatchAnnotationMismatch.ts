// dispatch-annotation-mismatch (PREfast C28168): a routine annotated for some slots is stored in a
// slot it is not annotated for; alias-aware (IRP_MJ_SCSI, 0x0e). Loop writes are not checked: a
// pass-through stored in every slot cannot list 28 annotations (PREfast's documented false positive).
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import { handlerGroups, isKnown, registrationLines } from './handlerGroups';
import {
  annotatedSlots,
  constantSlot,
  driverName,
  registrationRelated,
  routineAnchor,
  routineRelated,
} from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  const findings: Finding[] = [];
  for (const group of handlerGroups(driver, model)) {
    if (!isKnown(group.info)) continue;
    const annotated = annotatedSlots(group.info);
    if (annotated.size === 0) continue;
    const wrong = group.writes.filter((w) => {
      const slot = constantSlot(w);
      return slot !== undefined && !annotated.has(slot);
    });
    if (wrong.length === 0) continue;
    const anchor = routineAnchor(group.info);
    if (!anchor) continue;
    const slots = [...new Set(wrong.map((w) => constantSlot(w) as string))];
    findings.push({
      ruleId: 'dispatch-annotation-mismatch',
      uri: anchor.uri,
      range: anchor.range,
      message: `${group.name} is stored in MajorFunction[${slots.join(', ')}] of driver ${driverName(driver)} but is annotated only for ${[...annotated].join(', ')} (C28168)`,
      related: [
        ...wrong.map((w) => registrationRelated(w)),
        ...group.info.annotations.map((a) => ({
          uri: a.uri,
          range: a.range,
          message: `annotated for ${a.written} here`,
        })),
        ...routineRelated(group.info),
      ],
      data: {
        ruleId: 'dispatch-annotation-mismatch',
        driver: driver.rootUri,
        handler: group.name,
        slots,
      },
      alsoSuppressedAt: registrationLines(wrong),
    });
  }
  return findings;
}

export const dispatchAnnotationMismatch: Rule = {
  id: 'dispatch-annotation-mismatch',
  defaultSeverity: 'warning',
  title: 'Dispatch routine annotated for other slots than the one it is stored in',
  prefast: { numbers: ['28168'], names: ['__WARNING_DISPATCH_MISMATCH'] },
  docAnchor: 'dispatch-annotation-mismatch',
  check,
};
