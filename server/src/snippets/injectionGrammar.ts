// Builds the TextMate injection grammar that colours the dispatch vocabulary in C and C++: IRP_MJ
// codes and aliases from the IRP table, the function role types and the dispatch annotations.
// Pure: `scripts/generateGrammar.ts` writes it to syntaxes/ and a manifest test checks the file.
import { ALL_IRP_MJ_NAMES } from '../irpTable';

export const GRAMMAR_FILE = 'syntaxes/wdm-irp.injection.tmLanguage.json';
export const GRAMMAR_SCOPE = 'wdm.irp.injection';
/** Only in code: never inside comments or strings of the host grammar. */
export const INJECTION_SELECTOR = 'L:source.c -comment -string, L:source.cpp -comment -string';

/**
 * Scope names chosen because the default themes and most others colour them: `constant.language`
 * (every theme), `support.type` (Dark+, Light+, Monokai, ...), `storage.modifier` (every theme).
 */
export const SCOPES = {
  irpMajor: 'constant.language.irp-major.wdm',
  roleType: 'support.type.role-type.wdm',
  annotation: 'storage.modifier.annotation.wdm',
} as const;

/** The loop bound wdm.h defines next to the codes (`<= IRP_MJ_MAXIMUM_FUNCTION`). */
export const IRP_MJ_EXTRA_NAMES = ['IRP_MJ_MAXIMUM_FUNCTION'] as const;

/**
 * Function role types of WDM drivers (wdm.h, ntddk.h): the typedefs a routine is declared with so
 * that Code Analysis and SDV know its contract. Each also exists as a `P...` pointer type.
 */
export const ROLE_TYPES = [
  'DRIVER_INITIALIZE',
  'DRIVER_ADD_DEVICE',
  'DRIVER_UNLOAD',
  'DRIVER_DISPATCH',
  'DRIVER_DISPATCH_PAGED',
  'DRIVER_DISPATCH_RAISED',
  'DRIVER_STARTIO',
  'DRIVER_CANCEL',
  'DRIVER_CONTROL',
  'DRIVER_LIST_CONTROL',
  'DRIVER_REINITIALIZE',
  'IO_COMPLETION_ROUTINE',
  'IO_DPC_ROUTINE',
  'KDEFERRED_ROUTINE',
  'KSERVICE_ROUTINE',
  'KSTART_ROUTINE',
  'IO_TIMER_ROUTINE',
  'IO_WORKITEM_ROUTINE',
  'IO_WORKITEM_ROUTINE_EX',
  'REQUEST_POWER_COMPLETE',
  'DRIVER_NOTIFICATION_CALLBACK_ROUTINE',
] as const;

/** SAL annotations that tie a routine to its dispatch slot(s) or to its role type. */
export const DISPATCH_ANNOTATIONS = [
  '_Dispatch_type_',
  '__drv_dispatchType',
  '__drv_dispatchType_other',
  '_Function_class_',
  '_Use_decl_annotations_',
  '_IRQL_requires_max_',
  '_IRQL_requires_min_',
  '_IRQL_requires_',
  '_IRQL_requires_same_',
] as const;

export interface InjectionGrammar {
  readonly scopeName: string;
  readonly injectionSelector: string;
  readonly patterns: readonly { include: string }[];
  readonly repository: Record<
    string,
    { comment: string; match: string; captures: Record<string, { name: string }> }
  >;
}

/** Longest first, so that no name is cut short by another that begins it. */
function alternation(names: readonly string[]): string {
  return [...new Set(names)].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|');
}

/**
 * A rule for whole words `words` (a regex alternation). It may start on the whitespace before the
 * word because some host rules do (the C++ grammar's function-call rule matches ` name(`): the
 * earliest match wins, and on a tie the left-injected rule does. Only the word gets the scope.
 */
function wordRule(comment: string, words: string, scope: string) {
  return { comment, match: `\\s*\\b(${words})\\b`, captures: { '1': { name: scope } } };
}

export function generateInjectionGrammar(): InjectionGrammar {
  const irpNames = [...ALL_IRP_MJ_NAMES, ...IRP_MJ_EXTRA_NAMES];
  return {
    scopeName: GRAMMAR_SCOPE,
    injectionSelector: INJECTION_SELECTOR,
    patterns: [{ include: '#irp-major' }, { include: '#role-type' }, { include: '#annotation' }],
    repository: {
      'irp-major': wordRule(
        'IRP_MJ codes and aliases of wdm.h (generated from server/src/irpTable.ts)',
        alternation(irpNames),
        SCOPES.irpMajor,
      ),
      'role-type': wordRule(
        'function role types and their pointer types',
        `P?(?:${alternation(ROLE_TYPES)})`,
        SCOPES.roleType,
      ),
      annotation: wordRule(
        'dispatch and role-type SAL annotations',
        alternation(DISPATCH_ANNOTATIONS),
        SCOPES.annotation,
      ),
    },
  };
}

/** The file text before formatting (the script formats it with Prettier). */
export function renderInjectionGrammar(): string {
  return JSON.stringify(generateInjectionGrammar(), null, 2) + '\n';
}
