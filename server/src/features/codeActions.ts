// Quick fixes for wdm diagnostics, recomputed from `diagnostic.data` and the current model: the
// repairing fix (preferred) and a `// wdm-ignore` suppression. Edits are versioned WorkspaceEdits
// (`documentChanges`), so a client refuses one computed against an older text.
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import type { Range } from '../syntax/factTypes';
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import type { FixData } from '../rules/ruleTypes';
import { irpByName } from '../irpTable';
import { ruleById } from '../rules/index';
import { findingDataAt } from './diagnostics';
import { registrationFix } from './fixes/addRegistration';
import { addAnnotationFix, fixAnnotationFix, useDeclAnnotationsFix } from './fixes/annotationFixes';
import type { Fix, FixContext, GetText } from './fixes/fixContext';
import { FixText } from './fixes/fixText';
import { generateRoutineFix } from './fixes/generateRoutine';
import { shutdownRegistrationFix } from './fixes/shutdownFix';
import { suppressFix } from './fixes/suppressFix';

export type { GetText } from './fixes/fixContext';

const SLOT_NAME = /^IRP_MJ_[A-Z_]+$/;
const ROUTINE_NAME = /^[A-Za-z_]\w*(::~?[A-Za-z_]\w*)*$/;

/** Fix data as the client sent it back: only well-formed fields are kept (it may be stale or forged). */
function asFixData(value: unknown): FixData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.ruleId !== 'string' || typeof v.driver !== 'string') return undefined;
  const slot = (s: unknown): s is string =>
    typeof s === 'string' && SLOT_NAME.test(s) && irpByName(s)?.name === s;
  const data: FixData = { ruleId: v.ruleId, driver: v.driver };
  if (slot(v.slot)) data.slot = v.slot;
  if (Array.isArray(v.slots)) data.slots = v.slots.filter(slot);
  if (typeof v.handler === 'string' && ROUTINE_NAME.test(v.handler)) data.handler = v.handler;
  if (typeof v.reuseHandler === 'string' && ROUTINE_NAME.test(v.reuseHandler)) {
    data.reuseHandler = v.reuseHandler;
  }
  return data;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function repairs(ctx: FixContext, data: FixData): Fix[] {
  const out: (Fix | undefined)[] = [];
  switch (data.ruleId) {
    case 'create-without-close':
    case 'close-without-create':
    case 'flush-without-shutdown':
    case 'missing-required-handler':
    case 'shutdown-handler-missing':
      if (data.slot) {
        const slot = data.slot;
        out.push(registrationFix(ctx, [slot], () => data.reuseHandler));
      }
      break;
    case 'unregistered-dispatch-routine':
      if (data.handler && data.slots && data.slots.length > 0) {
        const handler = data.handler;
        out.push(registrationFix(ctx, data.slots, () => handler));
      }
      break;
    case 'missing-dispatch-annotation':
      if (data.handler) out.push(addAnnotationFix(ctx, data.handler, data.slots ?? []));
      break;
    case 'dispatch-annotation-mismatch':
      if (data.handler) out.push(fixAnnotationFix(ctx, data.handler, data.slots ?? []));
      break;
    case 'missing-use-decl-annotations':
      if (data.handler) out.push(useDeclAnnotationsFix(ctx, data.handler));
      break;
    case 'handler-not-found':
      if (data.handler && data.slots) out.push(generateRoutineFix(ctx, data.handler, data.slots));
      break;
    case 'shutdown-not-registered':
      out.push(shutdownRegistrationFix(ctx));
      break;
    default:
      break;
  }
  return out.filter((f): f is Fix => f !== undefined && !f.edits.empty);
}

function findDriver(model: WorkspaceModel, data: FixData, uri: string): Driver | undefined {
  return model.drivers.find((d) => d.rootUri === data.driver) ?? model.driverOf(uri);
}

/**
 * The quick fixes for the wdm diagnostics among `diagnostics` that touch `range`. `getText` gives
 * the text and version of other files (DriverEntry elsewhere); without it, fixes that must edit
 * another file are left out.
 */
export function computeCodeActions(
  model: WorkspaceModel,
  doc: { uri: string; version: number; text: string },
  range: Range,
  diagnostics: Diagnostic[],
  getText?: GetText,
): CodeAction[] {
  const texts = new Map<string, { text: FixText; version: number | null } | null>();
  const load = (uri: string): { text: FixText; version: number | null } | undefined => {
    if (!texts.has(uri)) {
      let entry: { text: FixText; version: number | null } | null = null;
      if (uri === doc.uri) entry = { text: new FixText(doc.text), version: doc.version };
      else {
        try {
          const got = getText?.(uri);
          if (got) entry = { text: new FixText(got.text), version: got.version ?? null };
        } catch {
          entry = null;
        }
      }
      texts.set(uri, entry);
    }
    return texts.get(uri) ?? undefined;
  };
  const versionOf = (uri: string): number | null => load(uri)?.version ?? null;
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics ?? []) {
    if (diagnostic?.source !== 'wdm' || typeof diagnostic.code !== 'string') continue;
    if (range && diagnostic.range && !overlaps(diagnostic.range, range)) continue;
    const code = diagnostic.code;
    if (!ruleById(code)) continue;
    const toAction = (fix: Fix): CodeAction => ({
      title: fix.title,
      kind: 'quickfix',
      diagnostics: [diagnostic],
      isPreferred: fix.isPreferred,
      edit: fix.edits.toWorkspaceEdit(versionOf),
    });
    const data =
      asFixData(diagnostic.data) ??
      (diagnostic.range ? findingDataAt(model, doc.uri, code, diagnostic.range.start) : undefined);
    if (data && data.ruleId === code) {
      const driver = findDriver(model, data, doc.uri);
      if (driver) {
        const ctx: FixContext = { model, driver, textOf: (uri) => load(uri)?.text };
        let fixes: Fix[];
        try {
          fixes = repairs(ctx, data);
        } catch {
          // A fix that trips over facts that changed under it is left out, never thrown.
          fixes = [];
        }
        for (const fix of fixes) actions.push(toAction(fix));
      }
    }
    const own = load(doc.uri);
    if (own && diagnostic.range) {
      actions.push(toAction(suppressFix(doc.uri, own.text, diagnostic.range, code)));
    }
  }
  return actions;
}
