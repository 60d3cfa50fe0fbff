// Hover: IRP_MJ codes (what the request is, who must handle it, and this driver's handler), dispatch
// handler names (slots, annotations, mismatches) and the dispatch keywords. Null everywhere else.
import type { Hover } from 'vscode-languageserver-types';
import type { Driver, HandlerInfo, WorkspaceModel } from '../index/modelTypes';
import {
  DRIVER_DISPATCH_DOC,
  IRP_MAJOR_FUNCTIONS,
  IRP_MJ_MAXIMUM_FUNCTION,
  SLOT_COUNT,
  canonicalSlot,
  hexValue,
  irpByName,
  type IrpMajorFunction,
} from '../irpTable';
import type { Position } from '../syntax/factTypes';
import { isFillCall } from '../syntax/registrations';
import { majorFunctionText } from '../rules/ruleHelpers';
import { LineIndex } from '../util/positions';
import {
  driverFor,
  escapeMarkdown,
  handlerAt,
  handlerTarget,
  markdownLink,
  slotRegistrations,
  slotsOfHandler,
} from './lookup';
import { tokenAt, type TokenAt } from './tokenAt';

const KEYWORDS: Record<string, string> = {
  DRIVER_DISPATCH:
    '**DRIVER_DISPATCH** is the function type of a dispatch routine: `NTSTATUS (PDEVICE_OBJECT DeviceObject, PIRP Irp)`. ' +
    'Declare each routine with it (`_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH XxxDispatchRead;`) so Code Analysis ' +
    'checks the signature and the slots it is stored in.',
  _Dispatch_type_:
    '**_Dispatch_type_(IRP_MJ_X)** is the SAL annotation that names the IRP major function(s) a dispatch routine is ' +
    'written for. Code Analysis (C28168, C28169) checks it against the `MajorFunction` slot the routine is stored in.',
  __drv_dispatchType:
    '**__drv_dispatchType(IRP_MJ_X)** is the older spelling of `_Dispatch_type_`: it names the IRP major function(s) ' +
    'a dispatch routine handles, for Code Analysis (C28168, C28169).',
  MajorFunction:
    `**DRIVER_OBJECT.MajorFunction** is the dispatch table: ${SLOT_COUNT} entries indexed by IRP_MJ_XXX ` +
    '(0x00..0x1b). DriverEntry stores a `DRIVER_DISPATCH` routine in each slot the driver handles; the I/O manager ' +
    'completes requests for the other slots with STATUS_INVALID_DEVICE_REQUEST.',
  IRP_MJ_MAXIMUM_FUNCTION:
    `**IRP_MJ_MAXIMUM_FUNCTION** (\`${hexValue(IRP_MJ_MAXIMUM_FUNCTION)}\`) is the highest IRP major function ` +
    `code (IRP_MJ_PNP). A loop \`for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)\` fills all ${SLOT_COUNT} slots; ` +
    'with `<` it skips IRP_MJ_PNP.',
};

/** A header outside every driver lists this many drivers' handlers at most. */
const MAX_DRIVERS_IN_HOVER = 5;

export interface HoverOptions {
  /** `wdm.hover.enable`; false turns every hover off. */
  enabled?: boolean;
}

let lastLines: LineIndex | undefined;

/** The hover at a position of a document, or null when the server has nothing to say there. */
export function computeHover(
  model: WorkspaceModel,
  uri: string,
  text: string,
  position: Position,
  options: HoverOptions = {},
): Hover | null {
  if (options.enabled === false) return null;
  // Hovers come in runs on the same text: its line index is built once, not per hover.
  if (lastLines?.text !== text) lastLines = new LineIndex(text);
  const lines = lastLines;
  const token = tokenAt(text, position, lines);
  if (!token) return null;
  const range = token.range;
  const irp = irpByName(token.word) ?? numericSlotIndex(text, token);
  if (irp) return markdown(irpHover(model, uri, irp, token.word), range);
  const keyword = KEYWORDS[token.word];
  if (keyword) return markdown(keywordHover(model, uri, token.word, keyword), range);
  const handler = handlerAt(model, uri, position);
  if (handler?.info) return markdown(handlerHover(handler.info, handler.driver), handler.range);
  return null;
}

