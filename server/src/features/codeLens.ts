// Code lenses: on DriverEntry "12 of 28 slots handled", on each dispatch routine the slots it is
// stored in ("IRP_MJ_READ, IRP_MJ_WRITE"). Clicking either opens the Dispatch Table view.
import type { CodeLens } from 'vscode-languageserver-types';
import type { WorkspaceModel } from '../index/modelTypes';
import { IRP_MAJOR_FUNCTIONS, SLOT_COUNT, irpByName } from '../irpTable';
import { findHandler, slotRegistrations, slotsOfHandler } from './lookup';

/** The client command a lens runs; the VS Code client registers it, other editors show the title. */
export const SHOW_DISPATCH_TABLE_COMMAND = 'wdm.showDispatchTable';

export function computeCodeLenses(model: WorkspaceModel, uri: string): CodeLens[] {
  const facts = model.factsOf(uri);
  if (!facts) return [];
  const lenses: CodeLens[] = [];
  for (const driver of model.drivers) {
    const entry = driver.entry;
    if (!entry || entry.uri !== uri) continue;
    const handled = IRP_MAJOR_FUNCTIONS.filter((irp) =>
      slotRegistrations(driver, irp.name).some((r) => r.active),
    ).length;
    const loops = driver.registrations.filter(
      (r) => r.active && r.inLoop && r.target === 'driver_object',
    ).length;
    const note = loops > 0 ? ' (loop default included)' : '';
    lenses.push({
      range: entry.nameRange,
      command: {
        title: `${handled} of ${SLOT_COUNT} slots handled${note}`,
        command: SHOW_DISPATCH_TABLE_COMMAND,
        arguments: [driver.rootUri],
      },
    });
  }
  for (const fn of facts.functions) {
    if (!fn.active) continue;
    const found = findHandler(model, uri, fn.name);
    if (!found) continue;
    // Only the definition in this file gets a lens, not a same-named function elsewhere.
    const def = found.info.definition;
    if (def && (def.uri !== uri || def.nameRange.start.line !== fn.nameRange.start.line)) continue;
    const slots = slotsOfHandler(found.info).sort(
      (a, b) => (irpByName(a)?.value ?? 99) - (irpByName(b)?.value ?? 99),
    );
    const title =
      slots.length === 0
        ? 'not registered in any MajorFunction slot'
        : slots.length > 4
          ? `${slots.length} slots (loop default)`
          : slots.join(', ');
    lenses.push({
      range: fn.nameRange,
      command: { title, command: SHOW_DISPATCH_TABLE_COMMAND, arguments: [found.driver.rootUri] },
    });
  }
  return lenses;
}
