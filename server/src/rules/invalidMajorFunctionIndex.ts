// invalid-major-function-index: a constant index into MajorFunction that is no IRP_MJ code: out of
// 0x00..0x1b (writes past the array) or a code of another kind such as IRP_MN_START_DEVICE.
import { canonicalSlot, parseCInteger } from '../irpTable';
import type { Driver } from '../index/modelTypes';
import { driverName, isNullHandler } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

/** Why an index as written is invalid, or undefined when it is valid or not a constant. */
export function invalidIndexReason(written: string): string | undefined {
  const w = written.trim();
  if (/^IRP_MN_\w+$/.test(w)) return `${w} is a minor function code, not an IRP_MJ code`;
  const value = parseCInteger(w);
  if (value !== undefined && canonicalSlot(w) === undefined) {
    return `${w} is outside 0x00..0x1b (IRP_MJ_MAXIMUM_FUNCTION)`;
  }
  if (/^IRP_MJ_\w+$/.test(w) && w !== 'IRP_MJ_MAXIMUM_FUNCTION' && !canonicalSlot(w)) {
    return `${w} is not an IRP_MJ code defined by wdm.h`;
  }
  return undefined;
}

function check(driver: Driver): Finding[] {
  const findings: Finding[] = [];
  for (const r of driver.registrations) {
    if (r.target !== 'driver_object' && r.target !== 'ndis_dispatch_table') continue;
    if (!r.active || r.inLoop) continue;
    const reason =
      invalidIndexReason(r.written) ??
      (r.invalidIndex ? `${r.written} is not a valid IRP_MJ index (0x00..0x1b)` : undefined);
    if (!reason) continue;
    findings.push({
      ruleId: 'invalid-major-function-index',
      uri: r.uri,
      range: r.indexRange,
      message: `MajorFunction[${r.written}] in driver ${driverName(driver)}: ${reason}`,
      related: isNullHandler(r.handler)
        ? []
        : [{ uri: r.uri, range: r.handlerRange, message: `${r.handler} is stored here` }],
      data: { ruleId: 'invalid-major-function-index', driver: driver.rootUri, handler: r.handler },
    });
  }
  return findings;
}

export const invalidMajorFunctionIndex: Rule = {
  id: 'invalid-major-function-index',
  defaultSeverity: 'error',
  title: 'MajorFunction index that is not an IRP_MJ code',
  docAnchor: 'invalid-major-function-index',
  check,
};
