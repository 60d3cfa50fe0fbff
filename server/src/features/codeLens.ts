// Code lenses: on DriverEntry "12 of 28 slots handled", on each dispatch routine the slots it is
// stored in ("IRP_MJ_READ, IRP_MJ_WRITE"). Clicking either shows the driver's dispatch table: the
// VS Code client's own command opens its view; any other client runs the server's command.
import type { CodeLens, Location } from 'vscode-languageserver-types';
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import { IRP_MAJOR_FUNCTIONS, SLOT_COUNT, hexValue, irpByName } from '../irpTable';
import type { DispatchTableDriver } from '../protocol';
import { computeDispatchTable } from './dispatchTable';
import {
  displayPath,
  findHandler,
  handlerTarget,
  slotRegistrations,
  slotsOfHandler,
} from './lookup';

/**
 * The VS Code client's command: it reveals the Dispatch Table view, which only that client has.
 * Lenses name it only for a client that says it handles it (`initializationOptions.clientCommands`).
 */
export const SHOW_DISPATCH_TABLE_COMMAND = 'wdm.showDispatchTable';

/**
 * The server's command (`executeCommandProvider`), which any client runs through
 * `workspace/executeCommand`: arguments `[driverRootUri, handlerName?]`, see runShowDispatchTable.
 * Its id differs from the client's so that vscode-languageclient's proxy for server commands does
 * not collide with the extension's own registration.
 */
export const SERVER_SHOW_DISPATCH_TABLE_COMMAND = 'wdm.server.showDispatchTable';

/** Lenses of one document; `command` is the one the client can run (see the two ids above). */
export function computeCodeLenses(
  model: WorkspaceModel,
  uri: string,
  command: string = SHOW_DISPATCH_TABLE_COMMAND,
): CodeLens[] {
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
        command,
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
      command: { title, command, arguments: [found.driver.rootUri, found.info.name] },
    });
  }
  return lenses;
}

/** What the server's command does: a message for every client, a place to show, the table. */
export interface ShowDispatchTableAnswer {
  /** The driver's table as text (window/showMessage). */
  message: string;
  /** For a routine's lens: where it is registered, else where it is defined (window/showDocument). */
  show: Location | null;
  /** The command's result: the driver's `wdm/dispatchTable` entry, null for an unknown driver. */
  table: DispatchTableDriver | null;
}

/** Runs SERVER_SHOW_DISPATCH_TABLE_COMMAND with the arguments a lens gave it (anything, from a client). */
export function runShowDispatchTable(
  model: WorkspaceModel,
  args: unknown,
): ShowDispatchTableAnswer {
  const list = Array.isArray(args) ? (args as unknown[]) : [];
  const rootUri = typeof list[0] === 'string' ? list[0] : undefined;
  const handler = typeof list[1] === 'string' ? list[1] : undefined;
  const driver = model.drivers.find((d) => d.rootUri === rootUri);
  if (!driver) {
    return { message: `No driver at ${String(rootUri)} in the index.`, show: null, table: null };
  }
  const table =
    computeDispatchTable(model, driver.entry?.uri ?? driver.files[0]).drivers.find(
      (d) => d.rootUri === driver.rootUri,
    ) ?? null;
  return { message: tableText(driver, table, handler), show: placeOf(driver, handler), table };
}

function tableText(driver: Driver, table: DispatchTableDriver | null, handler?: string): string {
  const name = driver.root || displayPath(driver.rootUri);
  const entry = driver.entry
    ? `${driver.entry.function} in ${displayPath(driver.entry.uri, driver)}`
    : 'no DriverEntry';
  const slots = table?.slots ?? [];
  const filled = slots.filter((s) => s.handlers.length > 0);
  const lines = [`Driver ${name} (${entry}): ${filled.length} of ${SLOT_COUNT} slots handled`];
  if (handler) {
    const own = filled.filter((s) => s.handlers.some((h) => h.name === handler)).map((s) => s.slot);
    lines.push(
      own.length > 0
        ? `${handler} fills ${own.join(', ')}`
        : `${handler} is stored in no MajorFunction slot`,
    );
  }
  for (const s of filled) {
    const irp = irpByName(s.slot);
    const value = irp ? ` (${hexValue(irp.value)})` : '';
    lines.push(`${s.slot}${value}: ${[...new Set(s.handlers.map((h) => h.name))].join(', ')}`);
  }
  return lines.join('\n');
}

function placeOf(driver: Driver, handler?: string): Location | null {
  if (!handler) return null;
  const registration = driver.registrations.find((r) => r.active && r.handler === handler);
  if (registration) return { uri: registration.uri, range: registration.lvalueRange };
  const info = driver.handlers.get(handler);
  return info ? handlerTarget(info) : null;
}
