// The `wdm/dispatchTable` answer: each driver's 28 slots with the handlers that fill them and
// where, for the client's Dispatch Table view.
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import { IRP_MAJOR_FUNCTIONS, hexValue } from '../irpTable';
import type { DispatchTableDriver, DispatchTableHandler, DispatchTableResult } from '../protocol';
import { handlerTarget, slotRegistrations } from './lookup';

export function computeDispatchTable(model: WorkspaceModel, uri?: string): DispatchTableResult {
  const own = uri ? model.driverOf(uri) : undefined;
  const drivers = own ? [own] : model.drivers;
  return {
    drivers: drivers
      .map(driverTable)
      .sort((a, b) => a.root.localeCompare(b.root) || a.rootUri.localeCompare(b.rootUri)),
  };
}

function driverTable(driver: Driver): DispatchTableDriver {
  return {
    root: driver.root,
    rootUri: driver.rootUri,
    entry: driver.entry
      ? {
          function: driver.entry.function,
          location: { uri: driver.entry.uri, range: driver.entry.nameRange },
        }
      : null,
    frameworks: [...driver.frameworks],
    slots: IRP_MAJOR_FUNCTIONS.map((irp) => {
      const handlers: DispatchTableHandler[] = [];
      const seen = new Set<string>();
      for (const r of slotRegistrations(driver, irp.name)) {
        if (!r.active) continue;
        const key = `${r.handler}@${r.uri}:${r.lvalueRange.start.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const info = driver.handlers.get(r.handler);
        handlers.push({
          name: r.handler,
          location: info ? handlerTarget(info) : null,
          registration: { uri: r.uri, range: r.lvalueRange },
          inLoop: r.inLoop,
        });
      }
      return { slot: irp.name, value: hexValue(irp.value), handlers };
    }),
  };
}
