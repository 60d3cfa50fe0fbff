// Tables indexed by IRP_MJ codes other than the driver object's: NDIS dispatch tables handed to
// NdisRegisterDeviceEx (`ndis_dispatch_table`), driver-private handler tables (`private_table`:
// `T[IRP_MJ_X] = Fn;`, `[IRP_MJ_X] = Fn,`, positional initializers), and minifilter
// FLT_OPERATION_REGISTRATION arrays. Data arrays (counters, names) are not handler tables.
import { IRP_MAJOR_FUNCTIONS, canonicalSlot } from '../irpTable';
import { controlPath } from './controlPaths';
import { T_IDENT } from './lexer';
import { expressionEnd, readHandler } from './expressions';
import type { FileContext } from './fileContext';
import type { MinifilterCallbackFact, RegistrationFact, RegistrationTarget } from './factTypes';
import type { PendingRegistration } from './registrations';
import { canonicalIndex, enclosingLoop } from './loopHeaders';
import { INDEXED_WORDS, type Tokens } from './tokens';

/** Names of arrays that hold handlers (`DeviceMajorFunctionTable`, `DispatchTable`, `Handlers`). */
const HANDLER_TABLE_NAME = /Function|Dispatch|Handler|Routine|Callback|Proc|Table/i;
/** Names of arrays that hold data indexed by IRP_MJ codes (counters, names, statistics). */
const DATA_TABLE_NAME =
  /Count|Counter|Name|Stat|String|Text|Size|Length|Flag|Mask|Hits|Total|Time|Tick|Bytes|Desc|Label|Str$|Num/i;
/** Type words that mark an array of function pointers. */
const FUNCTION_POINTER_TYPE = /DISPATCH|ROUTINE|HANDLER|CALLBACK|PFN|FUNC|_FN$|PROC/i;
INDEXED_WORDS.add(['FLT_OPERATION_REGISTRATION']);
const NDIS_API_NAMES = ['NdisRegisterDeviceEx', 'NdisMRegisterDevice', 'NdisMRegisterDeviceEx'];
INDEXED_WORDS.add([...NDIS_API_NAMES, 'MajorFunctions', 'IRP_MJ_MAXIMUM_FUNCTION']);

