// The in-memory workspace index: uri -> facts (disk text and open-document text kept apart, the
// open document wins), project markers, and a driver model rebuilt lazily when facts change.
// It does no I/O: the scanner and the server feed it texts or ready facts.
import {
  emptyFacts,
  extractDefinitions,
  extractFacts,
  mayContainFacts,
} from '../syntax/dispatchFacts';
import type { FileFacts } from '../syntax/factTypes';
import { mentionedNames } from './nameMatch';
import { buildWorkspaceModel, isProjectMarkerName, type ProjectMarkerInput } from './driverModel';
import type { WorkspaceModel } from './modelTypes';
import { lastPart } from '../util/names';

/** What the index holds for one document. */
export interface IndexedFile {
  uri: string;
  relPath: string;
  /** LSP version for open documents; a counter bumped on every disk update otherwise. */
  version: number;
  facts: FileFacts;
}

/** Fired after the index changed; `modelChanged` is false when new text produced the same facts. */
export interface IndexChangeEvent {
  uris: string[];
  modelChanged: boolean;
}

type Listener = (event: IndexChangeEvent) => void;

/**
 * Facts with the prefilter: full facts for files that may hold dispatch facts; for the others only
 * the definitions of `handlerNames` they mention (the second, name-driven pass).
 */
export function factsForText(text: string, handlerNames: ReadonlySet<string>): FileFacts {
  if (mayContainFacts(text)) return extractFacts(text);
  const facts = emptyFacts();
  const wanted = mentionedNames(text, handlerNames);
  if (wanted.size > 0) facts.functions = extractDefinitions(text, wanted);
  return facts;
}

