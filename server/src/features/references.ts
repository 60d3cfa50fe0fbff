// Find references: from an IRP_MJ token to every registration and annotation of that slot, from a
// dispatch handler to its registrations, declarations and definition; across the driver's files.
import type { Location } from 'vscode-languageserver-types';
import type { WorkspaceModel } from '../index/modelTypes';
import { canonicalSlot, irpByName } from '../irpTable';
import type { Position, Range } from '../syntax/factTypes';
import { lineIndexOf } from '../util/positions';
import { driversFor, handlerAt } from './lookup';
import { tokenAt } from './tokenAt';

export type ReferenceRole = 'registration' | 'declaration' | 'definition' | 'annotation';

export interface DispatchReference {
  uri: string;
  range: Range;
  role: ReferenceRole;
}

/** What the cursor names and every place it occurs; null when it is not an IRP code or a handler. */
export function collectReferences(
  model: WorkspaceModel,
  uri: string,
  text: string,
  position: Position,
): DispatchReference[] | null {
  const token = tokenAt(text, position, lineIndexOf(text));
  if (!token) return null;
  const irp = irpByName(token.word);
  if (irp) return slotReferences(model, uri, irp.name);
  const hit = handlerAt(model, uri, position);
  if (!hit?.info) return null;
  const out: DispatchReference[] = [];
  for (const r of hit.info.registrations) {
    if (r.target !== 'foreign') {
      out.push({ uri: r.uri, range: r.handlerRange, role: 'registration' });
    }
  }
  for (const d of hit.info.declarations) {
    out.push({ uri: d.uri, range: d.nameRange, role: 'declaration' });
  }
  const def = hit.info.definition;
  if (def) out.push({ uri: def.uri, range: def.nameRange, role: 'definition' });
  return dedupe(out);
}

function slotReferences(model: WorkspaceModel, uri: string, slot: string): DispatchReference[] {
  const files = new Set<string>([uri]);
  for (const driver of driversFor(model, uri)) for (const f of driver.files) files.add(f);
  const out: DispatchReference[] = [];
  for (const file of files) {
    const facts = model.factsOf(file);
    if (!facts) continue;
    for (const r of facts.registrations) {
      if (r.target === 'foreign') continue;
      if (canonicalSlot(r.written) === slot) {
        out.push({ uri: file, range: r.indexRange, role: 'registration' });
      }
    }
    const annotations = [
      ...facts.declarations.flatMap((d) => d.annotations),
      ...facts.functions.flatMap((f) => f.annotations),
    ];
    for (const a of annotations) {
      if ((a.slot ?? canonicalSlot(a.written)) === slot) {
        out.push({ uri: file, range: a.range, role: 'annotation' });
      }
    }
  }
  return dedupe(out);
}

function dedupe(refs: DispatchReference[]): DispatchReference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.uri}:${r.range.start.line}:${r.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** textDocument/references. */
export function computeReferences(
  model: WorkspaceModel,
  uri: string,
  text: string,
  position: Position,
  includeDeclaration = true,
): Location[] {
  const refs = collectReferences(model, uri, text, position) ?? [];
  return refs
    .filter((r) => includeDeclaration || r.role === 'registration' || r.role === 'annotation')
    .map((r) => ({ uri: r.uri, range: r.range }));
}
