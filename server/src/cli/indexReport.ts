// `wdm-dispatch index`: schema 1 of DESIGN.md (field names and order exactly as there) and the
// readable per-driver table. Both are built from the driver model and the index's relative paths.
import type { RegistrationFact } from '../syntax/factTypes';
import type { Driver, Located, WorkspaceModel } from '../index/modelTypes';

export interface IndexJsonDriver {
  root: string;
  entry: { file: string; line: number; function: string } | null;
  frameworks: string[];
  addDevice: { file: string; line: number; handler: string } | null;
  shutdownNotification: { file: string; line: number; api: string }[];
}

export interface IndexJsonRegistration {
  driver: string | null;
  file: string;
  line: number;
  slot: string;
  covers: string[];
  written: string;
  handler: string;
  function: string | null;
  target: string;
  active: boolean;
  definition: { file: string; line: number } | null;
}

export interface IndexJson {
  schema: 1;
  root: string;
  files: number;
  drivers: IndexJsonDriver[];
  registrations: IndexJsonRegistration[];
}

/** Relative path (forward slashes) of a URI in the scanned folder. */
export type RelPathOf = (uri: string) => string;

export interface IndexedFileFacts {
  uri: string;
  registrations: readonly RegistrationFact[];
}

function registrationJson(
  driver: Driver | undefined,
  r: Located<RegistrationFact>,
  rel: RelPathOf,
): IndexJsonRegistration {
  const def = driver?.handlers.get(r.handler)?.definition ?? null;
  return {
    driver: driver ? driver.root : null,
    file: rel(r.uri),
    line: r.lvalueRange.start.line + 1,
    slot: r.slot,
    covers: [...r.covers],
    written: r.written,
    handler: r.handler,
    function: r.function,
    target: r.target,
    active: r.active,
    definition: def ? { file: rel(def.uri), line: def.nameRange.start.line + 1 } : null,
  };
}

/** Schema 1. `files` is the number of files read; `unowned` are files of no driver (their registrations get `driver: null`). */
export function buildIndexJson(
  rootAsGiven: string,
  filesRead: number,
  model: WorkspaceModel,
  rel: RelPathOf,
  unowned: readonly IndexedFileFacts[] = [],
): IndexJson {
  const drivers: IndexJsonDriver[] = model.drivers.map((d) => ({
    root: d.root,
    entry: d.entry
      ? {
          file: rel(d.entry.uri),
          line: d.entry.nameRange.start.line + 1,
          function: d.entry.function,
        }
      : null,
    frameworks: [...d.frameworks],
    addDevice: d.addDevice
      ? {
          file: rel(d.addDevice.uri),
          line: d.addDevice.range.start.line + 1,
          handler: d.addDevice.handler,
        }
      : null,
    shutdownNotification: d.shutdownNotifications.map((c) => ({
      file: rel(c.uri),
      line: c.range.start.line + 1,
      api: c.callee,
    })),
  }));
  const registrations: IndexJsonRegistration[] = [];
  for (const d of model.drivers) {
    for (const r of d.registrations) registrations.push(registrationJson(d, r, rel));
  }
  const loose: IndexJsonRegistration[] = [];
  for (const f of unowned) {
    for (const r of f.registrations) {
      loose.push(registrationJson(undefined, { ...r, uri: f.uri }, rel));
    }
  }
  loose.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  registrations.push(...loose);
  return { schema: 1, root: rootAsGiven, files: filesRead, drivers, registrations };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length);
}

/** The readable table: one block per driver with slot, handler and file:line. */
export function formatIndexText(json: IndexJson): string {
  const lines: string[] = [];
  const byDriver = new Map<string | null, IndexJsonRegistration[]>();
  for (const r of json.registrations) {
    let list = byDriver.get(r.driver);
    if (!list) byDriver.set(r.driver, (list = []));
    list.push(r);
  }
  const block = (title: string, details: string[], regs: IndexJsonRegistration[]): void => {
    lines.push(title);
    for (const d of details) lines.push('  ' + d);
    if (regs.length === 0) {
      lines.push('  (no MajorFunction registrations)');
    } else {
      const slotWidth = Math.max(4, ...regs.map((r) => r.slot.length)) + 1;
      const handlerWidth = Math.max(7, ...regs.map((r) => r.handler.length)) + 1;
      lines.push('  ' + pad('SLOT', slotWidth) + pad('HANDLER', handlerWidth) + 'WHERE');
      for (const r of regs) {
        const notes: string[] = [];
        if (r.slot !== r.written && r.covers.length <= 1) notes.push(`written ${r.written}`);
        if (r.covers.length > 1) notes.push(`covers ${r.covers.length} slots`);
        if (r.target !== 'driver_object') notes.push(r.target);
        if (!r.active) notes.push('inactive');
        const note = notes.length > 0 ? `  (${notes.join(', ')})` : '';
        lines.push(
          '  ' +
            pad(r.slot, slotWidth) +
            pad(r.handler, handlerWidth) +
            `${r.file}:${r.line}${note}`,
        );
      }
    }
    lines.push('');
  };
  for (const d of json.drivers) {
    const details = [
      `entry: ${d.entry ? `${d.entry.function} at ${d.entry.file}:${d.entry.line}` : 'not found'}`,
      `frameworks: ${d.frameworks.join(', ') || 'none recognised'}`,
    ];
    if (d.addDevice) {
      details.push(`AddDevice: ${d.addDevice.handler} at ${d.addDevice.file}:${d.addDevice.line}`);
    }
    for (const s of d.shutdownNotification) {
      details.push(`shutdown notification: ${s.api} at ${s.file}:${s.line}`);
    }
    block(`driver ${d.root === '' ? '.' : d.root}`, details, byDriver.get(d.root) ?? []);
  }
  const loose = byDriver.get(null);
  if (loose) block('outside any driver', [], loose);
  const regCount = json.registrations.length;
  lines.push(
    `${json.files} files read, ${json.drivers.length} driver${json.drivers.length === 1 ? '' : 's'}, ` +
      `${regCount} registration${regCount === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}