export function findTableWrites(
  ctx: FileContext,
  knownFunctions: ReadonlySet<string>,
  out: PendingRegistration[],
): void {
  const t = ctx.t;
  const candidates: number[] = [];
  const loopCandidates: number[] = [];
  let positional = false;
  // Loops over the slots and positional tables both name IRP_MJ_MAXIMUM_FUNCTION (or the array).
  // Searched for only when a write needs the answer: most files have no such write.
  let maximum: boolean | undefined;
  const mentionsMaximum = (): boolean =>
    (maximum ??=
      t.occurrences('IRP_MJ_MAXIMUM_FUNCTION').length > 0 ||
      t.s.text.includes('IRP_MJ_MAXIMUM_FUNCTION'));
  const slotLoops = (): boolean => t.occurrences('MajorFunction').length > 0 || mentionsMaximum();
  for (const i of t.squareOpens) {
    const close = t.match[i];
    if (close < 0 || !t.is(close + 1, '=')) continue;
    if (close === i + 2 && t.s.text.startsWith('IRP_MJ_', t.s.start[i + 1])) candidates.push(i);
    else if (
      close === i + 2 &&
      t.isIdent(i + 1) &&
      t.isIdent(i - 1) &&
      !t.is(i - 1, 'MajorFunction') &&
      slotLoops()
    ) {
      loopCandidates.push(i);
    } else if (t.is(close + 2, '{') && mentionsMaximum()) positional = true;
  }
  if (candidates.length === 0 && loopCandidates.length === 0 && !positional) return;
  const tableTypes = new Map<string, string>();
  const ndisTables = new Set<string>();
  collectTableFacts(t, tableTypes, ndisTables);
  for (const i of candidates) {
    const close = i + 2;
    const written = t.text(i + 1);
    if (!written.startsWith('IRP_MJ_')) continue;
    const slot = canonicalIndex(written);
    if (!slot) continue;
    const designated = t.is(i - 1, '{') || t.is(i - 1, ',');
    let tableName: string;
    let objFirst = i;
    if (!designated) {
      if (!t.isIdent(i - 1) || t.is(i - 1, 'MajorFunction') || ctx.aliases.has(t.text(i - 1))) {
        continue;
      }
      tableName = t.text(i - 1);
      objFirst = i - 1;
      while ((t.is(objFirst - 1, '->') || t.is(objFirst - 1, '.')) && t.isIdent(objFirst - 2)) {
        objFirst -= 2;
      }
    } else {
      tableName = initializedTableName(t, i);
    }
    const valueEnd = expressionEnd(t, close + 2);
    const handler = readHandler(t, close + 2, valueEnd);
    if (!handler || !handler.isName || isDataParameter(ctx, i, handler.name)) continue;
    if (!looksLikeHandlerTable(tableName, handler.name, tableTypes, knownFunctions)) continue;
    const target: RegistrationTarget = ndisTables.has(tableName)
      ? 'ndis_dispatch_table'
      : 'private_table';
    out.push(
      tableFact(ctx, objFirst, i - 1, i + 1, close, handler, slot, written, target, tableName),
    );
  }
  for (const i of loopCandidates) {
    // Cheap checks first: most `a[i] = x` are data, not handler tables.
    const valueEnd = expressionEnd(t, i + 4);
    const handler = readHandler(t, i + 4, valueEnd);
    const tableName = t.text(i - 1);
    if (ctx.aliases.has(tableName)) continue;
    if (
      !handler ||
      !handler.isName ||
      !looksLikeHandlerTable(tableName, handler.name, tableTypes, knownFunctions) ||
      isDataParameter(ctx, i, handler.name)
    ) {
      continue;
    }
    const written = t.text(i + 1);
    const fn = ctx.enclosing(t.s.start[i]);
    const loop = enclosingLoop(t, i + 1, written, fn ? fn.bodyOpen : -1);
    if (!loop || !loop.overSlots) continue;
    let objFirst = i - 1;
    while ((t.is(objFirst - 1, '->') || t.is(objFirst - 1, '.')) && t.isIdent(objFirst - 2)) {
      objFirst -= 2;
    }
    const slot = loop.covers.length === IRP_MAJOR_FUNCTIONS.length ? 'ALL' : written;
    const target: RegistrationTarget = ndisTables.has(tableName)
      ? 'ndis_dispatch_table'
      : 'private_table';
    const pendingFact = tableFact(
      ctx,
      objFirst,
      i - 1,
      i + 1,
      i + 2,
      handler,
      slot,
      written,
      target,
      tableName,
      loop.covers,
    );
    out.push(pendingFact);
  }
  findPositionalTables(ctx, tableTypes, ndisTables, out);
}

/**
 * Evidence that `table[IRP_MJ_X] = value` fills a handler table rather than a data array: the
 * element type is a function pointer, the value is a known function, the table is named like a
 * handler table, or the value is named like a routine (CamelCase, as driver routines are).
 */
function looksLikeHandlerTable(
  tableName: string,
  handler: string,
  tableTypes: ReadonlyMap<string, string>,
  knownFunctions: ReadonlySet<string>,
): boolean {
  if (FUNCTION_POINTER_TYPE.test(tableTypes.get(tableName) ?? '')) return true;
  // Arrays named for data (`IrpCounts`, `MajorFunctionNames`, `Stats`) hold no handlers, even
  // when the stored value is CamelCase like a routine (`Counters[IRP_MJ_READ] = InitialValue`).
  if (DATA_TABLE_NAME.test(tableName)) return false;
  if (knownFunctions.has(handler)) return true;
  // `DriverExtension->DeviceMajorFunctionTable[...]` (classpnp), `g_DispatchTable[...]`.
  if (HANDLER_TABLE_NAME.test(tableName)) return true;
  return /^[A-Z][A-Za-z0-9_]*[a-z]/.test(handler) && !/^(TRUE|FALSE|NULL|STATUS_)/.test(handler);
}

/**
 * The stored value is a parameter of the enclosing function whose type is no routine pointer: a
 * table of objects indexed by IRP_MJ codes, such as KMDF's per-request queues
 * (`m_DispatchTable[i] = Queue` with `FxIoQueue* Queue`), not of handlers.
 */
