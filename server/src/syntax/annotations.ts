// SAL and declaration-noise recognition: which identifiers are annotations (`_In_`,
// `_Dispatch_type_(...)`, `__drv_dispatchType(...)`, `__declspec(...)`), storage words, and the
// dispatch annotations kept as AnnotationFacts.
import { canonicalSlot } from '../irpTable';
import type { AnnotationFact, AnnotationKind } from './factTypes';
import { WordSet, type Tokens } from './tokens';

const NOISE_WORDS = new Set([
  'IN',
  'OUT',
  'OPTIONAL',
  'INOUT',
  '__declspec',
  '__attribute__',
  'static',
  'extern',
  'inline',
  '__inline',
  '__forceinline',
  'EXTERN_C',
  'EXTERN_C_START',
  'EXTERN_C_END',
  'FORCEINLINE',
  'virtual',
  'explicit',
  'DECLSPEC_NOINLINE',
  'DECLSPEC_NORETURN',
  'NTKERNELAPI',
  'NTSYSAPI',
  '__override',
  'CODE_SEG',
  'PAGED',
  'INIT',
  'alignas',
  '__pragma',
  '_Pragma',
]);

/** True for SAL annotations and declaration noise that are not part of a type. */
export function isNoiseWord(word: string): boolean {
  if (NOISE_WORDS.has(word)) return true;
  if (word.length > 2 && word.charCodeAt(0) === 95) {
    // SAL 2: _In_, _Out_writes_bytes_(n), _IRQL_requires_max_(x), _Dispatch_type_(x)
    if (word.charCodeAt(word.length - 1) === 95 && /^_[A-Z][A-Za-z0-9_]*_$/.test(word)) return true;
    // SAL 1 and driver annotations: __in, __out_opt, __drv_dispatchType(x), __checkReturn
    if (
      /^__(drv_|in$|in_|out$|out_|inout|deref|checkReturn|success|bcount|ecount|field|nullterminated|reserved|callback|range|format_string|allocator)/.test(
        word,
      )
    ) {
      return true;
    }
  }
  return false;
}

const NOISE_TOKENS = new WordSet(NOISE_WORDS);

/** isNoiseWord of token `i`, without taking its text unless it starts with `_`. */
export function isNoiseToken(t: Tokens, i: number): boolean {
  const s = t.s;
  if (s.spliced.size > 0 && s.spliced.has(i)) return isNoiseWord(t.text(i));
  if (NOISE_TOKENS.find(t, i) !== undefined) return true;
  const at = s.start[i];
  if (s.end[i] - at <= 2 || s.text.charCodeAt(at) !== 95) return false;
  return isNoiseWord(t.text(i));
}

const ANNOTATION_KINDS: ReadonlyMap<string, AnnotationKind> = new Map<string, AnnotationKind>([
  ['_Dispatch_type_', '_Dispatch_type_'],
  ['__drv_dispatchType', '__drv_dispatchType'],
  ['__drv_dispatchType_other', '__drv_dispatchType'],
  ['_Function_class_', '_Function_class_'],
  ['__drv_functionClass', '_Function_class_'],
]);

/**
 * Reads a dispatch annotation at token `i` (its name), or returns null. `__drv_dispatchType_other`
 * has no argument; it is reported with `written` 'other'.
 */
export function readAnnotation(t: Tokens, i: number): AnnotationFact | null {
  const kind = ANNOTATION_KINDS.get(t.text(i));
  if (!kind) return null;
  const lines = t.s.lines;
  if (t.is(i, '__drv_dispatchType_other')) {
    return { kind, written: 'other', slot: null, range: lines.range(t.s.start[i], t.s.end[i]) };
  }
  if (!t.is(i + 1, '(')) return null;
  const close = t.match[i + 1];
  if (close < 0) return null;
  const written = close > i + 2 ? t.span(i + 2, close - 1).trim() : '';
  return {
    kind,
    written,
    slot: canonicalSlot(written) ?? null,
    range: lines.range(t.s.start[i], t.s.end[close]),
  };
}

/**
 * True when the annotation claims a dispatch routine: any of them naming `DRIVER_DISPATCH`
 * (`__drv_dispatchType(DRIVER_DISPATCH)` in cdfs), or fastfat's `_Function_class_(IRP_MJ_X)`.
 */
export function claimsDispatchRole(a: AnnotationFact): boolean {
  if (a.written === 'DRIVER_DISPATCH') return true;
  return a.kind === '_Function_class_' && a.written.startsWith('IRP_MJ_');
}
