// Entry points of syntax/: the cheap prefilter, extractFacts (every per-file fact) and
// extractDefinitions (function definitions by name, for files the prefilter skips). Pure and
// total: any text, however broken, yields facts and never throws.
import type { DeclarationFact, FileFacts, FunctionFact, RegistrationFact } from './factTypes';
import { LexScratch, lex, type TokenStream } from './lexer';
import { findCalls, findMemberAssignments } from './calls';
import { readDeclarations } from './declarations';
import { FileContext } from './fileContext';
import { expandRegistrationMacros } from './macros';
import { fillCallNames, findMajorFunctionWrites, type PendingRegistration } from './registrations';
import { outline, partitions, type Outline } from './structure';
import { findReferences } from './references';
import { findSuppressions } from './suppressions';
import { findMinifilterCallbacks, findTableWrites } from './tables';
import { Tokens } from './tokens';
import { lastPart } from '../util/names';

/**
 * The prefilter runs over every file, so it is one regex pass over short, common anchors
 * (`Driver`, `Register`, ...); each anchor hit is confirmed against the exact words in a small
 * window around it. Files without any confirmed word hold no fact worth tokenizing.
 */
const ANCHORS =
  /Driver|Register|Initialize|IRP_MJ_|MajorFunction|DRIVER_DISPATCH|IoCreateDevice|AddAdapter|wdm-ignore|2816|__WARNING_DISPATCH|__drv_dispatchType/g;
const EXACT =
  /MajorFunction|IRP_MJ_|DRIVER_DISPATCH|__drv_dispatchType|Driver(?:Entry|Extension|Create)|IoRegister(?:Shutdown|LastChance|FileSystem|FsRegistrationChange)|NdisMInitializeWrapper|UdecxInitializeWdfDevice|SerCx2InitializeDevice|SpbCxDeviceInitialize|GpioClxRegisterClient|WskRegister|FwpsCalloutRegister|DxgkInitialize|IoCreateD(?:evice|river)|Ndis(?:MRegisterMiniport|RegisterProtocol|FRegisterFilter|RegisterDevice|MRegisterDevice)|FltRegisterFilter|Pc(?:InitializeAdapterDriver|AddAdapterDevice)|PortInitialize|ClassInitialize|KsInitializeDriver|HidRegisterMinidriver|wdm-ignore|2816[89]|__WARNING_DISPATCH/;

/** The exact words the prefilter looks for (for callers that build their own search). */
export const PREFILTER_WORDS: readonly string[] = [
  'MajorFunction',
  'IRP_MJ_',
  'DRIVER_DISPATCH',
  '__drv_dispatchType',
  'DriverEntry',
  'DriverExtension',
  'DriverCreate',
  'IoRegisterShutdown',
  'IoRegisterLastChance',
  'IoRegisterFileSystem',
  'IoRegisterFsRegistrationChange',
  'NdisMInitializeWrapper',
  'UdecxInitializeWdfDevice',
  'SerCx2InitializeDevice',
  'SpbCxDeviceInitialize',
  'GpioClxRegisterClient',
  'WskRegister',
  'FwpsCalloutRegister',
  'DxgkInitialize',
  'IoCreateDevice',
  'IoCreateDriver',
  'NdisMRegisterMiniport',
  'NdisRegisterProtocol',
  'NdisFRegisterFilter',
  'NdisRegisterDevice',
  'NdisMRegisterDevice',
  'FltRegisterFilter',
  'PcInitializeAdapterDriver',
  'PcAddAdapterDevice',
  'PortInitialize',
  'ClassInitialize',
  'KsInitializeDriver',
  'HidRegisterMinidriver',
  'wdm-ignore',
  '28168',
  '28169',
  '__WARNING_DISPATCH',
];

function nextNonSpace(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return c;
  }
  return 0;
}

function prevNonSpace(text: string, i: number): number {
  for (; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return c;
  }
  return 0;
}

