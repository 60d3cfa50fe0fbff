// In-process protocol harness: writes fixture files to a temp folder, starts the server on a pair
// of cross-wired Duplex streams, and drives it as an LSP client with explicit capabilities.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duplex } from 'node:stream';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  DocumentDiagnosticReport,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/server';
import { pathToUri } from '../../server/src/util/uri';
import type { IndexStatus } from '../../server/src/protocol';

/** A stream whose writes come out of its read side: two of them make a bidirectional pipe. */
class LoopbackStream extends Duplex {
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.emit('data', chunk);
    done();
  }
  override _read(): void {}
}

/** A one-file driver: DriverEntry registers a create routine declared with `_Dispatch_type_`. */
export const SAMPLE_DRIVER_C = `#include <wdm.h>
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH SampleCreate;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreate;
    return STATUS_SUCCESS;
}
NTSTATUS SampleCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`;

/**
 * Starts a server in this process behind a loopback pipe and returns the client side, not yet
 * listening. Message readers/writers rather than raw streams: for streams the library exits the
 * process when they close, which would end the test run.
 */
export function connectInProcess(options?: Parameters<typeof startServer>[1]): {
  client: MessageConnection;
  streams: Duplex[];
} {
  const up = new LoopbackStream();
  const down = new LoopbackStream();
  startServer(
    createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(up),
      new StreamMessageWriter(down),
    ),
    options,
  );
  const client = createMessageConnection(
    new StreamMessageReader(down),
    new StreamMessageWriter(up),
  );
  return { client, streams: [up, down] };
}

/** Capabilities of a modern client (VS Code): pull diagnostics, refresh, dynamic registration, progress. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
    },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
  window: { workDoneProgress: true },
};

/** A client like Neovim 0.7-0.9: no pull diagnostics, no configuration pull, no dynamic registration. */
export const MINIMAL_CAPABILITIES: ClientCapabilities = {
  textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
};

export interface ProjectOptions {
  /** Relative path -> file text. */
  files: Record<string, string>;
  capabilities?: ClientCapabilities;
  /** The `wdm` settings section answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Sent as `initializationOptions` (settings for clients without workspace/configuration). */
  initializationOptions?: unknown;
  /** Sub-folders to open as workspace folders (default: the temp folder itself). */
  folders?: string[];
}

export class Project {
  readonly published = new Map<string, Diagnostic[]>();
  readonly registrations: string[] = [];
  readonly messages: string[] = [];
  /** scopeUri of every workspace/configuration item the server asked for. */
  readonly configurationScopes: (string | undefined)[] = [];
  refreshRequests = 0;
  /** Titles and messages of the work-done progress the server reported. */
  readonly progress: string[] = [];
  settings: Record<string, unknown>;
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly root: string,
    readonly client: MessageConnection,
    private readonly streams: Duplex[],
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: ProjectOptions): Promise<Project> {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-protocol-')));
    for (const [rel, text] of Object.entries(options.files)) writeFile(root, rel, text);
    const { client, streams } = connectInProcess();
    const project = new Project(root, client, streams, options.settings ?? {});
    project.wire();
    client.listen();
    const capabilities = options.capabilities ?? FULL_CAPABILITIES;
    const folders = (options.folders ?? ['']).map((f) => ({
      uri: project.uri(f),
      name: f || 'root',
    }));
    const result: InitializeResult = await client.sendRequest('initialize', {
      processId: null,
      rootUri: folders[0].uri,
      capabilities,
      initializationOptions: options.initializationOptions,
      workspaceFolders: capabilities.workspace?.workspaceFolders ? folders : null,
    });
    project.initializeResult = result;
    await client.sendNotification('initialized', {});
    return project;
  }

  initializeResult: InitializeResult | undefined;

  private wire(): void {
    const c = this.client;
    c.onRequest(
      'workspace/configuration',
      (params: { items: { section?: string; scopeUri?: string }[] }) => {
        for (const item of params.items) this.configurationScopes.push(item.scopeUri);
        return params.items.map((item) => (item.section === 'wdm' ? this.settings : null));
      },
    );
    c.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      for (const r of params.registrations) this.registrations.push(r.method);
      return null;
    });
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshRequests++;
      return null;
    });
    c.onRequest('workspace/codeLens/refresh', () => null);
    c.onRequest('window/showMessageRequest', () => null);
    c.onNotification('window/showMessage', (p: { message: string }) => {
      this.messages.push(p.message);
    });
    // WDM_LOG=1 shows the server's log (handler failures are logged, not thrown) while debugging.
    c.onNotification('window/logMessage', (m: { message: string }) => {
      if (process.env.WDM_LOG) process.stderr.write(`[server] ${m.message}\n`);
    });
    c.onNotification(
      '$/progress',
      (p: { value: { kind: string; title?: string; message?: string } }) => {
        this.progress.push(`${p.value.kind} ${p.value.title ?? p.value.message ?? ''}`.trim());
      },
    );
    c.onNotification('wdm/indexStatusChanged', () => undefined);
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p.diagnostics);
    });
  }

  /** `file://` URI of a path relative to the project folder. */
  uri(rel: string): string {
    return pathToUri(rel ? path.join(this.root, rel) : this.root);
  }

  path(rel: string): string {
    return path.join(this.root, rel);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.client.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.client.sendNotification(method, params);
  }

  indexStatus(): Promise<IndexStatus> {
    return this.request<IndexStatus>('wdm/indexStatus', null);
  }

  /** Polls wdm/indexStatus until the background scan is done (no sleeping for a fixed time). */
  async waitUntilIndexed(timeoutMs = 20_000): Promise<IndexStatus> {
    return this.waitFor(async () => {
      const status = await this.indexStatus();
      return status.state === 'ready' ? status : undefined;
    }, timeoutMs);
  }

  /** Polls `probe` until it returns a value other than undefined. */
  async waitFor<T>(
    probe: () => Promise<T | undefined> | T | undefined,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async open(rel: string, text?: string): Promise<string> {
    const uri = this.uri(rel);
    const content = text ?? fs.readFileSync(this.path(rel), 'utf8');
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'c', version: 1, text: content },
    });
    return uri;
  }

  /** Replaces the whole text of an open document. */
  async change(rel: string, text: string): Promise<void> {
    const uri = this.uri(rel);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async close(rel: string): Promise<void> {
    await this.notify('textDocument/didClose', { textDocument: { uri: this.uri(rel) } });
  }

  write(rel: string, text: string): void {
    writeFile(this.root, rel, text);
  }

  async pullDiagnostics(rel: string): Promise<Diagnostic[]> {
    const report = await this.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri: this.uri(rel) },
    });
    assertFull(report);
    return report.items;
  }

  async hover(rel: string, position: Position): Promise<string | null> {
    const hover = await this.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: this.uri(rel) },
      position,
    });
    return hover ? hover.contents.value : null;
  }

  async dispose(): Promise<void> {
    try {
      await this.request('shutdown', null);
    } catch {
      // The server may already be gone; the temp folder is removed either way.
    }
    this.client.dispose();
    for (const s of this.streams) s.destroy();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function assertFull(
  report: DocumentDiagnosticReport,
): asserts report is DocumentDiagnosticReport & { kind: 'full' } {
  if (report.kind !== 'full') {
    throw new Error(`expected a full diagnostic report, got ${report.kind}`);
  }
}

function writeFile(root: string, rel: string, text: string): void {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

/** The position of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
