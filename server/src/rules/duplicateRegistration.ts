// duplicate-registration: one slot written twice with different handlers on the same path, so the
// first handler never runs. A loop default followed by an override is the normal idiom and is
// fine; writes in sibling `#ifdef`/`#else` branches, or in different functions, are alternatives.
import type { Driver } from '../index/modelTypes';
import {
  constantSlot,
  driverName,
  ownSlotWrites,
  registrationRelated,
  type Registration,
} from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

/** Branch ids are hierarchical: a write in branch `a` and one in `a/b` can run one after the other. */
function onOnePath(a: string, b: string): boolean {
  if (a === b || a === '' || b === '') return true;
  const nested = (outer: string, inner: string): boolean =>
    inner.startsWith(outer) && !/[0-9A-Za-z]/.test(inner.charAt(outer.length));
  return nested(a, b) || nested(b, a);
}

function check(driver: Driver): Finding[] {
  const groups = new Map<string, Registration[]>();
  for (const w of ownSlotWrites(driver)) {
    const slot = constantSlot(w);
    if (!slot) continue;
    const key = `${w.uri}\u0000${w.function ?? ''}\u0000${slot}`;
    const list = groups.get(key);
    if (list) list.push(w);
    else groups.set(key, [w]);
  }
  const findings: Finding[] = [];
  for (const writes of groups.values()) {
    writes.sort((a, b) => a.order - b.order);
    for (let i = 1; i < writes.length; i++) {
      const later = writes[i];
      const earlier = writes
        .slice(0, i)
        .find((e) => e.handler !== later.handler && onOnePath(e.branch, later.branch));
      if (!earlier) continue;
      const slot = constantSlot(later) as string;
      findings.push({
        ruleId: 'duplicate-registration',
        uri: later.uri,
        range: later.indexRange,
        message: `${slot} of driver ${driverName(driver)} is set to ${later.handler} here after being set to ${earlier.handler}, which never runs`,
        related: [registrationRelated(earlier, `${slot} is first set to ${earlier.handler} here`)],
        data: {
          ruleId: 'duplicate-registration',
          driver: driver.rootUri,
          slot,
          handler: later.handler,
        },
      });
    }
  }
  return findings;
}

export const duplicateRegistration: Rule = {
  id: 'duplicate-registration',
  defaultSeverity: 'warning',
  title: 'The same slot written twice with different handlers',
  docAnchor: 'duplicate-registration',
  check,
};
