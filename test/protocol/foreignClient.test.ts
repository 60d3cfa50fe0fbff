// The server as a client nobody here wrote drives it: a raw Content-Length JSON-RPC client over
// stdio (no LSP library) that breaks the lifecycle rules and sends malformed parameters, and
// in-process clients that answer the server's own requests with errors or never answer them.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  type MessageConnection,
  ResponseError,
} from 'vscode-jsonrpc/node';
import { pathToUri } from '../../server/src/util/uri';
import { connectInProcess, FULL_CAPABILITIES, Project, SAMPLE_DRIVER_C } from './harness';

const bundle = path.resolve(__dirname, '../../../dist/server.js');

const DRIVER_C = SAMPLE_DRIVER_C;
const CREATE_AT = { line: 4, character: 36 };

interface Message {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A JSON-RPC client written from the spec: Content-Length framing over the child's stdio. */
class RawClient {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Everything on stdout that is not a well-formed frame with a JSON body. */
  readonly garbage: string[] = [];
  /** Every message the server sent, in order. */
  readonly received: Message[] = [];
  stderr = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();

  constructor(dir: string) {
    this.child = spawn(process.execPath, [bundle, '--stdio'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stdin!.on('error', () => undefined);
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.stdout!.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.parse();
    });
  }

  private parse(): void {
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = /^Content-Length: (\d+)$/im.exec(header);
      const wellFormed = header
        .split('\r\n')
        .every((line) => /^Content-(Length|Type): \S.*$/i.test(line));
      if (!length || !wellFormed) this.garbage.push(header);
      if (!length) {
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const end = headerEnd + 4 + Number(length[1]);
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(headerEnd + 4, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      let message: Message;
      try {
        message = JSON.parse(body) as Message;
      } catch {
        this.garbage.push(body);
        continue;
      }
      if (message.jsonrpc !== '2.0') this.garbage.push(body);
      this.received.push(message);
      if (message.method !== undefined && message.id !== undefined) {
        // A request from the server: answer it the plain way, with null.
        this.send({ jsonrpc: '2.0', id: message.id, result: null });
      } else if (typeof message.id === 'number' && message.method === undefined) {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      }
    }
  }

  send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin!.write(body);
  }

  /** Sends a request; `params` undefined leaves the member out, as JSON-RPC allows. */
  request(method: string, params?: unknown, timeoutMs = 10_000): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.send(
        params === undefined
          ? { jsonrpc: '2.0', id, method }
          : { jsonrpc: '2.0', id, method, params },
      );
    });
  }

  notify(method: string, params?: unknown): void {
    this.send(
      params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params },
    );
  }

  async errorCode(method: string, params?: unknown): Promise<number | undefined> {
    return (await this.request(method, params)).error?.code;
  }
}

