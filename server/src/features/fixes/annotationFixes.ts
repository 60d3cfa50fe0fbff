// Quick fixes on a routine's annotations: add `_Dispatch_type_(IRP_MJ_X)` to its declaration (or
// correct the one that names the wrong slot), declare it `_Dispatch_type_(X) DRIVER_DISPATCH Name;`
// before its first use when it has no declaration, and add `_Use_decl_annotations_` to a definition.
import type { HandlerInfo, Located } from '../../index/modelTypes';
import type { DeclarationFact, FunctionFact } from '../../syntax/factTypes';
import { canonicalSlot } from '../../irpTable';
import { constantSlot, findHandler, type Registration } from '../../rules/ruleHelpers';
import { EditSet, type Fix, type FixContext } from './fixContext';

function annotationsText(slots: string[], kind = '_Dispatch_type_'): string {
  return slots.map((s) => `${kind}(${s}) `).join('');
}

/** `_Use_decl_annotations_` on its own line before a definition, indented like it. */
function addUseDecl(ctx: FixContext, edits: EditSet, def: Located<FunctionFact>): boolean {
  const text = ctx.textOf(def.uri);
  if (!text) return false;
  const line = def.range.start.line;
  edits.insert(
    def.uri,
    { line, character: 0 },
    text.indentOf(line) + '_Use_decl_annotations_' + text.eol,
  );
  return true;
}

export function useDeclAnnotationsFix(ctx: FixContext, handler: string): Fix | undefined {
  const def = findHandler(ctx.model, ctx.driver, handler)?.definition;
  if (!def || def.useDeclAnnotations) return undefined;
  const edits = new EditSet();
  if (!addUseDecl(ctx, edits, def)) return undefined;
  return { title: `Add _Use_decl_annotations_ to ${handler}`, isPreferred: true, edits };
}

function pickDeclaration(info: HandlerInfo): Located<DeclarationFact> | undefined {
  const active = info.declarations.filter((d) => d.active);
  return active.find((d) => d.roleType === 'DRIVER_DISPATCH') ?? active[0];
}

/** The first registration of the handler in the file order: where a new declaration must precede. */
function firstUse(ctx: FixContext, handler: string): Registration | undefined {
  return ctx.driver.registrations
    .filter((r) => r.handler === handler && r.active)
    .sort((a, b) => a.order - b.order)[0];
}

/**
 * `DRIVER_DISPATCH A, B;`: annotations there would apply to every routine of the statement, so the
 * routine gets a declaration of its own (`prefix` + role type + name) and leaves the statement.
 * False when the declaration declares this routine alone.
 */
function splitDeclaration(
  ctx: FixContext,
  edits: EditSet,
  decl: Located<DeclarationFact>,
  prefix: string,
): boolean {
  const text = ctx.textOf(decl.uri);
  if (!text || !decl.roleType) return false;
  const siblings = (ctx.model.factsOf(decl.uri)?.declarations ?? [])
    .filter(
      (d) =>
        d.range.start.line === decl.range.start.line &&
        d.range.start.character === decl.range.start.character,
    )
    .sort(
      (a, b) =>
        a.nameRange.start.line - b.nameRange.start.line ||
        a.nameRange.start.character - b.nameRange.start.character,
    );
  if (siblings.length < 2) return false;
  const i = siblings.findIndex((d) => d.name === decl.name);
  if (i < 0) return false;
  const removal =
    i < siblings.length - 1
      ? { start: decl.nameRange.start, end: siblings[i + 1].nameRange.start }
      : { start: siblings[i - 1].nameRange.end, end: decl.nameRange.end };
  const line = decl.range.start.line;
  edits.insert(
    decl.uri,
    { line, character: 0 },
    text.indentOf(line) + `${prefix}${decl.roleType} ${decl.name};` + text.eol,
  );
  edits.replace(decl.uri, removal, '');
  return true;
}

