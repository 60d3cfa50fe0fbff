// Keeps the WorkspaceIndex in step with the workspace for the server: background scans of the
// workspace folders (progress, maxFiles warning), watched-file events, added/removed folders and
// the index status the client and the tests ask for. Open documents are fed by server.ts.
import * as fs from 'node:fs';
import {
  DEFAULT_MAX_FILE_BYTES,
  resolveNewHandlers,
  scanFolders,
  type ScanReport,
} from './index/backgroundScan';
import { isProjectMarkerName } from './index/driverModel';
import { globTest } from './index/pathGlobs';
import { type ReadResult, readSourceText, type SourceFile } from './index/readSource';
import type { WorkspaceIndex } from './index/workspaceIndex';
import type { IndexStatus } from './protocol';
import type { Settings } from './settings';
import type { Logger } from './util/logger';
import { normalizeUri, uriToPath } from './util/uri';

/** What the controller needs from the connection; server.ts passes the real thing, tests a fake. */
export interface IndexingHost {
  settingsFor(uri: string): Promise<Settings>;
  /** Starts a progress report; returns callbacks (no-ops when the client has no work-done progress). */
  beginProgress(title: string): Promise<ProgressHandle>;
  showWarning(message: string): void;
  /** Called when a scan starts or ends, so the server can tell the client and refresh diagnostics. */
  stateChanged(): void;
  logger: Logger;
}

export interface ProgressHandle {
  report(message: string, percentage?: number): void;
  done(): void;
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';

/**
 * readSourceText for a file named by the client (a watched-file event, a quick fix's other file):
 * only regular files are opened, since opening a FIFO or a device named `x.c` blocks the whole
 * process until a writer appears (the scanner's walk already skips them).
 */
export function readRegularSourceText(file: SourceFile, maxBytes: number): ReadResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file.fsPath);
  } catch {
    // Gone or unreadable: readSourceText fails at once and reports the error code.
    return readSourceText(file, maxBytes);
  }
  if (!stat.isFile()) {
    return {
      ok: false,
      kind: 'skipped',
      issue: { relPath: file.relPath, code: 'not-a-file', message: 'not a regular file' },
    };
  }
  return readSourceText(file, maxBytes);
}

