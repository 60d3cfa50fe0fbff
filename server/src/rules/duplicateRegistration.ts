// duplicate-registration: one slot written twice with different handlers on the same path, so the
// first handler never runs. A loop default followed by an override is the normal idiom and is
// fine; writes in sibling `#ifdef`/`#else` branches, or in different functions, are alternatives.
// At run time (`controlPath`), the first write is dead only when the second runs whenever it did:
// the same if/else arm or switch case, or the second is less nested (`if (a) X = A; X = B;`). Writes
// in the two arms of one `if` or in different cases are alternatives; a write nested deeper after
// an unconditional one is a conditional override (`X = A; if (fast) X = B;`), and a write after
// an arm that returns, or after any return, goto or throw, may not follow the first.
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

/** `/if2.then/switch1.case0` -> ['if2.then', 'switch1.case0']; '' or absent -> []. */
function pathSegments(path: string | undefined): string[] {
  return path ? path.split('/').filter((s) => s.length > 0) : [];
}

/**
 * The later write runs on every path the earlier one ran on: its control path is the earlier
 * one's or a prefix of it, and none of the arms it leaves returns, jumps or throws (`!`).
 */
function overwritesAlways(earlier: Registration, later: Registration): boolean {
  // A return, goto or throw between them (`A; if (!ok) goto Exit; B;`) leaves A in place.
  if ((earlier.exitsBefore ?? 0) !== (later.exitsBefore ?? 0)) return false;
  const e = pathSegments(earlier.controlPath);
  const l = pathSegments(later.controlPath);
  if (l.length > e.length) return false;
  for (let i = 0; i < l.length; i++) if (l[i] !== e[i]) return false;
  for (let i = l.length; i < e.length; i++) if (e[i].endsWith('!')) return false;
  return true;
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
        .find(
          (e) =>
            e.handler !== later.handler &&
            onOnePath(e.branch, later.branch) &&
            overwritesAlways(e, later),
        );
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