/**
 * Cheap string search: false means the file holds no fact and need not be tokenized.
 * `MajorFunction` counts only before `[`, `)` (range-for), as `MajorFunctions` (NDIS) or as the
 * array handed to a fill call, and
 * `IRP_MJ_` only after `[`, `{` or `(` (indexes, table rows, annotations), so files that merely
 * compare `IrpSp->MajorFunction == IRP_MJ_READ` are not tokenized.
 */
export function mayContainFacts(text: string): boolean {
  return prefilter(text, false) === true;
}

/**
 * The same verdict, taken on the undecoded bytes of an 8-bit file (no BOM, no NUL) viewed as a
 * Latin-1 string, so files that hold no fact are never decoded. Every anchor and exact word is
 * ASCII, so matches sit at the same places; only the ±12/40-character window around an anchor
 * can differ, when it holds non-ASCII bytes (a UTF-8 character is several bytes). Such a window
 * that does not confirm makes the answer undefined: decode and ask mayContainFacts.
 */
export function mayContainFactsLatin1(bytesAsLatin1: string): boolean | undefined {
  return prefilter(bytesAsLatin1, true);
}

const NON_ASCII = /[\u0080-\uffff]/;
/** A call registrations.ts reads as a fill of the array, opened just before `MajorFunction`. */
const FILL_CALL = new RegExp(`\\b(?:${fillCallNames().join('|')})\\s*\\(`);

function prefilter(text: string, latin1: boolean): boolean | undefined {
  let unsure = false;
  ANCHORS.lastIndex = 0;
  for (let m = ANCHORS.exec(text); m; m = ANCHORS.exec(text)) {
    const at = m.index;
    const word = m[0];
    if (word === 'MajorFunction') {
      const c = nextNonSpace(text, at + word.length);
      if (c === 91 || c === 41 || c === 115) return true;
      // The array handed to a fill call: `RtlFillMemoryUlong(X->MajorFunction, ...)`.
      if (c === 44 && FILL_CALL.test(text.slice(Math.max(0, at - 64), at))) return true;
      continue;
    }
    if (word === 'IRP_MJ_') {
      const c = prevNonSpace(text, at - 1);
      if (c === 91 || c === 123 || c === 40) return true;
      continue;
    }
    const window = text.slice(Math.max(0, at - 12), at + 40);
    if (EXACT.test(window)) return true;
    if (latin1 && !unsure && NON_ASCII.test(window)) unsure = true;
  }
  return unsure ? undefined : false;
}

export function emptyFacts(skippedReason?: string): FileFacts {
  const facts: FileFacts = {
    registrations: [],
    declarations: [],
    functions: [],
    calls: [],
    memberAssignments: [],
    minifilterCallbacks: [],
    suppressions: [],
    frameworks: [],
  };
  if (skippedReason) facts.skippedReason = skippedReason;
  return facts;
}

function buildOutline(t: Tokens): Outline {
  const { views, pos } = partitions(t);
  const result: Outline = { functions: [], statements: [] };
  for (const view of views) outline(t, view, pos, result);
  return result;
}

// C0 controls other than TAB, LF, VT, FF, CR (NUL is tested apart: one is enough).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000e-\u001f]/g;

/** NUL in the first 1024 characters, or more than a tenth of them other C0 controls. */
function looksBinary(text: string): boolean {
  const sample = text.length > 1024 ? text.slice(0, 1024) : text;
  if (sample.includes('\u0000')) return true;
  // Native regex search instead of a per-character loop, which runs interpreted in a cold index.
  const controls = sample.match(CONTROL);
  return controls !== null && controls.length > sample.length / 10;
}

export interface ExtractOptions {
  /**
   * The text of an editor document: the user edits it as C, so it is never judged binary (a NUL
   * typed or pasted into the first lines must not make every fact of the file vanish).
   */
  editorText?: boolean;
}