export class IndexingController {
  private readonly folders = new Map<string, AbortController>();
  private running = 0;
  /**
   * Folders whose last complete scan stopped at wdm.index.maxFiles, with that limit: the status
   * is truncated while any is, and the user is warned once per folder and limit, not per rescan.
   */
  private readonly cappedAt = new Map<string, number>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly host: IndexingHost,
  ) {}

  private lastDrivers = 0;

  /** True while a background scan runs. */
  get busy(): boolean {
    return this.running > 0;
  }

  get status(): IndexStatus {
    // While scanning, the model changes with every file: report the last count instead of
    // rebuilding the model for a status line.
    if (this.running === 0) this.lastDrivers = this.index.model.drivers.length;
    return {
      state: this.running > 0 ? 'indexing' : 'ready',
      files: this.index.size,
      drivers: this.lastDrivers,
      truncated: this.cappedAt.size > 0,
    };
  }

  /** Resolves when no scan runs (tests and the CLI-like callers). */
  whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  folderUris(): string[] {
    return [...this.folders.keys()];
  }

  /** Adds workspace folders and scans them in the background (never awaited by initialize). */
  async addFolders(uris: readonly string[]): Promise<void> {
    const added = uris
      .map((u) => normalizeUri(u).replace(/\/+$/, ''))
      .filter((u) => !this.folders.has(u));
    if (added.length === 0) return;
    for (const uri of added) this.folders.set(uri, new AbortController());
    this.index.setRoots([...this.folders.keys()]);
    await Promise.all(added.map((uri) => this.scanFolder(uri)));
  }

  /** Removes workspace folders: their scans stop and their files leave the index. */
  removeFolders(uris: readonly string[]): void {
    const removed = uris.map((u) => normalizeUri(u).replace(/\/+$/, ''));
    for (const uri of removed) {
      this.cappedAt.delete(uri);
      this.folders.get(uri)?.abort();
      this.folders.delete(uri);
    }
    const remaining = [...this.folders.keys()];
    const gone = [...this.index.files()]
      .map((f) => f.uri)
      .filter(
        (f) =>
          removed.some((root) => f.startsWith(root + '/')) &&
          // A folder nested in one that stays: its files are still in the workspace.
          !remaining.some((root) => f.startsWith(root + '/')) &&
          !this.index.isOpen(f),
      );
    this.index.batch(() => {
      for (const uri of gone) this.index.remove(uri);
      this.index.setRoots([...this.folders.keys()]);
    });
  }

  /** Settings that change what is scanned were edited: scan every folder again. */
  async rescanAll(): Promise<void> {
    const uris = [...this.folders.keys()];
    // The folders stay: so does what their last scans found about the file limit.
    const capped = [...this.cappedAt];
    this.removeFolders(uris);
    for (const [uri, limit] of capped) this.cappedAt.set(uri, limit);
    await this.addFolders(uris);
  }

  /**
   * Handler names that appeared after the scan (a registration typed in the editor) may be defined
   * in files the prefilter passed over: read those candidates again. Resolves with the count.
   */
  async resolveNewHandlers(): Promise<number> {
    if (this.running > 0) return 0;
    try {
      return await resolveNewHandlers(this.index);
    } catch (err) {
      this.host.logger.error('Looking up new handler definitions failed', err);
      return 0;
    }
  }

  /** Stops every scan (shutdown). */
  dispose(): void {
    for (const controller of this.folders.values()) controller.abort();
  }

  private async scanFolder(folderUri: string): Promise<void> {
    const controller = this.folders.get(folderUri);
    const fsPath = uriToPath(folderUri);
    if (!controller || fsPath === undefined) return;
    this.running++;
    if (this.running === 1) this.host.stateChanged();
    const progress = await this.host.beginProgress('Indexing driver sources');
    try {
      const settings = await this.host.settingsFor(folderUri);
      if (!settings.enable) {
        this.cappedAt.delete(folderUri);
        return;
      }
      let lastReport = 0;
      // One change event per scan: the model is rebuilt once, not once per file.
      const scan = scanFolders([{ fsPath, uri: folderUri }], this.index, {
        include: settings.index.include,
        exclude: settings.index.exclude,
        maxFiles: settings.index.maxFiles,
        signal: controller.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastReport < 100 && p.done !== p.total) return;
          lastReport = now;
          if (p.phase === 'walk') progress.report(`${p.done} files found`);
          else if (p.phase === 'read') {
            progress.report(`${p.done}/${p.total}`, p.total > 0 ? (p.done * 100) / p.total : 0);
          } else progress.report(`definitions ${p.done}/${p.total}`, 100);
        },
      });
      const report: ScanReport = await scan;
      // A scan stopped by a newer one (settings changed again, folder removed) says nothing.
      if (controller.signal.aborted) return;
      const warned = this.cappedAt.get(folderUri) === settings.index.maxFiles;
      if (!report.capped) this.cappedAt.delete(folderUri);
      else this.cappedAt.set(folderUri, settings.index.maxFiles);
      if (report.capped && !warned) {
        this.host.showWarning(
          `WDM: indexed only the first ${settings.index.maxFiles} C/C++ files of ${folderUri}; ` +
            'raise "wdm.index.maxFiles" (0 means no limit) or narrow "wdm.index.include" to index the rest.',
        );
      }
      // A capped walk stopped counting at the cap: the folder holds more than filesFound.
      const found = report.capped
        ? `the first ${report.filesFound} (wdm.index.maxFiles)`
        : `${report.filesFound}`;
      this.host.logger.info(
        `Indexed ${report.filesRead} of ${found} files in ${folderUri} ` +
          `(${Math.round(report.durationMs)} ms, ${report.errors.length} unreadable, ${report.skipped.length} skipped).`,
      );
      for (const e of report.errors.slice(0, 20)) {
        this.host.logger.debug(`cannot read ${e.relPath}: ${e.code} ${e.message}`);
      }
    } catch (err) {
      this.host.logger.error(`Indexing ${folderUri} failed`, err);
    } finally {
      progress.done();
      this.running--;
      if (this.running === 0) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        this.host.stateChanged();
      }
    }
  }

  /**
   * A batch of watched-file events (one didChangeWatchedFiles notification, possibly thousands
   * after a branch switch): the index fires one change event at the end, so the model is rebuilt
   * and the client refreshed once, not once per file.
   */
  async filesChanged(changes: readonly { uri: string; kind: FileChangeKind }[]): Promise<void> {
    this.index.beginBatch();
    try {
      for (const change of changes) {
        try {
          await this.fileChanged(change.uri, change.kind);
        } catch (err) {
          this.host.logger.error(`Updating ${change.uri} failed`, err);
        }
      }
    } finally {
      this.index.endBatch();
    }
  }

  private readonly matchers = new WeakMap<Settings, (relPath: string) => boolean>();

  /** include minus exclude of a folder's settings, compiled once per settings object. */
  private indexedBy(settings: Settings): (relPath: string) => boolean {
    let matcher = this.matchers.get(settings);
    if (!matcher) {
      // An event can name a file under an excluded folder: every exclude glob is tested.
      const include = globTest(settings.index.include);
      const exclude = globTest(settings.index.exclude);
      matcher = (relPath) => include(relPath) && !exclude(relPath);
      this.matchers.set(settings, matcher);
    }
    return matcher;
  }

  /** A watched file was created, changed or deleted on disk. */
  async fileChanged(uri: string, kind: FileChangeKind): Promise<void> {
    const normalized = normalizeUri(uri);
    const folder = this.folderOf(normalized);
    if (!folder) return;
    const name = decodeURIComponent(normalized.slice(normalized.lastIndexOf('/') + 1));
    if (kind === 'deleted') {
      // A deleted folder arrives as one event: drop everything under it as well.
      const under = [...this.index.files()]
        .map((f) => f.uri)
        .filter((f) => f.startsWith(normalized + '/'));
      this.index.batch(() => {
        this.index.remove(normalized);
        for (const f of under) this.index.remove(f);
      });
      return;
    }
    if (isProjectMarkerName(name)) {
      this.index.addMarker(normalized);
      return;
    }
    // The folder's settings, as the scan uses: one workspace/configuration round trip per folder,
    // not one per file of a burst of thousands.
    const settings = await this.host.settingsFor(folder);
    const relPath = this.index.relPathOf(normalized);
    // A folder with wdm.enable off is not scanned: its file events add nothing either.
    if (!settings.enable || !this.indexedBy(settings)(relPath)) return;
    const fsPath = uriToPath(normalized);
    const read =
      fsPath === undefined
        ? undefined
        : readRegularSourceText({ fsPath, relPath, uri: normalized }, DEFAULT_MAX_FILE_BYTES);
    // Gone again, unreadable, binary or huge: it leaves the index, as the scanner would skip it.
    if (!read?.ok) this.index.remove(normalized);
    else this.index.update(normalized, read.text);
  }

  private folderOf(uri: string): string | undefined {
    let best: string | undefined;
    for (const root of this.folders.keys()) {
      if (uri.startsWith(root + '/') && (!best || root.length > best.length)) best = root;
    }
    return best;
  }
}
