// Declarations at file, namespace and class level: role-type declarations
// (`_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH A, B;`) and plain prototypes
// (`NTSTATUS X(PDEVICE_OBJECT, PIRP);`), with their dispatch annotations.
import { T_IDENT } from './lexer';
import { claimsDispatchRole } from './annotations';
import type { DeclarationFact, Range } from './factTypes';
import { typeTokens, type Statement } from './structure';
import { canonical, type Tokens } from './tokens';

const ROLE_TYPES = new Set([
  'IO_COMPLETION_ROUTINE',
  'IO_WORKITEM_ROUTINE',
  'IO_WORKITEM_ROUTINE_EX',
  'IO_DPC_ROUTINE',
  'IO_TIMER_ROUTINE',
  'KDEFERRED_ROUTINE',
  'KSTART_ROUTINE',
  'KSERVICE_ROUTINE',
  'KMESSAGE_SERVICE_ROUTINE',
  'REQUEST_POWER_COMPLETE',
  'POWER_SETTING_CALLBACK',
  'IO_SESSION_NOTIFICATION_FUNCTION',
  'DRIVER_NOTIFICATION_CALLBACK_ROUTINE',
  'KSYNCHRONIZE_ROUTINE',
  'PO_FX_COMPONENT_IDLE_STATE_CALLBACK',
  'IO_CSQ_INSERT_IRP',
  'IO_CSQ_REMOVE_IRP',
  'IO_CSQ_PEEK_NEXT_IRP',
  'IO_CSQ_ACQUIRE_LOCK',
  'IO_CSQ_RELEASE_LOCK',
  'IO_CSQ_COMPLETE_CANCELED_IRP',
  'FAST_IO_DEVICE_CONTROL',
  'CALLBACK_FUNCTION',
  'KBUGCHECK_CALLBACK_ROUTINE',
]);
/** True for a typedef naming a routine role (`DRIVER_DISPATCH`, `EVT_WDF_DRIVER_DEVICE_ADD`, ...). */
export function isRoleType(word: string): boolean {
  if (word === 'DRIVER_OBJECT' || word === 'DRIVER_EXTENSION') return false;
  return (
    ROLE_TYPES.has(word) ||
    /^DRIVER_[A-Z_]+$/.test(word) ||
    /^(EVT|FN)_[A-Z0-9_]+$/.test(word) ||
    /^FAST_IO_[A-Z_]+$/.test(word)
  );
}

/**
 * False when token `i` cannot be a role type, read from its characters without taking its text:
 * every role type is an upper-case word with an underscore (`DRIVER_DISPATCH`, `EVT_WDF_...`).
 */
function mayBeRoleType(t: Tokens, i: number): boolean {
  const { text, start, end, spliced } = t.s;
  if (spliced.size > 0 && spliced.has(i)) return true;
  const first = text.charCodeAt(start[i]);
  if (first < 65 || first > 90) return false;
  let underscore = false;
  for (let k = start[i] + 1; k < end[i]; k++) {
    const c = text.charCodeAt(k);
    if (c === 95) underscore = true;
    else if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return underscore;
}

export function readDeclarations(t: Tokens, st: Statement, out: DeclarationFact[]): void {
  const { view, first, last } = st;
  // Cheap rejections: initializers, typedefs, bodies.
  for (let p = first; p < last; p++) {
    const i = view[p];
    if (
      t.is(i, '=') ||
      t.is(i, '{') ||
      t.is(i, 'typedef') ||
      t.is(i, 'return') ||
      t.is(i, 'using')
    ) {
      return;
    }
  }
  const lines = t.s.lines;
  // The statement's range, made only for a statement that declares something.
  const stmtRange = (): Range => lines.range(t.s.start[view[first]], t.s.end[view[last]]);
  // Role declaration: `[annotations] ROLE name [, name]* ;`
  for (let p = first; p < last; p++) {
    const i = view[p];
    if (t.s.kind[i] !== T_IDENT || !mayBeRoleType(t, i) || !isRoleType(t.text(i))) continue;
    const prefix = typeTokens(t, view, first, p);
    if (prefix.types.some((w) => w !== 'static' && w !== 'extern')) break;
    const names: number[] = [];
    let q = p + 1;
    while (q < last && t.s.kind[view[q]] === T_IDENT) {
      names.push(view[q]);
      if (t.is(view[q + 1], ',')) q += 2;
      else {
        q++;
        break;
      }
    }
    if (q !== last || names.length === 0) break;
    const roleType = canonical(t.text(i));
    const isDispatch =
      roleType === 'DRIVER_DISPATCH' ||
      roleType === 'DRIVER_DISPATCH_PAGED' ||
      prefix.annotations.some(claimsDispatchRole);
    const range = stmtRange();
    for (const nameTok of names) {
      out.push({
        name: canonical(t.text(nameTok)),
        nameRange: lines.range(t.s.start[nameTok], t.s.end[nameTok]),
        range,
        roleType,
        annotations: prefix.annotations,
        isDispatchRole: isDispatch,
        active: t.active(nameTok),
      });
    }
    return;
  }
  // Prototype: `[annotations] type name ( params ) [qualifiers] ;`
  for (let p = first; p < last; p++) {
    const i = view[p];
    if (!t.is(i, '(')) continue;
    const close = t.match[i];
    if (close < 0) return;
    const nameTok = view[p - 1];
    if (p - 1 < first || t.s.kind[nameTok] !== T_IDENT) {
      return;
    }
    const word = t.text(nameTok);
    if (/^(_|__drv_|__declspec|__attribute__)/.test(word) && prefixIsNoise(word)) {
      // An annotation's own parentheses: skip them.
      while (p + 1 < last && view[p + 1] <= close) p++;
      continue;
    }
    let nameStart = p - 1;
    while (
      nameStart - 2 >= first &&
      t.is(view[nameStart - 1], '::') &&
      t.s.kind[view[nameStart - 2]] === T_IDENT
    ) {
      nameStart -= 2;
    }
    const prefix = typeTokens(t, view, first, nameStart);
    if (prefix.types.length === 0) return;
    if (prefix.types.some((w) => w === '(' || w === ')' || w === ',' || w === '.' || w === '->')) {
      return;
    }
    out.push({
      name: canonical(t.compact(view[nameStart], nameTok)),
      nameRange: lines.range(t.s.start[view[nameStart]], t.s.end[nameTok]),
      range: stmtRange(),
      roleType: null,
      annotations: prefix.annotations,
      isDispatchRole: prefix.annotations.some(claimsDispatchRole),
      active: t.active(nameTok),
    });
    return;
  }
}

function prefixIsNoise(word: string): boolean {
  return (
    /^_[A-Z][A-Za-z0-9_]*_$/.test(word) ||
    /^__(drv_|declspec|attribute__)/.test(word) ||
    word === '_Function_class_'
  );
}
