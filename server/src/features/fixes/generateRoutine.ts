// Quick fix for handler-not-found: write the routine the registration names, for the slot it is
// stored in: its `_Dispatch_type_` declaration before the function that registers it and a
// definition from the IRP table's template after that function.
import { findHandler } from '../../rules/ruleHelpers';
import { EditSet, type Fix, type FixContext } from './fixContext';
import { findLowerDevice } from './addRegistration';
import { declarationText, definitionText } from './routineTemplates';

export function generateRoutineFix(
  ctx: FixContext,
  handler: string,
  slots: string[],
): Fix | undefined {
  const slot = slots[0];
  if (!slot) return undefined;
  if (!/^[A-Za-z_]\w*$/.test(handler)) return undefined;
  const info = findHandler(ctx.model, ctx.driver, handler);
  if (info && (info.definition || info.declarations.length > 0)) return undefined;
  const use = ctx.driver.registrations
    .filter((r) => r.handler === handler && r.active)
    .sort((a, b) => a.order - b.order)[0];
  if (!use) return undefined;
  const text = ctx.textOf(use.uri);
  if (!text) return undefined;
  const line = use.lvalueRange.start.line;
  const fn = (ctx.model.factsOf(use.uri)?.functions ?? []).find(
    (f) => f.range.start.line <= line && line <= f.range.end.line,
  );
  if (!fn) return undefined;
  const edits = new EditSet();
  edits.insert(
    use.uri,
    { line: fn.range.start.line, character: 0 },
    declarationText(slots, handler) + text.eol + text.eol,
  );
  edits.insert(
    use.uri,
    text.lineEndPosition(fn.range.end.line),
    text.eol +
      text.eol +
      definitionText(slot, handler, text.eol, text.unit, findLowerDevice(ctx, text.text)),
  );
  return {
    title: `Add the dispatch routine ${handler} (${slots.join(', ')})`,
    isPreferred: true,
    edits,
  };
}