function isDataParameter(ctx: FileContext, at: number, name: string): boolean {
  const fn = ctx.enclosing(ctx.t.s.start[at]);
  const param = fn?.fact.params.find((p) => p.name === name);
  return (
    param !== undefined && !FUNCTION_POINTER_TYPE.test(param.type) && !param.type.includes('(')
  );
}

function tableFact(
  ctx: FileContext,
  lvalueFirst: number,
  objLast: number,
  idx: number,
  lvalueLast: number,
  handler: { name: string; first: number; last: number },
  slot: string,
  written: string,
  target: RegistrationTarget,
  object: string,
  /** The slots of the loop the write sits in (made whole here: facts are never changed later). */
  loopCovers?: string[],
): PendingRegistration {
  const t = ctx.t;
  const lines = t.s.lines;
  const offset = t.s.start[lvalueFirst];
  const fn = ctx.enclosing(offset);
  const fact: RegistrationFact = {
    slot,
    covers: loopCovers ?? [slot],
    written,
    handler: handler.name,
    handlerRange: lines.range(t.s.start[handler.first], t.s.end[handler.last]),
    indexRange: lines.range(t.s.start[idx], t.s.end[idx]),
    lvalueRange: lines.range(offset, t.s.end[lvalueLast]),
    object: objLast >= lvalueFirst ? t.compact(lvalueFirst, objLast) : object,
    function: fn ? fn.fact.name : null,
    target,
    active: t.active(lvalueFirst),
    inLoop: loopCovers !== undefined,
    branch: t.s.branches[t.s.branch[lvalueFirst]],
    order: 0,
    invalidIndex: false,
    controlPath: fn ? controlPath(t, fn.bodyOpen, fn.bodyClose, lvalueFirst) : '',
  };
  return { offset, fact };
}

/** Declared element types of arrays (`PDRIVER_DISPATCH Table[...]`) and the tables NDIS receives. */
function collectTableFacts(
  t: Tokens,
  tableTypes: Map<string, string>,
  ndisTables: Set<string>,
): void {
  const kind = t.s.kind;
  // Only `Name[` declares an element type: visit the `[` tokens, not every identifier.
  for (const open of t.squareOpens) {
    const i = open - 1;
    if (i < 1 || kind[i] !== T_IDENT) continue;
    if (t.isIdent(i - 1) || t.is(i - 1, '*')) {
      const typeTok = t.is(i - 1, '*') ? i - 2 : i - 1;
      if (t.isIdent(typeTok) && !t.is(typeTok, 'return')) {
        tableTypes.set(t.text(i), t.text(typeTok) + (t.is(i - 1, '*') ? '*' : ''));
      }
    }
    // `(*Name[N])(...)`: an array of function pointers.
    if (t.is(i - 1, '*') && t.is(i - 2, '(')) tableTypes.set(t.text(i), 'PFN');
  }
  // `attrs.MajorFunctions = &Table[0];` or `NdisRegisterDeviceEx(..., Table, ...)`.
  for (const i of t.occurrences('MajorFunctions')) {
    if (i >= 1 && t.is(i + 1, '=')) addNdisTables(t, i, expressionEnd(t, i + 2), ndisTables);
  }
  for (const api of NDIS_API_NAMES) {
    for (const i of t.occurrences(api)) {
      if (i >= 1 && t.is(i + 1, '(')) addNdisTables(t, i, t.match[i + 1], ndisTables);
    }
  }
}

/** The identifiers among tokens (i + 1, end) name tables handed to NDIS. */
function addNdisTables(t: Tokens, i: number, end: number, ndisTables: Set<string>): void {
  for (let k = i + 2; k < end; k++) if (t.isIdent(k)) ndisTables.add(t.text(k));
}

/** Name of the array whose brace initializer holds token `at` (`T Name[...] = { ... }`). */
function initializedTableName(t: Tokens, at: number): string {
  let k = at;
  for (let guard = 0; guard < 2000 && k > 0; guard++) {
    k--;
    if (t.is(k, '}') || t.is(k, ')') || t.is(k, ']')) {
      const m = t.match[k];
      if (m >= 0 && m < k) k = m;
      continue;
    }
    if (t.is(k, '{') && t.is(k - 1, '=')) {
      let q = k - 2;
      while (t.is(q, ']') && t.match[q] >= 0) q = t.match[q] - 1;
      return t.isIdent(q) ? t.text(q) : '';
    }
    if (t.is(k, ';')) return '';
  }
  return '';
}

