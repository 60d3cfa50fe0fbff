// Completion in dispatch registrations: inside `MajorFunction[` the IRP_MJ names (slots the driver
// has not filled yet first), after `MajorFunction[X] = ` the driver's routines that fit slot X.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver-types';
import type { Driver, HandlerInfo, WorkspaceModel } from '../index/modelTypes';
import {
  DISPATCH_ROUTINES,
  IRP_MAJOR_FUNCTIONS,
  canonicalSlot,
  hexValue,
  irpByName,
  type IrpMajorFunction,
} from '../irpTable';
import type { Position, Range } from '../syntax/factTypes';
import { LineIndex, lineIndexOf } from '../util/positions';
import { dispatchRoutines, driverFor, isDispatchHandler, slotRegistrations } from './lookup';
import { isInCommentOrString } from './tokenAt';

/** How far back the context is read: a registration split over a few lines still completes. */
const CONTEXT_CHARS = 300;

const INDEX_CONTEXT = /MajorFunction\s*\[\s*([A-Za-z0-9_]*)$/;
const HANDLER_CONTEXT =
  /MajorFunction\s*\[\s*([^\]]+?)\s*\]\s*=\s*(?:\(\s*PDRIVER_DISPATCH\s*\)\s*)?&?\s*([A-Za-z0-9_:]*)$/;

export function computeCompletion(
  model: WorkspaceModel,
  uri: string,
  text: string,
  position: Position,
): CompletionList | null {
  const lines = lineIndexOf(text);
  const offset = lines.offsetAt(position);
  if (isInCommentOrString(text, offset)) return null;
  const before = text.slice(Math.max(0, offset - CONTEXT_CHARS), offset);
  const driver = driverFor(model, uri);
  const index = INDEX_CONTEXT.exec(before);
  if (index) {
    const range = wordRange(lines, offset, index[1].length);
    return { isIncomplete: false, items: slotItems(driver, range) };
  }
  const handler = HANDLER_CONTEXT.exec(before);
  if (handler) {
    const slot = canonicalSlot(handler[1]);
    if (!driver || !slot) return null;
    const range = wordRange(lines, offset, handler[2].length);
    return { isIncomplete: false, items: handlerItems(model, driver, slot, range, uri) };
  }
  return null;
}

function wordRange(lines: LineIndex, offset: number, length: number): Range {
  return { start: lines.positionAt(offset - length), end: lines.positionAt(offset) };
}

function slotItems(driver: Driver | undefined, range: Range): CompletionItem[] {
  return IRP_MAJOR_FUNCTIONS.map((irp) => {
    const filled = driver
      ? slotRegistrations(driver, irp.name).some((r) => r.active && !r.inLoop)
      : false;
    const hex = hexValue(irp.value);
    return {
      label: irp.name,
      kind: CompletionItemKind.Constant,
      detail: `${hex}${filled ? ' · already registered' : ''}`,
      documentation: { kind: MarkupKind.Markdown, value: irpDoc(irp) },
      // Unregistered slots first, then in value order.
      sortText: `${filled ? '1' : '0'}${hex}`,
      filterText: irp.name,
      textEdit: { range, newText: irp.name },
    };
  });
}

function irpDoc(irp: IrpMajorFunction): string {
  const routines =
    irp.routines.length > 0 ? `\n\nDispatch routine: ${irp.routines.join(', ')}` : '';
  return `${irp.meaning}${routines}\n\nIRQL: ${irp.irql}\n\n${irp.requirementNote}\n\n[Documentation](${irp.docUrl})`;
}

/** How well a routine fits a slot: annotated for it, named for it, any dispatch routine. */
function fit(info: HandlerInfo, slot: string): number {
  const annotatedSlots = info.annotations
    .map((a) => a.slot ?? canonicalSlot(a.written))
    .filter((s): s is string => !!s);
  if (annotatedSlots.includes(slot)) return 0;
  const irp = irpByName(slot);
  const routineNames = DISPATCH_ROUTINES.filter((r) => r.slots.includes(slot)).map((r) =>
    r.shortName.toLowerCase(),
  );
  const lower = info.name.toLowerCase();
  if (annotatedSlots.length === 0 && routineNames.some((n) => lower.includes(n))) return 1;
  if (
    annotatedSlots.length === 0 &&
    irp &&
    lower.includes(irp.name.slice(7).replace(/_/g, '').toLowerCase())
  ) {
    return 1;
  }
  // Annotated for another slot: it would draw C28168, so it comes last.
  return annotatedSlots.length > 0 ? 3 : 2;
}

/**
 * True when the only thing making `info` a handler is the registration being typed at the cursor
 * (the half-written `= Sam` or whatever the parser took as its right-hand side).
 */
function onlyTypedHere(info: HandlerInfo, uri: string, range: Range): boolean {
  if (info.isDispatchRole || info.definition || info.declarations.length > 0) return false;
  return info.registrations.every(
    (r) => r.uri === uri && r.handlerRange.start.line === range.start.line,
  );
}

function handlerItems(
  model: WorkspaceModel,
  driver: Driver,
  slot: string,
  range: Range,
  uri: string,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const info of dispatchRoutines(model, driver).values()) {
    if (!isDispatchHandler(info) || !/^[A-Za-z_][A-Za-z0-9_:]*$/.test(info.name)) continue;
    if (onlyTypedHere(info, uri, range)) continue;
    const rank = fit(info, slot);
    const annotations = [...new Set(info.annotations.map((a) => `${a.kind}(${a.written})`))];
    items.push({
      label: info.name,
      kind: CompletionItemKind.Function,
      detail: annotations.length > 0 ? annotations.join(' ') : 'dispatch routine',
      sortText: `${rank}${info.name}`,
      preselect: rank === 0 ? true : undefined,
      textEdit: { range, newText: info.name },
      insertTextFormat: InsertTextFormat.PlainText,
    });
  }
  return items;
}
