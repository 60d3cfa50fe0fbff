// Helpers for rule and quick-fix tests: findings rendered as `file:line:col code message` lines
// (1-based, paths relative to the fixture root), and text edits applied to fixture files.
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { collectFindings, computeDiagnostics } from '../../../server/src/features/diagnostics';
import { computeCodeActions } from '../../../server/src/features/codeActions';
import type { RuleSettings } from '../../../server/src/rules/ruleTypes';
import { FIXTURE_ROOT, parseFixture, type Fixture } from '../fixture';
import { LineIndex } from '../../../server/src/util/positions';

export { parseFixture, type Fixture };

function rel(uri: string): string {
  return uri.startsWith(FIXTURE_ROOT + '/') ? uri.slice(FIXTURE_ROOT.length + 1) : uri;
}

/** Every finding of the fixture for the given rule ids (all rules when empty), one line each. */
export function renderFindings(
  fx: Fixture,
  ruleIds: string[] = [],
  settings?: RuleSettings,
): string[] {
  return collectFindings(fx.model, settings)
    .filter((f) => ruleIds.length === 0 || ruleIds.includes(f.ruleId))
    .map(
      (f) =>
        `${rel(f.uri)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`,
    );
}

/** Diagnostics of one fixture file for one rule. */
export function diagnosticsOf(
  fx: Fixture,
  path: string,
  ruleId: string,
  settings?: RuleSettings,
): Diagnostic[] {
  return computeDiagnostics(fx.model, fx.uri(path), settings ?? { severities: {} }).filter(
    (d) => d.code === ruleId,
  );
}

/** Applies LSP text edits (all relative to the original text) to a text. */
export function applyEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e) => ({
      start: index.offsetAt(e.range.start),
      end: index.offsetAt(e.range.end),
      newText: e.newText,
    }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The quick fixes offered for the first diagnostic of `ruleId` in `path`. */
export function actionsFor(
  fx: Fixture,
  path: string,
  ruleId: string,
  settings?: RuleSettings,
): CodeAction[] {
  const diagnostics = diagnosticsOf(fx, path, ruleId, settings);
  if (diagnostics.length === 0) throw new Error(`no ${ruleId} diagnostic in ${path}`);
  const d = diagnostics[0];
  const uri = fx.uri(path);
  return computeCodeActions(
    fx.model,
    { uri, version: 7, text: fx.text(path) },
    d.range,
    [d],
    (other) => {
      const file = fx.files.find((f) => f.uri === other);
      return file ? { text: file.text, version: 3 } : undefined;
    },
  );
}

/** Applies an action's edits; returns the new text of every file it changes, by relative path. */
export function applyAction(fx: Fixture, action: CodeAction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const change of (action.edit?.documentChanges ?? []) as TextDocumentEdit[]) {
    const path = rel(change.textDocument.uri);
    out[path] = applyEdits(fx.text('/' + path), change.edits as TextEdit[]);
  }
  return out;
}

/** The preferred (repairing) action, or a failure naming what was offered. */
export function preferred(actions: CodeAction[]): CodeAction {
  const found = actions.find((a) => a.isPreferred);
  if (!found) throw new Error('no preferred fix among: ' + actions.map((a) => a.title).join(' | '));
  return found;
}
