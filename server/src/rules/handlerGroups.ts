// Groups a driver's dispatch writes by handler, so routine-level rules report each routine once
// and list every slot it is stored in, on the routine's declaration.
import type { Driver, HandlerInfo, WorkspaceModel } from '../index/modelTypes';
import { invalidIndexReason } from './invalidMajorFunctionIndex';
import {
  dispatchWrites,
  findHandler,
  registrationRelated,
  routineAnchor,
  routineRelated,
  type Registration,
} from './ruleHelpers';
import type { Finding, RelatedLocation } from './ruleTypes';

/** A plain or C++-qualified function name. */
const ROUTINE_NAME = /^[A-Za-z_]\w*(::~?[A-Za-z_]\w*)*$/;

export interface HandlerGroup {
  name: string;
  writes: Registration[];
  info: HandlerInfo | undefined;
}

export function handlerGroups(driver: Driver, model: WorkspaceModel): HandlerGroup[] {
  const byName = new Map<string, Registration[]>();
  for (const w of dispatchWrites(driver)) {
    // A write at an invalid index is reported as such; it says nothing about the routine.
    if (!w.inLoop && (w.invalidIndex || invalidIndexReason(w.written) !== undefined)) continue;
    // A function-pointer expression (`g_Saved.Create`, `Table[i]`) is no routine to annotate or find.
    if (!ROUTINE_NAME.test(w.handler)) continue;
    const list = byName.get(w.handler);
    if (list) list.push(w);
    else byName.set(w.handler, [w]);
  }
  return [...byName].map(([name, writes]) => ({
    name,
    writes,
    info: findHandler(model, driver, name),
  }));
}

/** True when a routine's declaration or definition was found somewhere in the workspace. */
export function isKnown(info: HandlerInfo | undefined): info is HandlerInfo {
  return !!info && (info.definition !== null || info.declarations.length > 0);
}

/** The lines of a routine's registrations, where PREfast users put their suppressions. */
export function registrationLines(writes: Registration[]): { uri: string; line: number }[] {
  return writes.map((w) => ({ uri: w.uri, line: w.lvalueRange.start.line }));
}

/** What a routine-level rule finds wrong with one routine. */
export interface RoutineIssue {
  /** The registrations the finding is about (all of the routine's, or the offending ones). */
  writes: Registration[];
  slots: string[];
  message: string;
  /** Related locations listed between the registrations and the routine's own. */
  related?: RelatedLocation[];
}

/**
 * One finding per routine of the driver whose declaration or definition is known and for which
 * `issueOf` reports an issue, on that declaration; a PREfast suppression at any of the issue's
 * registrations silences it as well.
 */
export function routineFindings(
  ruleId: string,
  driver: Driver,
  model: WorkspaceModel,
  issueOf: (group: HandlerGroup, info: HandlerInfo) => RoutineIssue | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const group of handlerGroups(driver, model)) {
    if (!isKnown(group.info)) continue;
    const anchor = routineAnchor(group.info);
    if (!anchor) continue;
    const issue = issueOf(group, group.info);
    if (!issue) continue;
    findings.push({
      ruleId,
      uri: anchor.uri,
      range: anchor.range,
      message: issue.message,
      related: [
        ...issue.writes.map((w) => registrationRelated(w)),
        ...(issue.related ?? []),
        ...routineRelated(group.info),
      ],
      data: { ruleId, driver: driver.rootUri, handler: group.name, slots: issue.slots },
      alsoSuppressedAt: registrationLines(issue.writes),
    });
  }
  return findings;
}