suite('protocol: a foreign client', function () {
  this.timeout(30_000);
  let dir: string;
  let clients: RawClient[] = [];
  const start = (): RawClient => {
    const c = new RawClient(dir);
    clients.push(c);
    return c;
  };

  setup(() => {
    assert.ok(fs.existsSync(bundle), 'dist/server.js exists (npm run build)');
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-foreign-')));
    fs.writeFileSync(path.join(dir, 'driver.c'), DRIVER_C);
  });
  teardown(() => {
    for (const c of clients) if (c.child.exitCode === null) c.child.kill();
    clients = [];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('stdio: lifecycle errors, malformed parameters, a FIFO named by a file event, clean stdout', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.c')]);
    const c = start();
    const rootUri = pathToUri(dir);
    const uri = pathToUri(path.join(dir, 'driver.c'));
    const hoverParams = { textDocument: { uri }, position: CREATE_AT };

    // Before initialize every request is ServerNotInitialized, known or not, and notifications
    // are dropped: this didOpen must neither open the document nor publish diagnostics.
    const openParams = { textDocument: { uri, languageId: 'c', version: 1, text: DRIVER_C } };
    c.notify('textDocument/didOpen', openParams);
    assert.equal(await c.errorCode('textDocument/hover', hoverParams), -32002);
    assert.equal(await c.errorCode('wdm/indexStatus'), -32002);
    assert.equal(await c.errorCode('custom/unknown', {}), -32002);

    // Null and malformed optional parts of initialize are read as absent.
    const init = await c.request('initialize', {
      processId: null,
      rootUri,
      capabilities: {
        workspace: { workspaceFolders: true, configuration: null },
        window: null,
        general: { positionEncodings: ['utf-8', 'utf-32'] },
      },
      workspaceFolders: [{ uri: rootUri, name: 'root' }, null, { uri: 5 }],
      initializationOptions: 'garbage',
    });
    assert.equal(init.error, undefined, JSON.stringify(init.error));
    assert.equal(
      (init.result as { capabilities: { hoverProvider: boolean } }).capabilities.hoverProvider,
      true,
    );
    // UTF-16 whatever the client offers, and said so.
    assert.equal(
      (init.result as { capabilities: { positionEncoding?: string } }).capabilities
        .positionEncoding,
      'utf-16',
    );
    assert.deepEqual(
      c.received.filter((m) => m.method !== undefined).map((m) => m.method),
      [],
      'nothing is sent before the initialize result',
    );
    assert.equal((await c.request('textDocument/hover', hoverParams)).result, null);
    assert.equal(
      await c.errorCode('initialize', { processId: null, rootUri, capabilities: {} }),
      -32600,
    );
    c.notify('initialized', {});

    // wdm/* requests need no params member.
    for (let ready = false; !ready;) {
      const status = await c.request('wdm/indexStatus');
      assert.equal(status.error, undefined, JSON.stringify(status.error));
      ready = (status.result as { state: string }).state === 'ready';
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const table = await c.request('wdm/dispatchTable');
    assert.equal((table.result as { drivers: unknown[] }).drivers.length, 1);

    c.notify('textDocument/didOpen', openParams);
    // A change whose text is not a string is dropped, not stored in the document.
    c.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, text: 5 },
      ],
    });
    const hover = await c.request('textDocument/hover', hoverParams);
    assert.match(JSON.stringify(hover.result), /IRP_MJ_CREATE/);

    // Parameters without the document or position the method needs: InvalidParams.
    for (const [method, params] of [
      ['textDocument/hover', {}],
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: { uri }, position: { line: '4', character: '36' } }],
      ['textDocument/definition', { textDocument: { uri } }],
      ['textDocument/codeAction', { textDocument: null }],
      ['textDocument/diagnostic', {}],
      ['textDocument/documentSymbol', undefined],
    ] as const) {
      assert.equal(
        await c.errorCode(method, params),
        -32602,
        `${method} ${JSON.stringify(params)}`,
      );
    }
    assert.equal(await c.errorCode('custom/unknown', {}), -32601);
    c.notify('custom/unknownNotification', {});

    // A watched-file event for a FIFO named like a source must not block the server on open().
    c.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToUri(path.join(dir, 'pipe.c')), type: 2 }, null, { uri: 7, type: 1 }],
    });
    assert.match(
      JSON.stringify((await c.request('textDocument/hover', hoverParams, 5000)).result),
      /IRP_MJ_CREATE/,
    );

    // After shutdown: InvalidRequest, shutdown included; exit then ends with code 0.
    const shutdown = await c.request('shutdown');
    assert.equal(shutdown.error, undefined);
    assert.equal(shutdown.result, null);
    assert.equal(await c.errorCode('textDocument/hover', hoverParams), -32600);
    assert.equal(await c.errorCode('shutdown'), -32600);
    c.notify('exit');
    assert.equal(await c.exited, 0);
    assert.deepEqual(c.garbage, [], 'stdout holds only protocol frames');
    assert.equal(c.stderr, '');
  });

  test('no transport argument: one line on stderr and exit 2, no stack trace', () => {
    const r = spawnSync(process.execPath, [bundle], {
      encoding: 'utf8',
      timeout: 10_000,
      input: '',
    });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^wdm-dispatch-lsp: .*\nusage: wdm-dispatch-lsp --stdio/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('stdio: a rootPath-only initialize (no rootUri, no workspaceFolders) indexes that folder', async () => {
    const c = start();
    const init = await c.request('initialize', {
      processId: null,
      rootPath: dir,
      rootUri: null,
      capabilities: {},
    });
    assert.equal(init.error, undefined);
    c.notify('initialized', {});
    let files = 0;
    for (let i = 0; i < 200 && files === 0; i++) {
      const status = (await c.request('wdm/indexStatus')).result as {
        state: string;
        files: number;
      };
      if (status.state === 'ready') files = status.files;
      if (files === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(files, 1);
  });

  test('stdio: exit without shutdown ends with code 1', async () => {
    const c = start();
    const init = await c.request('initialize', {
      processId: null,
      rootUri: null,
      capabilities: {},
    });
    assert.equal(init.error, undefined);
    c.notify('initialized', {});
    c.notify('exit');
    assert.equal(await c.exited, 1);
  });
});

suite('protocol: a client that fails the server requests', function () {
  this.timeout(30_000);
  let dir: string;
  let client: MessageConnection | undefined;

  setup(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-foreign-')));
    fs.writeFileSync(path.join(dir, 'driver.c'), DRIVER_C);
  });
  teardown(() => {
    client?.dispose();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the server in-process with a client answering each server request with `answer`. */
  async function startWith(
    answer: () => unknown,
    clientAnswerTimeoutMs = 200,
  ): Promise<MessageConnection> {
    const { client: c } = connectInProcess({ clientAnswerTimeoutMs });
    client = c;
    for (const method of [
      'workspace/configuration',
      'client/registerCapability',
      'window/workDoneProgress/create',
      'workspace/diagnostic/refresh',
      'workspace/codeLens/refresh',
    ]) {
      c.onRequest(method, answer);
    }
    c.listen();
    const rootUri = pathToUri(dir);
    await c.sendRequest('initialize', {
      processId: null,
      rootUri,
      capabilities: FULL_CAPABILITIES,
      workspaceFolders: [{ uri: rootUri, name: 'root' }],
    });
    await c.sendNotification('initialized', {});
    return c;
  }

  async function assertServes(c: MessageConnection): Promise<void> {
    for (let ready = false; !ready;) {
      ready = (await c.sendRequest<{ state: string }>('wdm/indexStatus', null)).state === 'ready';
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const uri = pathToUri(path.join(dir, 'driver.c'));
    await c.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'c', version: 1, text: DRIVER_C },
    });
    const hover = await c.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: CREATE_AT,
    });
    assert.match(JSON.stringify(hover), /IRP_MJ_CREATE/);
    const report = await c.sendRequest<{ kind: string }>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.equal(report.kind, 'full');
  }

  test('every server request answered with an error: the server indexes and answers', async () => {
    await assertServes(await startWith(() => new ResponseError(-32603, 'the client refuses')));
  });

  test('server requests never answered: defaults after a bounded wait, then the server answers', async () => {
    await assertServes(await startWith(() => new Promise(() => undefined)));
  });

  test('a request cancelled while it waits for the client answers RequestCancelled, not a result', async () => {
    // Every server request is answered after 300 ms: a hover on a new document waits that long
    // for its settings, and the cancellation arrives meanwhile.
    const slow = (): Promise<null> =>
      new Promise((resolve) => setTimeout(() => resolve(null), 300));
    const c = await startWith(slow, 10_000);
    const uri = pathToUri(path.join(dir, 'driver.c'));
    await c.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'c', version: 1, text: DRIVER_C },
    });
    const source = new CancellationTokenSource();
    const pending = c.sendRequest(
      'textDocument/diagnostic',
      { textDocument: { uri } },
      source.token,
    );
    setTimeout(() => source.cancel(), 50);
    await assert.rejects(pending, (e: unknown) => e instanceof ResponseError && e.code === -32800);
    // Not cancelled, the same request gets its report.
    const report = await c.sendRequest<{ kind: string }>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.equal(report.kind, 'full');
  });
});