/** A number written as a slot index (`MajorFunction[0x0e]`) names the slot's code. */
function numericSlotIndex(text: string, token: TokenAt): IrpMajorFunction | undefined {
  if (!/^[0-9]/.test(token.word)) return undefined;
  const before = text.slice(Math.max(0, token.startOffset - 80), token.startOffset);
  const after = text.slice(token.endOffset, token.endOffset + 10);
  if (!/MajorFunction\s*\[\s*$/.test(before) || !/^\s*\]/.test(after)) return undefined;
  const slot = canonicalSlot(token.word);
  return slot ? irpByName(slot) : undefined;
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: 'markdown', value }, range };
}

function irpHover(
  model: WorkspaceModel,
  uri: string,
  irp: IrpMajorFunction,
  written: string,
): string {
  const lines: string[] = [];
  const alias =
    written === irp.name
      ? ''
      : /^[0-9]/.test(written)
        ? ` is \`${irp.name}\``
        : ` (alias of \`${irp.name}\`)`;
  lines.push(`**${written}**${alias} \`${hexValue(irp.value)}\``);
  if (irp.aliases.length > 0 && written === irp.name) {
    lines.push(`Also spelled ${irp.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  }
  lines.push('');
  lines.push(irp.meaning);
  lines.push('');
  if (irp.routines.length > 0) {
    lines.push(`- **Dispatch routine:** ${irp.routines.map((r) => `\`${r}\``).join(', ')}`);
  }
  lines.push(`- **IRQL:** ${irp.irql}`);
  lines.push(`- **Who must handle it:** ${irp.requirementNote}`);
  lines.push(`- **The routine must:** ${irp.duties}`);
  lines.push('');
  lines.push(`[Documentation of ${irp.name}](${irp.docUrl})`);
  const driver = driverFor(model, uri);
  if (driver) {
    lines.push('', '---', '');
    lines.push(thisDriverSlot(driver, irp));
  } else if (model.drivers.length > 1) {
    // A file shared by several drivers (a common header): each driver's answer, a few at most.
    lines.push('', '---', '');
    const shown = model.drivers.slice(0, MAX_DRIVERS_IN_HOVER);
    for (const d of shown) lines.push(thisDriverSlot(d, irp), '');
    const more = model.drivers.length - shown.length;
    if (more > 0) lines.push(`and ${more} more drivers.`);
  }
  return lines.join('\n').trimEnd();
}

/** "This driver: XxxRead (read.c:80)" or the not-handled sentence. */
function thisDriverSlot(driver: Driver, irp: IrpMajorFunction): string {
  const registrations = slotRegistrations(driver, irp.name).filter((r) => r.active);
  const name = driverName(driver);
  if (registrations.length === 0) {
    return (
      `**${name}:** not handled by this driver: the I/O manager completes it with ` +
      'STATUS_INVALID_DEVICE_REQUEST.' +
      duty(driver, irp)
    );
  }
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const r of registrations) {
    const key = `${r.handler}\u0000${r.inLoop}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const info = driver.handlers.get(r.handler);
    const target = info ? handlerTarget(info) : null;
    const where = target ? markdownLink(target, driver) : 'no definition found in the workspace';
    const how = !r.inLoop
      ? ' ('
      : isFillCall(r.written)
        ? ` (${r.written} default, `
        : ' (loop default, ';
    const registered = markdownLink({ uri: r.uri, range: r.lvalueRange }, driver);
    parts.push(`\`${code(r.handler)}\` at ${where}${how}registered at ${registered})`);
  }
  return `**${name}:** handled by ${parts.join('; ')}`;
}

/** Why this particular driver must fill the slot, when it must. */
function duty(driver: Driver, irp: IrpMajorFunction): string {
  if (irp.requirement === 'all') return ' Every WDM driver must handle it.';
  if (irp.requirement === 'pnp' && driver.addDevice) {
    return ` This is a PnP driver (it sets \`DriverExtension->AddDevice\` to \`${code(driver.addDevice.handler)}\`), so it must handle ${irp.name}.`;
  }
  return '';
}

function driverName(driver: Driver): string {
  const entry = driver.entry?.function ?? 'driver';
  return driver.root ? `This driver (\`${code(driver.root)}\`, ${entry})` : 'This driver';
}

function keywordHover(model: WorkspaceModel, uri: string, word: string, text: string): string {
  const lines = [text];
  if (word === 'DRIVER_DISPATCH' || word === '_Dispatch_type_' || word === '__drv_dispatchType') {
    lines.push('', `[DRIVER_DISPATCH documentation](${DRIVER_DISPATCH_DOC})`);
  }
  if (word === 'MajorFunction') {
    const driver = driverFor(model, uri);
    if (driver) {
      const handled = IRP_MAJOR_FUNCTIONS.filter(
        (irp) => slotRegistrations(driver, irp.name).filter((r) => r.active).length > 0,
      ).length;
      lines.push('', `This driver handles ${handled} of ${SLOT_COUNT} slots.`);
    }
  }
  return lines.join('\n');
}

function handlerHover(info: HandlerInfo, driver: Driver | undefined): string {
  const lines: string[] = [`**${escapeMarkdown(info.name)}**: dispatch routine`];
  const slots = slotsOfHandler(info).sort(bySlotValue);
  lines.push('');
  if (slots.length === 0) {
    lines.push('- **Registered for:** no slot (nothing stores it in `MajorFunction`).');
  } else if (slots.length > 4) {
    lines.push(`- **Registered for:** ${slots.length} slots (a loop default).`);
  } else {
    lines.push(`- **Registered for:** ${slots.map((s) => `\`${s}\``).join(', ')}`);
  }
  for (const r of info.registrations) {
    if (r.target === 'foreign') continue;
    const state = r.active ? '' : ' (inactive preprocessor branch)';
    const where = markdownLink({ uri: r.uri, range: r.lvalueRange }, driver);
    lines.push(`  - \`${code(majorFunctionText(r.written))}\` at ${where}${state}`);
  }
  if (info.definition) {
    lines.push(
      `- **Defined at:** ${markdownLink({ uri: info.definition.uri, range: info.definition.nameRange }, driver)}`,
    );
  }
  for (const d of info.declarations) {
    const role = d.roleType ? ` as \`${d.roleType}\`` : '';
    lines.push(
      `- **Declared${role} at:** ${markdownLink({ uri: d.uri, range: d.nameRange }, driver)}`,
    );
  }
  const annotations = [...new Set(info.annotations.map((a) => `${a.kind}(${a.written})`))];
  lines.push(
    annotations.length > 0
      ? `- **Annotations:** ${annotations.map((a) => `\`${code(a)}\``).join(', ')}`
      : '- **Annotations:** none',
  );
  const mismatches = mismatchNotes(info, slots);
  if (mismatches.length > 0) {
    lines.push('', '**Mismatches:**');
    for (const m of mismatches) lines.push(`- ${m}`);
  }
  return lines.join('\n');
}

/** Differences between the slots a routine is annotated for and those it is stored in. */
function mismatchNotes(info: HandlerInfo, slots: string[]): string[] {
  const notes: string[] = [];
  const annotated = new Set<string>();
  for (const a of info.annotations) {
    const slot = a.slot ?? canonicalSlot(a.written);
    if (slot) annotated.add(slot);
  }
  const explicit = slots.length <= 4 ? slots : [];
  if (annotated.size > 0) {
    for (const s of explicit) {
      if (!annotated.has(s)) notes.push(`stored in \`${s}\` but not annotated for it (C28168)`);
    }
  } else if (explicit.length > 0) {
    notes.push('registered without a `_Dispatch_type_` annotation (C28169)');
  }
  if (slots.length === 0 && info.isDispatchRole) {
    notes.push('declared as a dispatch routine but no slot uses it');
  }
  const def = info.definition;
  if (
    def &&
    (def.returnType.replace(/\s+/g, ' ').trim() !== 'NTSTATUS' || def.params.length !== 2)
  ) {
    notes.push('its definition does not match `DRIVER_DISPATCH` (NTSTATUS, two parameters)');
  }
  return notes;
}

/** Text inside a code span: backslash escapes do not apply there, only backticks must go. */
function code(text: string): string {
  return text.replace(/`/g, "'");
}

function bySlotValue(a: string, b: string): number {
  return (irpByName(a)?.value ?? 99) - (irpByName(b)?.value ?? 99);
}