/** `PDRIVER_DISPATCH Table[IRP_MJ_MAXIMUM_FUNCTION + 1] = { A, B, ... };`: element k fills slot k. */
function findPositionalTables(
  ctx: FileContext,
  tableTypes: Map<string, string>,
  ndisTables: Set<string>,
  out: PendingRegistration[],
): void {
  const t = ctx.t;
  // `Name[...] = {`: every candidate `=` follows the `]` of a matched `[`, so visit those only,
  // in the order of the `=` (a whole-token scan used to cost as much as the lexer's hot loop).
  const equals: number[] = [];
  for (const open of t.squareOpens) {
    const close = t.match[open];
    if (close >= 0 && t.is(close, ']')) equals.push(close + 1);
  }
  equals.sort((a, b) => a - b);
  for (const i of equals) {
    if (!t.is(i, '=') || !t.is(i + 1, '{') || !t.is(i - 1, ']')) continue;
    const open = t.match[i - 1];
    if (open < 0 || !t.isIdent(open - 1)) continue;
    const name = t.text(open - 1);
    const sized = t.span(open, i - 1).includes('IRP_MJ_MAXIMUM_FUNCTION');
    if (!sized || !FUNCTION_POINTER_TYPE.test(tableTypes.get(name) ?? '')) continue;
    const braceClose = t.match[i + 1];
    if (braceClose < 0) continue;
    let slotIndex = 0;
    let k = i + 2;
    while (k < braceClose && slotIndex < IRP_MAJOR_FUNCTIONS.length) {
      const end = expressionEnd(t, k);
      if (!t.is(k, '[')) {
        const handler = readHandler(t, k, end);
        if (handler && handler.isName) {
          const slot = IRP_MAJOR_FUNCTIONS[slotIndex].name;
          const target: RegistrationTarget = ndisTables.has(name)
            ? 'ndis_dispatch_table'
            : 'private_table';
          out.push(
            tableFact(
              ctx,
              handler.first,
              handler.first - 1,
              handler.first,
              handler.last,
              handler,
              slot,
              slot,
              target,
              name,
            ),
          );
        }
      }
      slotIndex++;
      k = end + 1;
    }
  }
}

/** `FLT_OPERATION_REGISTRATION Callbacks[] = { { IRP_MJ_CREATE, 0, Pre, Post }, ... }`. */
export function findMinifilterCallbacks(t: Tokens, out: MinifilterCallbackFact[]): void {
  let after = -1;
  for (const i of t.occurrences('FLT_OPERATION_REGISTRATION')) {
    if (i <= after) continue;
    let k = i + 1;
    while (k < t.count && k < i + 12 && !t.is(k, '{') && !t.is(k, ';')) k++;
    if (!t.is(k, '{') || !t.is(k - 1, '=')) continue;
    const close = t.match[k];
    if (close < 0) continue;
    for (let e = k + 1; e < close; e++) {
      if (!t.is(e, '{')) continue;
      const eClose = t.match[e];
      if (eClose < 0) break;
      const fields: [number, number][] = [];
      let f = e + 1;
      while (f < eClose) {
        const end = expressionEnd(t, f);
        fields.push([f, end]);
        f = end + 1;
      }
      const major = fields.length > 0 ? t.span(fields[0][0], fields[0][1] - 1) : '';
      if (major && major !== 'IRP_MJ_OPERATION_END') {
        const field = (n: number): string | null => {
          if (fields.length <= n) return null;
          const h = readHandler(t, fields[n][0], fields[n][1]);
          return h ? h.name : null;
        };
        out.push({
          slot: canonicalSlot(major) ?? major,
          preOperation: field(2),
          postOperation: field(3),
          range: t.s.lines.range(t.s.start[e], t.s.end[eClose]),
        });
      }
      e = eClose;
    }
    after = close;
  }
}
