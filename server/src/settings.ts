// The `wdm.*` settings: their schema (mirrored by package.json, a manifest test keeps both equal),
// defaults, and normalize(), which turns whatever a client sends into a complete, valid Settings.
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from './index/backgroundScan';

/** Severity a user can give a diagnostic rule; `off` silences it. */
export type SeverityLevel = 'off' | 'hint' | 'information' | 'warning' | 'error';
export const SEVERITY_LEVELS: readonly SeverityLevel[] = [
  'off',
  'hint',
  'information',
  'warning',
  'error',
];

export type TraceLevel = 'off' | 'messages' | 'verbose';
export const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

export interface Settings {
  enable: boolean;
  hover: { enable: boolean };
  codeLens: { enable: boolean };
  diagnostics: {
    enable: boolean;
    /** Rule code -> severity; rules not listed keep their default severity. */
    severity: Record<string, SeverityLevel>;
  };
  index: { include: string[]; exclude: string[]; maxFiles: number };
  trace: { server: TraceLevel };
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  hover: { enable: true },
  codeLens: { enable: true },
  diagnostics: { enable: true, severity: {} },
  index: {
    // The scanner's defaults: C/C++ sources and headers; VCS, editor and build-output folders skipped.
    include: [...DEFAULT_INCLUDE],
    exclude: [...DEFAULT_EXCLUDE],
    // Large enough for the whole Windows-driver-samples tree (about 2,300 files), small enough to
    // keep a mistakenly opened home folder from eating memory.
    maxFiles: 20000,
  },
  trace: { server: 'off' },
};

/** One setting as package.json declares it; the manifest test compares the two. */
export interface SettingSchema {
  key: string;
  type: 'boolean' | 'integer' | 'string' | 'array' | 'object';
  default: unknown;
  enum?: readonly string[];
  scope: 'resource' | 'window';
  minimum?: number;
}

/** Every `wdm.*` setting with its default; package.json must declare exactly these. */
export const SETTINGS_SCHEMA: readonly SettingSchema[] = [
  { key: 'wdm.enable', type: 'boolean', default: DEFAULT_SETTINGS.enable, scope: 'resource' },
  {
    key: 'wdm.hover.enable',
    type: 'boolean',
    default: DEFAULT_SETTINGS.hover.enable,
    scope: 'resource',
  },
  {
    key: 'wdm.codeLens.enable',
    type: 'boolean',
    default: DEFAULT_SETTINGS.codeLens.enable,
    scope: 'resource',
  },
  {
    key: 'wdm.diagnostics.enable',
    type: 'boolean',
    default: DEFAULT_SETTINGS.diagnostics.enable,
    scope: 'resource',
  },
  {
    key: 'wdm.diagnostics.severity',
    type: 'object',
    default: DEFAULT_SETTINGS.diagnostics.severity,
    scope: 'resource',
  },
  {
    key: 'wdm.index.include',
    type: 'array',
    default: DEFAULT_SETTINGS.index.include,
    scope: 'resource',
  },
  {
    key: 'wdm.index.exclude',
    type: 'array',
    default: DEFAULT_SETTINGS.index.exclude,
    scope: 'resource',
  },
  {
    key: 'wdm.index.maxFiles',
    type: 'integer',
    default: DEFAULT_SETTINGS.index.maxFiles,
    scope: 'resource',
    minimum: 0,
  },
  {
    key: 'wdm.trace.server',
    type: 'string',
    default: DEFAULT_SETTINGS.trace.server,
    enum: TRACE_LEVELS,
    scope: 'window',
  },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function stringList(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) return [...fallback];
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

function severityMap(value: unknown): Record<string, SeverityLevel> {
  const out: Record<string, SeverityLevel> = {};
  if (!isRecord(value)) return out;
  for (const [code, level] of Object.entries(value)) {
    // Accept the spellings VS Code users know from other linters ("info", "warn").
    const text = typeof level === 'string' ? level.trim().toLowerCase() : '';
    const alias: Record<string, SeverityLevel> = { info: 'information', warn: 'warning' };
    const normalized = alias[text] ?? text;
    if ((SEVERITY_LEVELS as readonly string[]).includes(normalized)) {
      out[code] = normalized as SeverityLevel;
    }
  }
  return out;
}

function maxFiles(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    return DEFAULT_SETTINGS.index.maxFiles;
  }
  return Math.floor(n);
}

/**
 * Turns the raw `wdm` section a client sends (anything: null, wrong types, dotted keys as some
 * clients send them) into complete Settings; a malformed value falls back to its default.
 */
export function normalizeSettings(raw: unknown): Settings {
  const section = isRecord(raw) ? expandDottedKeys(raw) : {};
  const part = (name: string): Record<string, unknown> =>
    isRecord(section[name]) ? section[name] : {};
  const hover = part('hover');
  const codeLens = part('codeLens');
  const diagnostics = part('diagnostics');
  const index = part('index');
  const trace = part('trace');
  const traceServer = trace.server;
  return {
    enable: bool(section.enable, DEFAULT_SETTINGS.enable),
    hover: { enable: bool(hover.enable, DEFAULT_SETTINGS.hover.enable) },
    codeLens: { enable: bool(codeLens.enable, DEFAULT_SETTINGS.codeLens.enable) },
    diagnostics: {
      enable: bool(diagnostics.enable, DEFAULT_SETTINGS.diagnostics.enable),
      severity: severityMap(diagnostics.severity),
    },
    index: {
      include: stringList(index.include, DEFAULT_SETTINGS.index.include),
      exclude: stringList(index.exclude, DEFAULT_SETTINGS.index.exclude),
      maxFiles: maxFiles(index.maxFiles),
    },
    trace: {
      server: (TRACE_LEVELS as readonly unknown[]).includes(traceServer)
        ? (traceServer as TraceLevel)
        : DEFAULT_SETTINGS.trace.server,
    },
  };
}

/**
 * Some clients send `{ "hover.enable": false }` instead of `{ hover: { enable: false } }`
 * (flat JSON settings files): nest such keys so both shapes read the same.
 */
function expandDottedKeys(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = key.replace(/^wdm\./, '').split('.');
    let node = out;
    for (const segment of path.slice(0, -1)) {
      if (!isRecord(node[segment])) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    node[last] =
      isRecord(value) && isRecord(node[last])
        ? { ...(node[last] as object), ...value }
        : isRecord(value) && last !== 'severity'
          ? expandDottedKeys(value)
          : value;
  }
  return out;
}

/**
 * Per-resource settings cache: the server asks the client once per document URI (scopeUri) and
 * keeps the answer until the client says the configuration changed.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();

  constructor(private readonly fetch: (scopeUri: string) => Promise<unknown>) {}

  get(scopeUri: string): Promise<Settings> {
    let pending = this.cache.get(scopeUri);
    if (!pending) {
      pending = this.fetch(scopeUri).then(normalizeSettings, () => normalizeSettings(undefined));
      this.cache.set(scopeUri, pending);
    }
    return pending;
  }

  /** Forget every cached answer (workspace/didChangeConfiguration). */
  clear(): void {
    this.cache.clear();
  }

  delete(scopeUri: string): void {
    this.cache.delete(scopeUri);
  }
}