/** Adds annotations for `slots` to a routine that has none (missing-dispatch-annotation). */
export function addAnnotationFix(
  ctx: FixContext,
  handler: string,
  slots: string[],
): Fix | undefined {
  if (slots.length === 0 || handler.includes('::')) return undefined;
  const info = findHandler(ctx.model, ctx.driver, handler);
  if (!info) return undefined;
  const edits = new EditSet();
  const decl = pickDeclaration(info);
  const label = slots.map((s) => `_Dispatch_type_(${s})`).join(' ');
  if (decl) {
    const text = ctx.textOf(decl.uri);
    if (!text) return undefined;
    if (splitDeclaration(ctx, edits, decl, annotationsText(slots))) {
      return { title: `Declare ${handler} as ${label} ${decl.roleType}`, isPreferred: true, edits };
    }
    edits.insert(decl.uri, decl.range.start, annotationsText(slots));
    return { title: `Add ${label} to the declaration of ${handler}`, isPreferred: true, edits };
  }
  const def = info.definition;
  const use = firstUse(ctx, handler);
  if (!def || !use) return undefined;
  const text = ctx.textOf(use.uri);
  const defText = ctx.textOf(def.uri);
  if (!text || !defText) return undefined;
  const before = defText.text.slice(
    defText.offsetAt({ line: def.range.start.line, character: 0 }),
    defText.offsetAt(def.nameRange.start),
  );
  const storage = /\bstatic\b/.test(before) ? 'static ' : '';
  const declaration = `${annotationsText(slots)}${storage}DRIVER_DISPATCH ${handler};`;
  // Before the definition when it comes first in the file of the use; else before the function
  // that makes the registration.
  const defFirst = def.uri === use.uri && def.range.start.line < use.lvalueRange.start.line;
  const fns = ctx.model.factsOf(use.uri)?.functions ?? [];
  const user = fns.find(
    (f) =>
      f.range.start.line <= use.lvalueRange.start.line &&
      use.lvalueRange.start.line <= f.range.end.line,
  );
  const line = defFirst
    ? def.range.start.line
    : (user?.range.start.line ?? use.lvalueRange.start.line);
  edits.insert(
    use.uri,
    { line, character: 0 },
    text.indentOf(line) + declaration + text.eol + (defFirst ? '' : text.eol),
  );
  if (!def.useDeclAnnotations && def.annotations.length === 0) addUseDecl(ctx, edits, def);
  return { title: `Declare ${handler} as ${label} DRIVER_DISPATCH`, isPreferred: true, edits };
}

/** Adds the missing slots to an annotated routine, or corrects its single wrong annotation (dispatch-annotation-mismatch). */
export function fixAnnotationFix(
  ctx: FixContext,
  handler: string,
  slots: string[],
): Fix | undefined {
  if (slots.length === 0) return undefined;
  const info = findHandler(ctx.model, ctx.driver, handler);
  if (!info) return undefined;
  const annotated = info.annotations.filter(
    (a) => (a.slot ?? canonicalSlot(a.written)) !== undefined,
  );
  const target =
    annotated.find((a) => info.declarations.some((d) => d.uri === a.uri && d.active)) ??
    annotated[0];
  if (!target) return undefined;
  const text = ctx.textOf(target.uri);
  if (!text) return undefined;
  const edits = new EditSet();
  const used = new Set(
    ctx.driver.registrations
      .filter((r) => r.handler === handler && r.active)
      .map((r) => constantSlot(r))
      .filter((s): s is string => !!s),
  );
  const annotatedSlots = new Set(annotated.map((a) => a.slot ?? canonicalSlot(a.written)));
  const stale = [...annotatedSlots].every((s) => s === undefined || !used.has(s));
  const kind = target.kind === '__drv_dispatchType' ? '__drv_dispatchType' : '_Dispatch_type_';
  const holder = info.declarations.find(
    (d) =>
      d.uri === target.uri &&
      d.annotations.some(
        (a) =>
          a.range.start.line === target.range.start.line &&
          a.range.start.character === target.range.start.character,
      ),
  );
  if (holder) {
    const own = [...annotatedSlots].filter((s): s is string => s !== undefined);
    const wanted =
      annotated.length === 1 && slots.length === 1 && stale ? slots : [...own, ...slots];
    if (splitDeclaration(ctx, edits, holder, annotationsText(wanted, kind))) {
      return {
        title: `Declare ${handler} as ${wanted.map((s) => `${kind}(${s})`).join(' ')} ${holder.roleType}`,
        isPreferred: true,
        edits,
      };
    }
  }
  if (annotated.length === 1 && slots.length === 1 && stale) {
    // Annotated for a slot it is not stored in, stored in another one: the annotation is wrong.
    const start = text.offsetAt(target.range.start);
    const end = text.offsetAt(target.range.end);
    const inner = text.text.slice(start, end).indexOf(target.written);
    if (inner >= 0) {
      const from = text.positionAt(start + inner);
      const to = text.positionAt(start + inner + target.written.length);
      edits.replace(target.uri, { start: from, end: to }, slots[0]);
      return {
        title: `Change ${target.kind}(${target.written}) of ${handler} to ${target.kind}(${slots[0]})`,
        isPreferred: true,
        edits,
      };
    }
  }
  edits.insert(target.uri, target.range.start, annotationsText(slots, kind));
  return {
    title: `Add ${slots.map((s) => `${kind}(${s})`).join(' ')} to ${handler}`,
    isPreferred: true,
    edits,
  };
}
