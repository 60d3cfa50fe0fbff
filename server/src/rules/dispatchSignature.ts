// dispatch-signature: the definition of a registered (or DRIVER_DISPATCH-declared) routine does
// not match DRIVER_DISPATCH: it must return NTSTATUS and take (PDEVICE_OBJECT, PIRP).
import type { FunctionFact } from '../syntax/factTypes';
import type { Driver, HandlerInfo, WorkspaceModel } from '../index/modelTypes';
import { handlerGroups } from './handlerGroups';
import {
  dispatchRoutines,
  driverName,
  registrationRelated,
  type Registration,
} from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

const CALL_DECORATION =
  /\b(NTAPI|__stdcall|_stdcall|__cdecl|STDCALL|WINAPI|__fastcall|FASTCALL|static|inline|__inline|__forceinline|FORCEINLINE|extern)\b|"C"/g;

/** Return types are written with storage classes, calling conventions and macros in front. */
export function returnsNtstatus(returnType: string): boolean {
  const text = returnType.replace(CALL_DECORATION, ' ').replace(/\s+/g, ' ').trim();
  return /\bNTSTATUS$/.test(text) && !text.includes('*');
}

export function parameterCount(fn: FunctionFact): number {
  const params = fn.params.filter((p) => !(p.type.trim() === 'void' && !p.name));
  if (params.some((p) => p.type.includes('...') || p.name === '...')) return -1;
  return params.length;
}

function problems(fn: FunctionFact): string[] {
  const out: string[] = [];
  if (fn.returnType.trim() !== '' && !returnsNtstatus(fn.returnType)) {
    out.push(`returns ${fn.returnType.trim()} instead of NTSTATUS`);
  }
  const count = parameterCount(fn);
  if (count !== 2) {
    out.push(
      count < 0
        ? 'takes a variable argument list instead of (PDEVICE_OBJECT, PIRP)'
        : `takes ${count} parameter${count === 1 ? '' : 's'} instead of (PDEVICE_OBJECT, PIRP)`,
    );
  }
  return out;
}

function finding(driver: Driver, info: HandlerInfo, writes: Registration[]): Finding | undefined {
  const def = info.definition;
  if (!def || !def.active) return undefined;
  const wrong = problems(def);
  if (wrong.length === 0) return undefined;
  return {
    ruleId: 'dispatch-signature',
    uri: def.uri,
    range: def.nameRange,
    message: `${info.name} ${wrong.join(' and ')}; a DRIVER_DISPATCH routine of driver ${driverName(driver)} is NTSTATUS (PDEVICE_OBJECT, PIRP)`,
    related: writes.map((w) => registrationRelated(w)),
    data: { ruleId: 'dispatch-signature', driver: driver.rootUri, handler: info.name },
  };
}

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const group of handlerGroups(driver, model)) {
    seen.add(group.name);
    // A routine found only in another driver's sources is reported with that driver.
    const own = driver.handlers.get(group.name);
    if (!own) continue;
    const f = finding(driver, own, group.writes);
    if (f) findings.push(f);
  }
  for (const info of dispatchRoutines(driver, model).values()) {
    if (seen.has(info.name) || !info.isDispatchRole) continue;
    const f = finding(driver, info, []);
    if (f) findings.push(f);
  }
  return findings;
}

export const dispatchSignature: Rule = {
  id: 'dispatch-signature',
  defaultSeverity: 'error',
  title: 'Dispatch routine definition does not match DRIVER_DISPATCH',
  docAnchor: 'dispatch-signature',
  check,
};
