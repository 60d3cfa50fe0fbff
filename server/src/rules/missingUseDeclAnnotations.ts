// missing-use-decl-annotations: a dispatch routine is annotated on its declaration but its
// definition neither repeats the annotations nor says `_Use_decl_annotations_`, so Code Analysis
// checks the body without them.
import type { Driver, HandlerInfo, WorkspaceModel } from '../index/modelTypes';
import { dispatchRoutines, dispatchWrites, driverName } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

function declarationIsAnnotated(info: HandlerInfo): boolean {
  return info.declarations.some((d) => d.annotations.length > 0 || d.roleType !== null);
}

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  const registered = new Set(dispatchWrites(driver).map((w) => w.handler));
  const findings: Finding[] = [];
  for (const info of dispatchRoutines(driver, model).values()) {
    const def = info.definition;
    if (!def || !def.active || def.useDeclAnnotations || def.annotations.length > 0) continue;
    if (!registered.has(info.name) && !info.isDispatchRole) continue;
    if (!declarationIsAnnotated(info)) continue;
    const decl = info.declarations.find((d) => d.annotations.length > 0 || d.roleType !== null);
    findings.push({
      ruleId: 'missing-use-decl-annotations',
      uri: def.uri,
      range: def.nameRange,
      message: `The definition of ${info.name} (driver ${driverName(driver)}) lacks _Use_decl_annotations_, so the annotations of its declaration are not applied to the body`,
      related: decl
        ? [{ uri: decl.uri, range: decl.nameRange, message: `${info.name} is annotated here` }]
        : [],
      data: { ruleId: 'missing-use-decl-annotations', driver: driver.rootUri, handler: info.name },
    });
  }
  return findings;
}

export const missingUseDeclAnnotations: Rule = {
  id: 'missing-use-decl-annotations',
  defaultSeverity: 'hint',
  title: 'Definition of an annotated dispatch routine without _Use_decl_annotations_',
  docAnchor: 'missing-use-decl-annotations',
  check,
};
