// Go to definition: from a dispatch handler to its definition (else its declarations); from an
// IRP_MJ code to the definitions of the routines this driver stores in that slot.
import type { Location } from 'vscode-languageserver-types';
import type { WorkspaceModel } from '../index/modelTypes';
import { irpByName } from '../irpTable';
import type { Position } from '../syntax/factTypes';
import { lineIndexOf } from '../util/positions';
import { driversFor, handlerAt, handlerTarget, slotRegistrations } from './lookup';
import { tokenAt } from './tokenAt';

export function computeDefinition(
  model: WorkspaceModel,
  uri: string,
  text: string,
  position: Position,
): Location[] | null {
  const token = tokenAt(text, position, lineIndexOf(text));
  if (!token) return null;
  const irp = irpByName(token.word);
  if (irp) {
    const out: Location[] = [];
    const seen = new Set<string>();
    for (const driver of driversFor(model, uri)) {
      for (const r of slotRegistrations(driver, irp.name)) {
        if (!r.active) continue;
        const info = driver.handlers.get(r.handler);
        const target = info ? handlerTarget(info) : null;
        // Without a definition or declaration, the registration itself is the best place to go.
        const location = target ?? { uri: r.uri, range: r.handlerRange };
        const key = `${location.uri}:${location.range.start.line}:${location.range.start.character}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(location);
        }
      }
    }
    return out.length > 0 ? out : null;
  }
  const hit = handlerAt(model, uri, position);
  if (!hit?.info) return null;
  if (hit.info.definition) {
    return [{ uri: hit.info.definition.uri, range: hit.info.definition.nameRange }];
  }
  const decls = hit.info.declarations.map((d) => ({ uri: d.uri, range: d.nameRange }));
  return decls.length > 0 ? decls : null;
}
