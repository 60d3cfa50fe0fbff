// Quick fix: store a handler in slots next to the driver's registrations (after the last one in
// DriverEntry or its helper; else after DriverEntry's declarations), generating a DispatchXxx
// routine from the IRP table (declaration before, definition after that function) when none exists.
import type { FunctionFact, Position } from '../../syntax/factTypes';
import { isFillCall } from '../../syntax/registrations';
import {
  annotatedSlots,
  dispatchRoutines,
  dispatchWrites,
  ownSlotWrites,
  type Registration,
} from '../../rules/ruleHelpers';
import { EditSet, type Fix, type FixContext } from './fixContext';
import type { FixText } from './fixText';
import { declarationText, definitionText, routineName, type LowerDevice } from './routineTemplates';

interface InsertionPoint {
  uri: string;
  text: FixText;
  /** Where the new statements go (the end of a line): each is written as eol + indent + statement. */
  at: Position;
  indent: string;
  lvalue(slot: string): string;
  /** The function that receives the statements: generated routines go around it. */
  fn: FunctionFact | undefined;
}

function functionNamed(
  ctx: FixContext,
  uri: string,
  name: string | null,
  line: number,
): FunctionFact | undefined {
  const fns = ctx.model.factsOf(uri)?.functions ?? [];
  return (
    fns.find((f) => f.name === name && f.range.start.line <= line && line <= f.range.end.line) ??
    fns.find((f) => f.range.start.line <= line && line <= f.range.end.line)
  );
}

