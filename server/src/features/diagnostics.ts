// Runs the rules over the workspace model: `collectFindings` for every driver (the CLI uses it)
// and `computeDiagnostics` for one document as LSP diagnostics, with suppressions applied and
// severities resolved from the settings.
import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Driver, HandlerInfo, WorkspaceModel } from '../index/modelTypes';
import { RULES, ruleById } from '../rules/index';
import { registeredAnywhere } from '../rules/ruleHelpers';
import { lastPart } from '../util/names';
import type { Finding, Rule, RuleSettings, Severity } from '../rules/ruleTypes';
import type { SuppressionFact } from '../syntax/factTypes';
import { isSuppressed } from './suppressions';

export const DOC_BASE = 'https://github.com/wdm-dispatch/wdm-dispatch#';

const SEVERITIES: readonly Severity[] = ['off', 'hint', 'information', 'warning', 'error'];

export function resolveSeverity(rule: Rule, settings?: RuleSettings): Severity {
  const configured = settings?.severities?.[rule.id];
  return configured !== undefined && SEVERITIES.includes(configured)
    ? configured
    : rule.defaultSeverity;
}

function suppressionsOf(model: WorkspaceModel, uri: string): readonly SuppressionFact[] {
  return model.factsOf(uri)?.suppressions ?? model.driverOf(uri)?.suppressions.get(uri) ?? [];
}

function suppressed(model: WorkspaceModel, rule: Rule, f: Finding): boolean {
  if (isSuppressed(suppressionsOf(model, f.uri), rule, f.range.start.line)) return true;
  return (f.alsoSuppressedAt ?? []).some((at) =>
    isSuppressed(suppressionsOf(model, at.uri), rule, at.line),
  );
}

function findingKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.uri}\u0000${f.range.start.line}:${f.range.start.character}\u0000${f.message}`;
}

/** Routines declared or defined in the driver's files that the driver itself does not register. */
const unregisteredAnywhere = new WeakMap<Driver, string[]>();

function unregisteredRoutines(driver: Driver, model: WorkspaceModel): string[] {
  let names = unregisteredAnywhere.get(driver);
  if (!names) {
    const set = new Set<string>();
    for (const uri of driver.files) {
      const facts = model.factsOf(uri);
      for (const d of facts?.declarations ?? []) if (!driver.handlers.has(d.name)) set.add(d.name);
      for (const fn of facts?.functions ?? []) if (!driver.handlers.has(fn.name)) set.add(fn.name);
    }
    names = [...set];
    unregisteredAnywhere.set(driver, names);
  }
  return names;
}

type Dependency = HandlerInfo | string | undefined;

/**
 * What a driver's findings read of other drivers, beyond the driver and its own files' facts:
 * (1) a handler the driver does not know is looked up in the other drivers (`findHandler`,
 * handler-not-found): for every such name the first driver knowing it (full and unqualified
 * name); (2) whether a routine of the driver's files that the driver does not register is
 * registered elsewhere (unregistered-dispatch-routine): the names that are. Same dependencies:
 * same findings.
 */
function dependencies(driver: Driver, model: WorkspaceModel): Dependency[] {
  const out: Dependency[] = [];
  const known = (info: HandlerInfo | undefined): boolean =>
    !!info && (info.definition !== null || info.declarations.length > 0);
  const firstKnown = (name: string): HandlerInfo | undefined => {
    for (const d of model.drivers) {
      const info = d.handlers.get(name);
      if (known(info)) return info;
    }
    return undefined;
  };
  // The number of entries of this part is fixed per Driver object, so the two parts never mix.
  for (const [name, info] of driver.handlers) {
    if (known(info)) continue;
    out.push(firstKnown(name));
    if (name.includes('::')) out.push(firstKnown(lastPart(name)));
  }
  const registered = registeredAnywhere(model);
  for (const name of unregisteredRoutines(driver, model)) if (registered.has(name)) out.push(name);
  return out;
}

interface DriverFindings {
  lookups: Dependency[];
  /** Rule id -> the rule's findings for the driver, before suppressions and severities. */
  byRule: Map<string, Finding[]>;
}

// Drivers taken over by the next model are the same objects (see buildWorkspaceModel): their
// findings are kept per Driver and checked again only when what they read of others changed.
const driverFindings = new WeakMap<Driver, DriverFindings>();

function findingsOf(
  rule: Rule,
  driver: Driver,
  model: WorkspaceModel,
  cache: DriverFindings,
): Finding[] {
  let findings = cache.byRule.get(rule.id);
  if (!findings) {
    try {
      findings = rule.check(driver, model);
    } catch {
      // One rule tripping over odd facts must not take the other diagnostics down.
      findings = [];
    }
    cache.byRule.set(rule.id, findings);
  }
  return findings;
}

function cacheFor(driver: Driver, model: WorkspaceModel): DriverFindings {
  const lookups = dependencies(driver, model);
  const hit = driverFindings.get(driver);
  if (
    hit &&
    hit.lookups.length === lookups.length &&
    hit.lookups.every((l, i) => l === lookups[i])
  ) {
    return hit;
  }
  const fresh: DriverFindings = { lookups, byRule: new Map() };
  driverFindings.set(driver, fresh);
  return fresh;
}

/** Every finding of every driver, suppressions applied, `severity` set; rules set to `off` are skipped. */
export function collectFindings(model: WorkspaceModel, settings?: RuleSettings): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const caches = model.drivers.map((d) => cacheFor(d, model));
  for (const rule of RULES) {
    const severity = resolveSeverity(rule, settings);
    if (severity === 'off') continue;
    model.drivers.forEach((driver, k) => {
      for (const f of findingsOf(rule, driver, model, caches[k])) {
        if (suppressed(model, rule, f)) continue;
        // Drivers that share a source file may report the same finding twice.
        const key = findingKey(f);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ...f, severity });
      }
    });
  }
  out.sort(
    (a, b) =>
      (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  return out;
}

const LSP_SEVERITY: Record<Exclude<Severity, 'off'>, DiagnosticSeverity> = {
  error: 1,
  warning: 2,
  information: 3,
  hint: 4,
};

export function findingToDiagnostic(f: Finding): Diagnostic {
  const rule = ruleById(f.ruleId);
  const severity =
    f.severity && f.severity !== 'off' ? f.severity : (rule?.defaultSeverity ?? 'warning');
  const diagnostic: Diagnostic = {
    range: f.range,
    severity: LSP_SEVERITY[severity === 'off' ? 'warning' : severity],
    code: f.ruleId,
    codeDescription: { href: DOC_BASE + (rule?.docAnchor ?? f.ruleId) },
    source: 'wdm',
    message: f.message,
    data: f.data,
  };
  if (f.related.length > 0) {
    diagnostic.relatedInformation = f.related.map((r) => ({
      location: { uri: r.uri, range: r.range },
      message: r.message,
    }));
  }
  return diagnostic;
}

/** The diagnostics of one document: findings of every driver that land in it. */
export function computeDiagnostics(
  model: WorkspaceModel,
  uri: string,
  settings: RuleSettings,
): Diagnostic[] {
  return cachedFindings(model, settings)
    .filter((f) => f.uri === uri)
    .map(findingToDiagnostic);
}

// A model is immutable once built and the server asks for every open document in turn: checking the
// workspace once per model and settings keeps pull diagnostics of many documents cheap.
const cache = new WeakMap<WorkspaceModel, { key: string; findings: Finding[] }>();

function cachedFindings(model: WorkspaceModel, settings: RuleSettings): Finding[] {
  const key = JSON.stringify(settings?.severities ?? {});
  const hit = cache.get(model);
  if (hit && hit.key === key) return hit.findings;
  const findings = collectFindings(model, settings);
  cache.set(model, { key, findings });
  return findings;
}

/**
 * The fix data of the finding a diagnostic stands for, for clients that drop `Diagnostic.data`:
 * found again by rule, document and start position.
 */
export function findingDataAt(
  model: WorkspaceModel,
  uri: string,
  code: string,
  start: { line: number; character: number },
): Finding['data'] | undefined {
  const everyRule: RuleSettings = {
    severities: Object.fromEntries(RULES.map((r) => [r.id, 'hint'])),
  };
  return cachedFindings(model, everyRule).find(
    (f) =>
      f.ruleId === code &&
      f.uri === uri &&
      f.range.start.line === start.line &&
      f.range.start.character === start.character,
  )?.data;
}