/**
 * Deep equality of plain fact data (arrays, objects, primitives), stopping at the first
 * difference and allocating nothing: what `JSON.stringify(a) === JSON.stringify(b)` says for
 * facts, without serialising both.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    count++;
    if (!sameData(ra[k], rb[k])) return false;
  }
  for (const k in rb) if (rb[k] !== undefined) count--;
  return count === 0;
}

function baseName(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return decodeSegment(uri.slice(slash + 1));
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class WorkspaceIndex {
  private roots: string[] = [];
  private readonly disk = new Map<string, IndexedFile>();
  private readonly open = new Map<string, IndexedFile>();
  private readonly markers = new Map<string, ProjectMarkerInput>();
  /** `markers` as one array until a marker comes or goes (the model builder memoizes on it). */
  private markerList: ProjectMarkerInput[] | undefined;
  private cached: WorkspaceModel | undefined;
  private lastModel: WorkspaceModel | undefined;
  private names: Set<string> | undefined;
  private diskCounter = 0;
  private readonly listeners = new Set<Listener>();
  private batchDepth = 0;
  private readonly candidates = new Map<string, string>();
  private readonly resolvedNames = new Set<string>();
  private pending: IndexChangeEvent | undefined;
  /** Open-document texts not parsed yet (see setOpenDeferred), in arrival order. */
  private readonly deferred = new Map<string, { text: string; version: number }>();

  constructor(rootUris: readonly string[] = []) {
    this.setRoots(rootUris);
  }

  /** Workspace folders: relative paths and driver roots are computed against them. */
  setRoots(rootUris: readonly string[]): void {
    this.roots = rootUris.map((r) => (r.endsWith('/') ? r.slice(0, -1) : r));
    this.invalidate([]);
  }

  get rootUris(): readonly string[] {
    return this.roots;
  }

  /** Path of `uri` relative to the workspace folder holding it (its base name when outside all). */
  relPathOf(uri: string): string {
    let best = '';
    for (const r of this.roots) if (uri.startsWith(r + '/') && r.length > best.length) best = r;
    if (!best) return baseName(uri);
    return uri
      .slice(best.length + 1)
      .split('/')
      .map(decodeSegment)
      .join('/');
  }

  /** New disk text of a file (scanner, watched-file change). Ignored for the model while the file is open. */
  update(uri: string, text: string): void {
    this.setFacts(uri, factsForText(text, this.handlerNames()));
  }

  /** Ready facts for a file on disk (the scanner computes them with the prefilter). */
  setFacts(uri: string, facts: FileFacts, relPath = this.relPathOf(uri)): void {
    const previous = this.disk.get(uri)?.facts;
    if (previous && sameData(previous, facts)) facts = previous;
    const entry: IndexedFile = { uri, relPath, version: ++this.diskCounter, facts };
    this.disk.set(uri, entry);
    if (!this.open.has(uri)) this.changed(uri, facts, previous, previous !== undefined);
  }

  /** Registers a project marker file (`sources`, `*.vcxproj`, ...) seen on disk. */
  addMarker(uri: string, relPath = this.relPathOf(uri)): void {
    if (this.markers.has(uri)) return;
    this.markers.set(uri, { uri, relPath });
    this.markerList = undefined;
    this.invalidate([uri]);
  }

  /**
   * Records a file the prefilter passed over that may still define dispatch routines (it mentions
   * IRPs), with its path on disk, so definitions of handlers registered later can be found.
   */
  addDefinitionCandidate(uri: string, fsPath: string): void {
    this.candidates.set(uri, fsPath);
  }

  /** Candidate files for the name-driven definition pass: uri -> path on disk. */
  definitionCandidates(): ReadonlyMap<string, string> {
    return this.candidates;
  }

  /** These handler names were looked for in every candidate file. */
  markNamesResolved(names: Iterable<string>): void {
    for (const n of names) this.resolvedNames.add(n);
  }

  /** Handler names registered since the last definition pass (typed in the editor, say). */
  unresolvedHandlerNames(): Set<string> {
    const out = new Set<string>();
    for (const n of this.handlerNames()) if (!this.resolvedNames.has(n)) out.add(n);
    return out;
  }

  /** The file is gone from disk (deleted, excluded). */
  remove(uri: string): void {
    this.candidates.delete(uri);
    const wasMarker = this.markers.delete(uri);
    if (wasMarker) this.markerList = undefined;
    const had = this.disk.delete(uri);
    if (!this.open.has(uri) && (had || wasMarker)) this.invalidate([uri]);
  }

  /** An editor opened or changed the document: its text wins over the disk until it is closed. */
  setOpen(uri: string, text: string, version = 0): void {
    this.deferred.delete(uri);
    const previous = this.get(uri)?.facts;
    let facts = extractFacts(text, { editorText: true });
    // Equal facts keep the old object: the model and per-driver caches see nothing changed.
    if (previous && sameData(previous, facts)) facts = previous;
    this.open.set(uri, { uri, relPath: this.relPathOf(uri), version, facts });
    this.changed(uri, facts, previous, previous !== undefined);
  }

  /**
   * Like setOpen, but the text is parsed only when something reads the index (or flushDeferred
   * runs): typing in a big document then costs one parse per read, not one per keystroke. Every
   * reader sees the latest text; the change event fires when the text is parsed.
   */
  setOpenDeferred(uri: string, text: string, version = 0): void {
    this.deferred.delete(uri);
    this.deferred.set(uri, { text, version });
  }

  /** Parses the deferred open-document texts now. */
  flushDeferred(): void {
    if (this.deferred.size === 0) return;
    const texts = [...this.deferred];
    this.deferred.clear();
    this.batch(() => {
      for (const [uri, d] of texts) this.setOpen(uri, d.text, d.version);
    });
  }

  /** The editor closed the document: the disk facts (if any) apply again. */
  close(uri: string): void {
    // A text never parsed never reached the model: dropping it is all closing it means for it.
    this.deferred.delete(uri);
    const previous = this.open.get(uri)?.facts;
    if (!this.open.delete(uri)) return;
    const disk = this.disk.get(uri);
    if (disk) this.changed(uri, disk.facts, previous);
    else this.invalidate([uri]);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri) || this.deferred.has(uri);
  }

  /** The entry the model uses for `uri` (open document first). */
  get(uri: string): IndexedFile | undefined {
    this.flushDeferred();
    return this.open.get(uri) ?? this.disk.get(uri);
  }

  factsOf(uri: string): FileFacts | undefined {
    return this.get(uri)?.facts;
  }

  /** Every indexed document (open documents included, once). */
  *files(): IterableIterator<IndexedFile> {
    this.flushDeferred();
    for (const f of this.open.values()) yield f;
    for (const [uri, f] of this.disk) if (!this.open.has(uri)) yield f;
  }

  get size(): number {
    this.flushDeferred();
    let n = this.open.size;
    for (const uri of this.disk.keys()) if (!this.open.has(uri)) n++;
    return n;
  }

  /** The driver model, rebuilt only after facts changed. */
  get model(): WorkspaceModel {
    this.flushDeferred();
    if (!this.cached) {
      // Drivers whose files did not change are taken over from the last model as the same objects.
      this.cached = buildWorkspaceModel(this.files(), this.roots, {
        projectMarkers: (this.markerList ??= [...this.markers.values()]),
        previous: this.lastModel,
      });
      this.lastModel = this.cached;
    }
    return this.cached;
  }

  /** Every handler name registered anywhere (drives the second, name-driven definition pass). */
  handlerNames(): Set<string> {
    this.flushDeferred();
    if (!this.names) {
      const names = new Set<string>();
      for (const f of this.files()) {
        for (const r of f.facts.registrations) {
          names.add(r.handler).add(lastPart(r.handler));
        }
        for (const m of f.facts.memberAssignments) names.add(m.handler);
      }
      this.names = names;
    }
    return this.names;
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Calls many updates and fires one change event at the end. */
  batch(run: () => void): void {
    this.beginBatch();
    try {
      run();
    } finally {
      this.endBatch();
    }
  }

  /**
   * Holds change events back until the matching endBatch (nestable; async-safe, which `batch` is
   * not): the scanner wraps a whole scan so listeners see one event.
   */
  beginBatch(): void {
    this.batchDepth++;
  }

  endBatch(): void {
    if (this.batchDepth === 0) return;
    this.batchDepth--;
    if (this.batchDepth > 0 || !this.pending) return;
    const event = this.pending;
    this.pending = undefined;
    this.emit(event);
  }

  /**
   * `previous` are the facts the model used before; equal facts leave the model as it is.
   * `compared`: the caller already replaced equal facts by `previous`.
   */
  private changed(
    uri: string,
    facts: FileFacts,
    previous: FileFacts | undefined,
    compared = false,
  ): void {
    // Compared only for a file already known (an edit), never during the cold scan.
    if (previous && (previous === facts || (!compared && sameData(previous, facts)))) {
      this.emit({ uris: [uri], modelChanged: false });
      return;
    }
    this.invalidate([uri]);
  }

  private invalidate(uris: string[]): void {
    this.cached = undefined;
    this.names = undefined;
    this.emit({ uris, modelChanged: true });
  }

  private emit(event: IndexChangeEvent): void {
    if (this.batchDepth > 0) {
      if (!this.pending) this.pending = { uris: [], modelChanged: false };
      for (const uri of event.uris) this.pending.uris.push(uri);
      this.pending.modelChanged ||= event.modelChanged;
      return;
    }
    for (const l of [...this.listeners]) l(event);
  }
}

export { emptyFacts, isProjectMarkerName, mentionedNames };
