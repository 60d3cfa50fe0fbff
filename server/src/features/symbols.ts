// Document and workspace symbols for the dispatch routines and DriverEntry, with the slots each
// routine fills as detail, so "Go to Symbol" lists a driver's dispatch table.
import {
  SymbolKind,
  type DocumentSymbol,
  type SymbolInformation,
} from 'vscode-languageserver-types';
import type { Driver, HandlerInfo, WorkspaceModel } from '../index/modelTypes';
import { irpByName } from '../irpTable';
import {
  dispatchRoutines,
  findHandler,
  handlerTarget,
  isDispatchHandler,
  slotsOfHandler,
} from './lookup';

function slotDetail(info: HandlerInfo): string {
  const slots = slotsOfHandler(info).sort(
    (a, b) => (irpByName(a)?.value ?? 99) - (irpByName(b)?.value ?? 99),
  );
  if (slots.length === 0) return 'dispatch routine (not registered)';
  return slots.length > 4 ? `dispatch routine (${slots.length} slots)` : slots.join(', ');
}

/** Hierarchical symbols of one document (DriverEntry and the dispatch routines defined in it). */
export function computeDocumentSymbols(model: WorkspaceModel, uri: string): DocumentSymbol[] {
  const facts = model.factsOf(uri);
  if (!facts) return [];
  const out: DocumentSymbol[] = [];
  const entries = new Set(
    model.drivers.filter((d) => d.entry?.uri === uri).map((d) => d.entry!.function),
  );
  for (const fn of facts.functions) {
    if (!fn.active) continue;
    if (entries.has(fn.name)) {
      out.push({
        name: fn.name,
        detail: 'driver entry',
        kind: SymbolKind.Function,
        range: fn.range,
        selectionRange: fn.nameRange,
      });
      continue;
    }
    const found = findHandler(model, uri, fn.name);
    if (!found) continue;
    out.push({
      name: fn.name,
      detail: slotDetail(found.info),
      kind: SymbolKind.Function,
      range: fn.range,
      selectionRange: fn.nameRange,
    });
  }
  return out;
}

/** The flat form for clients without hierarchical document symbol support. */
export function flattenDocumentSymbols(
  uri: string,
  symbols: DocumentSymbol[],
): SymbolInformation[] {
  return symbols.map((s) => ({
    name: s.name,
    kind: s.kind,
    location: { uri, range: s.range },
    containerName: s.detail,
  }));
}

/** Case-insensitive subsequence match, as editors filter symbol lists. */
function matches(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (const ch of n) if (i < q.length && ch === q[i]) i++;
  return i === q.length;
}

const MAX_WORKSPACE_SYMBOLS = 500;

export function computeWorkspaceSymbols(model: WorkspaceModel, query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const seen = new Set<string>();
  const push = (driver: Driver, symbol: SymbolInformation): void => {
    const key = `${symbol.name}@${symbol.location.uri}:${symbol.location.range.start.line}`;
    if (seen.has(key) || out.length >= MAX_WORKSPACE_SYMBOLS) return;
    seen.add(key);
    symbol.containerName = symbol.containerName ?? (driver.root || undefined);
    out.push(symbol);
  };
  for (const driver of model.drivers) {
    const entry = driver.entry;
    if (entry && matches(query, entry.function)) {
      push(driver, {
        name: entry.function,
        kind: SymbolKind.Function,
        location: { uri: entry.uri, range: entry.nameRange },
        containerName: driver.root ? `${driver.root}: driver entry` : 'driver entry',
      });
    }
    for (const info of dispatchRoutines(model, driver).values()) {
      if (!isDispatchHandler(info) || !matches(query, info.name)) continue;
      const target = handlerTarget(info);
      if (!target) continue;
      push(driver, {
        name: info.name,
        kind: SymbolKind.Function,
        location: target,
        containerName: slotDetail(info),
      });
    }
  }
  return out;
}
