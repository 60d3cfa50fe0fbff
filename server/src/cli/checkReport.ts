// `wdm-dispatch check` output: findings as text lines, as JSON, or as SARIF 2.1.0 for GitHub code
// scanning (rules with help links, results with relative artifact URIs and 1-based regions).
import { DOC_BASE } from '../features/diagnostics';
import { RULES, ruleById } from '../rules/index';
import type { Finding, Severity } from '../rules/ruleTypes';
import type { RelPathOf } from './indexReport';

type Level = 'error' | 'warning' | 'note' | 'none';

function severityOf(f: Finding): Exclude<Severity, 'off'> {
  const s = f.severity ?? ruleById(f.ruleId)?.defaultSeverity ?? 'warning';
  return s === 'off' ? 'warning' : s;
}

/** True when any finding is at error level (the CLI exits 1). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => severityOf(f) === 'error');
}

function sarifLevel(s: Severity): Level {
  if (s === 'error') return 'error';
  if (s === 'warning') return 'warning';
  if (s === 'off') return 'none';
  return 'note';
}

function helpUri(ruleId: string): string {
  return DOC_BASE + (ruleById(ruleId)?.docAnchor ?? ruleId);
}

/** `file:line:column: severity code: message`, then related locations indented, then a summary. */
export function formatFindingsText(
  findings: readonly Finding[],
  rel: RelPathOf,
  filesRead: number,
): string {
  const lines: string[] = [];
  for (const f of findings) {
    const at = `${rel(f.uri)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    lines.push(`${at}: ${severityOf(f)} ${f.ruleId}: ${f.message}`);
    for (const r of f.related) {
      lines.push(
        `    ${rel(r.uri)}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.message}`,
      );
    }
  }
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(severityOf(f), (counts.get(severityOf(f)) ?? 0) + 1);
  const parts = ['error', 'warning', 'information', 'hint']
    .filter((s) => counts.has(s))
    .map(
      (s) =>
        `${counts.get(s)} ${s}${s === 'error' || s === 'warning' ? (counts.get(s) === 1 ? '' : 's') : ''}`,
    );
  lines.push(
    findings.length === 0
      ? `${filesRead} files checked, no findings`
      : `${filesRead} files checked, ${parts.join(', ')}`,
  );
  return lines.join('\n') + '\n';
}

export interface FindingJson {
  code: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: { file: string; line: number; column: number; message: string }[];
  help: string;
}

/** `{ schema: 1, root, files, findings: [...] }` with 1-based lines and columns. */
export function buildFindingsJson(
  rootAsGiven: string,
  filesRead: number,
  findings: readonly Finding[],
  rel: RelPathOf,
): { schema: 1; root: string; files: number; findings: FindingJson[] } {
  return {
    schema: 1,
    root: rootAsGiven,
    files: filesRead,
    findings: findings.map((f) => ({
      code: f.ruleId,
      severity: severityOf(f),
      message: f.message,
      file: rel(f.uri),
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      related: f.related.map((r) => ({
        file: rel(r.uri),
        line: r.range.start.line + 1,
        column: r.range.start.character + 1,
        message: r.message,
      })),
      help: helpUri(f.ruleId),
    })),
  };
}

function encodeRel(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0: one run, tool `wdm-dispatch` with every rule (id = diagnostic code, help link),
 * results with level, message, a relative artifact location (base `%SRCROOT%`) and a 1-based region.
 */
export function buildSarif(findings: readonly Finding[], rel: RelPathOf, version: string): object {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const region = (range: Finding['range']): object => ({
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: Math.max(
      range.end.character + 1,
      range.end.line > range.start.line ? 1 : range.start.character + 2,
    ),
  });
  const location = (
    uri: string,
    range: Finding['range'],
    message?: string,
    id?: number,
  ): object => ({
    ...(id !== undefined ? { id } : {}),
    physicalLocation: {
      artifactLocation: { uri: encodeRel(rel(uri)), uriBaseId: '%SRCROOT%' },
      region: region(range),
    },
    ...(message !== undefined ? { message: { text: message } } : {}),
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wdm-dispatch',
            version,
            informationUri: 'https://github.com/wdm-dispatch/wdm-dispatch',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id
                .split('-')
                .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: r.title },
              helpUri: helpUri(r.id),
              help: { text: `${r.title}. See ${helpUri(r.id)}` },
              defaultConfiguration: { level: sarifLevel(r.defaultSeverity) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const result: Record<string, unknown> = {
            ruleId: f.ruleId,
            level: sarifLevel(severityOf(f)),
            message: { text: f.message },
            locations: [location(f.uri, f.range)],
          };
          const index = ruleIndex.get(f.ruleId);
          if (index !== undefined) result.ruleIndex = index;
          if (f.related.length > 0) {
            result.relatedLocations = f.related.map((r, i) =>
              location(r.uri, r.range, r.message, i + 1),
            );
          }
          return result;
        }),
      },
    ],
  };
}