suite('protocol: a plain-text client', function () {
  this.timeout(30_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  test('hover and completion documentation come as plain text when the client takes no Markdown', async () => {
    project = await Project.start({
      files: { 'driver.c': DRIVER_C },
      capabilities: {
        textDocument: {
          hover: { contentFormat: ['plaintext'] },
          completion: { completionItem: { documentationFormat: ['plaintext'] } },
        },
      },
    });
    await project.waitUntilIndexed();
    const uri = await project.open('driver.c');
    const hover = await project.request<{ contents: { kind: string; value: string } }>(
      'textDocument/hover',
      { textDocument: { uri }, position: CREATE_AT },
    );
    assert.equal(hover.contents.kind, 'plaintext');
    assert.match(hover.contents.value, /^IRP_MJ_CREATE 0x00\n/);
    assert.match(hover.contents.value, /handled by SampleCreate at driver\.c:8/);
    assert.doesNotMatch(hover.contents.value, /\*\*|`|\]\(/);
    const list = await project.request<{ items: { documentation?: unknown }[] }>(
      'textDocument/completion',
      { textDocument: { uri }, position: { line: 4, character: 32 } },
    );
    assert.ok(list.items.length > 0);
    for (const item of list.items) {
      assert.ok(item.documentation === undefined || typeof item.documentation === 'string');
    }
  });
});

suite('protocol: settings changed in a burst', function () {
  this.timeout(30_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  test('raising wdm.index.maxFiles clears the truncated status; a burst of changes warns once', async () => {
    project = await Project.start({
      files: { 'driver.c': DRIVER_C, 'other.c': 'int other;\n' },
      settings: { index: { maxFiles: 1 } },
    });
    const capped = await project.waitUntilIndexed();
    assert.equal(capped.truncated, true);
    await project.waitFor(() =>
      project!.messages.some((m) => m.includes('wdm.index.maxFiles')) ? true : undefined,
    );
    const warnings = (): number =>
      project!.messages.filter((m) => m.includes('wdm.index.maxFiles')).length;
    assert.equal(warnings(), 1);
    // The user flips the limit back and forth, then raises it: scans overtaken by a newer one
    // warn about nothing, and the limit already warned about is not warned again.
    for (let i = 0; i < 10; i++) {
      project.settings = { index: { maxFiles: i % 2 === 0 ? 0 : 1 } };
      await project.notify('workspace/didChangeConfiguration', { settings: null });
    }
    project.settings = { index: { maxFiles: 0 } };
    await project.notify('workspace/didChangeConfiguration', { settings: null });
    const full = await project.waitFor(async () => {
      const status = await project!.indexStatus();
      return status.state === 'ready' && status.files === 2 ? status : undefined;
    });
    assert.equal(full.truncated, false);
    assert.equal(warnings(), 1);
  });
});

suite('protocol: nested workspace folders', function () {
  this.timeout(30_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  test('removing a folder nested in another keeps its files, which are still in the workspace', async () => {
    project = await Project.start({
      files: { 'sub/driver.c': DRIVER_C, 'readme.c': 'int readme;\n' },
      folders: ['', 'sub'],
    });
    assert.equal((await project.waitUntilIndexed()).files, 2);
    await project.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: project.uri('sub'), name: 'sub' }] },
    });
    const status = await project.waitUntilIndexed();
    assert.equal(status.files, 2);
    assert.equal(status.drivers, 1);
    // Removing the outer folder too empties the index.
    await project.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: project.uri(''), name: 'root' }] },
    });
    await project.waitFor(async () =>
      (await project!.indexStatus()).files === 0 ? true : undefined,
    );
  });
});

suite('protocol: quick fixes for older clients', function () {
  this.timeout(30_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  const WHOLE_FILE = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };

  async function startWith(workspace: Record<string, unknown>, literals: boolean) {
    const p = await Project.start({
      files: { 'driver.c': DRIVER_C },
      capabilities: {
        workspace,
        textDocument: {
          diagnostic: {},
          ...(literals
            ? {
                codeAction: {
                  codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
                },
              }
            : {}),
        },
      },
    });
    project = p;
    await p.waitUntilIndexed();
    const uri = await p.open('driver.c');
    const diagnostics = await p.pullDiagnostics('driver.c');
    assert.ok(diagnostics.some((d) => d.code === 'create-without-close'));
    const actions = await p.request<Record<string, unknown>[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: WHOLE_FILE,
      context: { diagnostics },
    });
    return { p, uri, actions };
  }

  test('no CodeAction literals: fixes are commands the server applies, refused once the text changed', async () => {
    const { p, uri, actions } = await startWith(
      { applyEdit: true, workspaceEdit: { documentChanges: true } },
      false,
    );
    const commands = (
      p.initializeResult?.capabilities.executeCommandProvider as { commands: string[] }
    ).commands;
    assert.ok(commands.includes('wdm.server.applyFix'));
    assert.ok(actions.length > 0);
    for (const a of actions) {
      assert.equal(a.command, 'wdm.server.applyFix', 'a Command, not a CodeAction literal');
      assert.equal(a.kind, undefined);
    }
    const applied: unknown[] = [];
    p.client.onRequest('workspace/applyEdit', (params: { edit: unknown }) => {
      applied.push(params.edit);
      return { applied: true };
    });
    const fix = actions[0] as { command: string; arguments: unknown[] };
    const result = await p.request<{ applied: boolean }>('workspace/executeCommand', fix);
    assert.equal(result.applied, true);
    const edit = applied[0] as {
      documentChanges: { textDocument: { uri: string; version: number } }[];
    };
    assert.equal(edit.documentChanges[0].textDocument.uri, uri);
    assert.equal(edit.documentChanges[0].textDocument.version, 1);
    // The document moved on: the same command is refused (ContentModified), nothing applied.
    await p.change('driver.c', DRIVER_C + '\n');
    await assert.rejects(
      p.request('workspace/executeCommand', fix),
      (e: unknown) => e instanceof ResponseError && e.code === -32801,
    );
    assert.equal(applied.length, 1);
    await assert.rejects(
      p.request('workspace/executeCommand', { command: 'wdm.server.applyFix', arguments: [5] }),
      (e: unknown) => e instanceof ResponseError && e.code === -32602,
    );
  });

  test('CodeAction literals without documentChanges: the edit comes as plain changes', async () => {
    const { uri, actions } = await startWith({ applyEdit: true }, true);
    assert.ok(actions.length > 0);
    for (const a of actions) {
      const edit = a.edit as { changes?: Record<string, unknown[]>; documentChanges?: unknown };
      assert.equal(edit.documentChanges, undefined);
      assert.ok((edit.changes?.[uri] ?? []).length > 0);
    }
  });

  test('neither CodeAction literals nor applyEdit: no fixes rather than ones it cannot read', async () => {
    const { p, actions } = await startWith({}, false);
    assert.deepEqual(actions, []);
    const commands = (
      p.initializeResult?.capabilities.executeCommandProvider as { commands: string[] }
    ).commands;
    assert.ok(!commands.includes('wdm.server.applyFix'));
  });
});

suite('protocol: a disabled folder', function () {
  this.timeout(30_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  test('with wdm.enable off, watched-file events add nothing to the index', async () => {
    project = await Project.start({ files: { 'driver.c': DRIVER_C }, settings: { enable: false } });
    assert.equal((await project.waitUntilIndexed()).files, 0);
    fs.writeFileSync(path.join(project.root, 'new.c'), DRIVER_C);
    await project.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: project.uri('new.c'), type: 1 },
        { uri: project.uri('driver.c'), type: 2 },
      ],
    });
    assert.equal((await project.indexStatus()).files, 0);
  });
});