/** Every fact of one file. */
export function extractFacts(text: string, options?: ExtractOptions): FileFacts {
  try {
    if (options?.editorText !== true && looksBinary(text)) return emptyFacts('binary');
    return extract(text);
  } catch (err) {
    // The recognizers are written not to throw; this is the last line of defence.
    return emptyFacts(`internal error: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    scratch.shrink(SCRATCH_KEEP_LIMIT);
  }
}

/**
 * Buffers shared by every extractFacts call: it is synchronous and no fact refers to a token
 * stream, so a stream is dead before the next call (or the nested call over a macro-expanded
 * text, made after the outer stream's last use) lexes into the same buffers.
 */
const scratch = new LexScratch();
/** Buffers up to this many entries (files of a few MB) are kept; larger ones are dropped. */
const SCRATCH_KEEP_LIMIT = 1 << 18;

function extract(text: string, expandMacros = true): FileFacts {
  const stream: TokenStream = lex(text, {
    keepComments: text.includes('wdm-ignore'),
    scratch,
  });
  const t = new Tokens(stream);
  if (expandMacros) {
    // Registrations written by a macro: read the file again with its invocations expanded.
    const expanded = expandRegistrationMacros(text, t);
    if (expanded !== null) return expanded.mapBack(extract(expanded.text, false));
  }
  const shape = buildOutline(t);
  const facts = emptyFacts();
  facts.functions = shape.functions.map((f) => f.fact);
  const declarations: DeclarationFact[] = [];
  for (const st of shape.statements) readDeclarations(t, st, declarations);
  declarations.sort(
    (a, b) =>
      a.nameRange.start.line - b.nameRange.start.line ||
      a.nameRange.start.character - b.nameRange.start.character,
  );
  facts.declarations = declarations;

  const ctx = new FileContext(t, shape.functions);
  const pending: PendingRegistration[] = [];
  findMajorFunctionWrites(ctx, pending);
  const knownFunctions = new Set<string>();
  for (const f of facts.functions) knownFunctions.add(f.name);
  for (const d of declarations) knownFunctions.add(d.name);
  findTableWrites(ctx, knownFunctions, pending);
  pending.sort((a, b) => a.offset - b.offset);
  facts.registrations = pending.map((p, k): RegistrationFact => ({ ...p.fact, order: k }));

  findMemberAssignments(ctx, facts.memberAssignments);
  findMinifilterCallbacks(t, facts.minifilterCallbacks);
  const frameworks = new Set<string>();
  findCalls(ctx, facts.calls, frameworks);
  const writesDriverObject = facts.registrations.some(
    (r) => r.target === 'driver_object' && r.active,
  );
  const definesEntry = facts.functions.some((f) => f.name === 'DriverEntry' && f.active);
  if (frameworks.size === 0 && (writesDriverObject || definesEntry)) frameworks.add('wdm');
  facts.frameworks = [...frameworks].sort();
  findSuppressions(stream, facts.suppressions);
  const references = findReferences(t, shape.functions, declarations);
  if (references.length > 0) facts.references = references;
  return facts;
}

/** Function definitions whose name (or last qualified part) is in `names`; for files the prefilter skipped. */
export function extractDefinitions(text: string, names: ReadonlySet<string>): FunctionFact[] {
  try {
    if (names.size === 0 || looksBinary(text)) return [];
    if (names.size <= 64) {
      let any = false;
      for (const name of names) {
        const bare = lastPart(name);
        if (text.includes(bare)) {
          any = true;
          break;
        }
      }
      if (!any) return [];
    }
    // The shared buffers, and the options shape extract uses: a second shape of the options
    // object, or the path that allocates buffers, would deoptimize lex in a cold index.
    const t = new Tokens(lex(text, { keepComments: false, scratch }));
    const shape = buildOutline(t);
    const found = shape.functions
      .map((f) => f.fact)
      .filter((f) => names.has(f.name) || names.has(lastPart(f.name)));
    // The file has no FileFacts of its own: its direct uses of routines ride on its definitions.
    const references = found.length > 0 ? findReferences(t, shape.functions, []) : [];
    if (references.length > 0) for (const f of found) f.references = references;
    return found;
  } catch {
    return [];
  } finally {
    scratch.shrink(SCRATCH_KEEP_LIMIT);
  }
}
