// Decides whether a finding is silenced by a suppression of its file: `// wdm-ignore <code>`
// (its own line), `#pragma prefast(suppress: ...)` / `#pragma warning(suppress: ...)` (the next code
// line) and `disable` pragmas (the rest of the file, or of their push/pop region), by rule id,
// PREfast number or __WARNING_ name.
import type { SuppressionFact } from '../syntax/factTypes';
import type { Rule } from '../rules/ruleTypes';

/** The codes that name a rule in a suppression: its id, and its PREfast numbers and names. */
export function suppressionCodes(rule: Rule): Set<string> {
  const codes = new Set<string>([rule.id.toLowerCase()]);
  for (const n of rule.prefast?.numbers ?? []) {
    codes.add(n);
    codes.add('c' + n);
  }
  for (const n of rule.prefast?.names ?? []) codes.add(n.toLowerCase());
  return codes;
}

function names(s: SuppressionFact, codes: Set<string>): boolean {
  // A bare `// wdm-ignore` (no code) silences every wdm rule on its line.
  if (s.codes.length === 0) return true;
  return s.codes.some((c) => {
    const code = c.trim().toLowerCase();
    return code === 'all' || code === '*' || codes.has(code);
  });
}

function appliesTo(s: SuppressionFact, line: number): boolean {
  // A `disable` made inside `#pragma warning(push)` ends at the matching `pop` (endLine).
  if (s.scope === 'file') return line >= s.line && (s.endLine === undefined || line < s.endLine);
  return s.line === line;
}

export function isSuppressed(
  suppressions: readonly SuppressionFact[] | undefined,
  rule: Rule,
  line: number,
): boolean {
  if (!suppressions || suppressions.length === 0) return false;
  const codes = suppressionCodes(rule);
  return suppressions.some((s) => appliesTo(s, line) && names(s, codes));
}