function lvalueFrom(
  text: FixText,
  r: Registration,
  fallbackObject: string,
): (slot: string) => string {
  const start = text.offsetAt(r.lvalueRange.start);
  const end = text.offsetAt(r.lvalueRange.end);
  const indexStart = text.offsetAt(r.indexRange.start);
  const indexEnd = text.offsetAt(r.indexRange.end);
  const lvalue = text.text.slice(start, end);
  if (/MajorFunction\s*\[/.test(lvalue) && start <= indexStart && indexEnd <= end) {
    return (slot) => text.text.slice(start, indexStart) + slot + text.text.slice(indexEnd, end);
  }
  const object = r.object || fallbackObject;
  return (slot) => `${object}->MajorFunction[${slot}]`;
}

/** Offset after the loop statement holding a loop registration; -1 when it cannot be found. */
function loopEnd(text: FixText, r: Registration, fn: FunctionFact | undefined): number {
  const lvalue = text.offsetAt(r.lvalueRange.start);
  const from = fn ? text.offsetAt(fn.bodyRange.start) : 0;
  const slice = text.text.slice(from, lvalue);
  let last = -1;
  for (const m of slice.matchAll(/\b(for|while)\s*\(/g)) last = from + (m.index ?? 0);
  return last < 0 ? -1 : text.statementAfter(last);
}

function insertionPoint(ctx: FixContext): InsertionPoint | undefined {
  const entry = ctx.driver.entry;
  const writes = ownSlotWrites(ctx.driver);
  const inEntry = entry
    ? writes.filter((w) => w.uri === entry.uri && w.function === entry.function)
    : [];
  // Registrations made by a helper given the driver object: add the new ones there too.
  const byFunction = new Map<string, Registration[]>();
  for (const w of writes) {
    if (!w.function) continue;
    const key = w.uri + '\u0000' + w.function;
    byFunction.set(key, [...(byFunction.get(key) ?? []), w]);
  }
  const helper = [...byFunction.values()].sort((a, b) => b.length - a.length)[0];
  const group = inEntry.length > 0 ? inEntry : (helper ?? []);
  const fallbackObject = entry?.driverObjectParam ?? 'DriverObject';
  const sorted = [...group].sort((a, b) => a.order - b.order);
  const plain = sorted.filter((w) => !w.inLoop && w.branch === '');
  const anchor = plain[plain.length - 1] ?? sorted[sorted.length - 1];
  if (anchor) {
    const text = ctx.textOf(anchor.uri);
    if (!text) return undefined;
    const fn = functionNamed(ctx, anchor.uri, anchor.function, anchor.lvalueRange.start.line);
    // A loop default ends with its loop; a fill call (`memset64(...)`) is one statement.
    const inLoop = anchor.inLoop && !isFillCall(anchor.written);
    const end = inLoop
      ? loopEnd(text, anchor, fn)
      : text.statementEnd(text.offsetAt(anchor.lvalueRange.end));
    if (end < 0) return undefined;
    const endLine = text.positionAt(end - 1).line;
    const firstLine = inLoop
      ? text.positionAt(loopStartLine(text, end)).line
      : anchor.lvalueRange.start.line;
    return {
      uri: anchor.uri,
      text,
      at: text.lineEndPosition(endLine),
      indent: text.indentOf(firstLine),
      lvalue: lvalueFrom(text, anchor, fallbackObject),
      fn,
    };
  }
  if (!entry) return undefined;
  const text = ctx.textOf(entry.uri);
  if (!text) return undefined;
  // After the local declarations and UNREFERENCED_PARAMETER/PAGED_CODE lines that open the body.
  const open = text.offsetAt(entry.bodyRange.start);
  const afterPrologue = prologueEnd(text, open + 1, text.offsetAt(entry.bodyRange.end));
  const anchorLine = text.positionAt(afterPrologue > 0 ? afterPrologue - 1 : open).line;
  let indent: string | undefined;
  if (afterPrologue > 0) indent = text.indentOf(anchorLine);
  else {
    for (let line = anchorLine + 1; line < entry.bodyRange.end.line; line++) {
      if (text.lines.lineText(line).trim() !== '') {
        indent = text.indentOf(line);
        break;
      }
    }
  }
  return {
    uri: entry.uri,
    text,
    at: text.lineEndPosition(anchorLine),
    indent: indent ?? text.indentOf(anchorLine) + text.unit,
    lvalue: (slot) => `${fallbackObject}->MajorFunction[${slot}]`,
    fn: functionNamed(ctx, entry.uri, entry.function, entry.nameRange.start.line),
  };
}

const PROLOGUE_CALL = /^(UNREFERENCED_PARAMETER|PAGED_CODE|UNREFERENCED_LOCAL_VARIABLE)\s*\(/;
/** `TYPE [*]name [= init][, ...];` with an optional qualifier: a local declaration. */
const DECLARATION =
  /^(?:(?:const|volatile|static|struct|enum|union|unsigned|signed)\s+)*[A-Za-z_]\w*(?:\s*\*)*\s+\**\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\])?\s*(?:[=,;]|$)/;

/** Offset after the last declaration or prologue call at the start of a body; -1 when there is none. */
function prologueEnd(text: FixText, from: number, limit: number): number {
  let end = -1;
  let i = from;
  for (;;) {
    const start = text.skipSpace(i);
    if (start >= limit) return end;
    const stop = text.statementEnd(start);
    if (stop < 0 || stop > limit) return end;
    const statement = text.text.slice(start, stop).replace(/\s+/g, ' ');
    if (
      !PROLOGUE_CALL.test(statement) &&
      !(
        DECLARATION.test(statement) &&
        !/^(return|goto|break|continue|case|else|do|throw|delete)\b/.test(statement)
      )
    ) {
      return end;
    }
    end = stop;
    i = stop;
  }
}

/** The offset of the line start of the loop that ends at `end` (its `for` keyword's line). */
function loopStartLine(text: FixText, end: number): number {
  const before = text.text.slice(0, end);
  const m = [...before.matchAll(/\b(for|while)\s*\(/g)];
  return m.length > 0 ? (m[m.length - 1].index ?? 0) : end;
}

/** A routine of the driver meant for the slot (annotated for it), which the fix can register. */
function existingRoutineFor(ctx: FixContext, slot: string): string | undefined {
  for (const info of dispatchRoutines(ctx.driver, ctx.model).values()) {
    if (!info.definition && info.declarations.length === 0) continue;
    if (annotatedSlots(info).has(slot)) return info.name;
  }
  return undefined;
}

/** The field of the device extension that keeps the device IoAttachDeviceToDeviceStack returned. */
export function findLowerDevice(ctx: FixContext, visible: string): LowerDevice | undefined {
  for (const uri of ctx.driver.files) {
    const text = ctx.textOf(uri)?.text;
    if (!text || !text.includes('IoAttachDeviceToDeviceStack')) continue;
    for (const m of text.matchAll(/\b(\w+)\s*->\s*(\w+)\s*=\s*IoAttachDeviceToDeviceStack\s*\(/g)) {
      const [, variable, field] = m;
      const decl = new RegExp(
        `\\b(P[A-Za-z_]\\w*|[A-Za-z_]\\w*\\s*\\*)\\s*\\b${variable}\\s*[;=,)]`,
      ).exec(text);
      if (!decl) continue;
      const type = decl[1].replace(/\s+/g, ' ').trim();
      const base = type.replace(/\s*\*$/, '');
      if (/^(return|PDEVICE_OBJECT|PVOID|PIRP)$/.test(base)) continue;
      if (!new RegExp(`\\b${base}\\b`).test(visible)) continue;
      return { extensionType: type, field };
    }
  }
  return undefined;
}

/**
 * Registers `handlers[slot]` (or a generated routine where the value is undefined) for each slot.
 * Returns undefined when the driver has no DriverEntry or its text is not available.
 */
export function registrationFix(
  ctx: FixContext,
  slots: string[],
  handlerFor: (slot: string) => string | undefined,
): Fix | undefined {
  if (slots.length === 0) return undefined;
  const point = insertionPoint(ctx);
  if (!point) return undefined;
  const { text } = point;
  const edits = new EditSet();
  const generated: { slot: string; name: string }[] = [];
  const names: string[] = [];
  const statements: string[] = [];
  const existing = dispatchWrites(ctx.driver).map((w) => w.handler);
  const taken = (n: string): boolean =>
    ctx.model.drivers.some((d) => d.handlers.has(n)) ||
    new RegExp(`\\b${n}\\b`).test(text.text) ||
    generated.some((g) => g.name === n);
  for (const slot of slots) {
    let handler = handlerFor(slot) ?? existingRoutineFor(ctx, slot);
    if (!handler) {
      if (!point.fn) return undefined;
      handler = routineName(slot, existing, taken);
      generated.push({ slot, name: handler });
    }
    names.push(handler);
    statements.push(`${point.lvalue(slot)} = ${handler};`);
  }
  edits.insert(point.uri, point.at, statements.map((s) => text.eol + point.indent + s).join(''));
  if (generated.length > 0 && point.fn) {
    const fn = point.fn;
    const declIndent = text.indentOf(fn.range.start.line);
    const decls = generated.map((g) => declIndent + declarationText(g.slot, g.name) + text.eol);
    edits.insert(point.uri, { line: fn.range.start.line, character: 0 }, decls.join('') + text.eol);
    const lower = findLowerDevice(ctx, text.text);
    const defs = generated.map(
      (g) => text.eol + text.eol + definitionText(g.slot, g.name, text.eol, text.unit, lower),
    );
    edits.insert(point.uri, text.lineEndPosition(fn.range.end.line), defs.join(''));
  }
  const pairs = slots.map((s, i) => `${names[i]} for ${s}`).join(', ');
  const where = point.fn?.name ?? ctx.driver.entry?.function ?? 'DriverEntry';
  const title =
    generated.length === 1 && slots.length === 1
      ? `Add ${generated[0].name} and register it for ${slots[0]} in ${where}`
      : generated.length > 0
        ? `Add ${generated.map((g) => g.name).join(', ')} and register ${pairs} in ${where}`
        : `Register ${pairs} in ${where}`;
  return { title, isPreferred: true, edits };
}
