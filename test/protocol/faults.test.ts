// Faults while editing, against the in-process server: requests for unknown documents, positions
// past the end, malformed parameters, unknown methods, cancelled requests, out-of-order document
// events, malformed settings; quick-fix edits carry the version of the text they were made for.
// After each fault the server must still answer a hover correctly.
import * as assert from 'node:assert/strict';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { Project, positionOf } from './harness';
import { DRIVER_C, FILES, codes } from './faultsSupport';

const READ_AT = positionOf(DRIVER_C, 'IRP_MJ_READ]', 3);

/** The server is alive and still right: a hover on IRP_MJ_READ names its value. */
async function assertAlive(project: Project): Promise<void> {
  await project.open('drv/driver.c', DRIVER_C).catch(() => undefined);
  assert.match((await project.hover('drv/driver.c', READ_AT)) ?? '', /0x03/);
}

/** Resolves with the result, or with the error code when the server answered with an error. */
async function outcome(promise: Promise<unknown>): Promise<{ result?: unknown; code?: number }> {
  try {
    return { result: await promise };
  } catch (error) {
    if (error instanceof ResponseError) return { code: error.code };
    throw error;
  }
}

suite('protocol: faults while editing', function () {
  this.timeout(30_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  test('every request on an unknown document answers empty', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const textDocument = { uri: project.uri('drv/not-there.c') };
    const position = { line: 0, character: 0 };
    const range = { start: position, end: position };
    const empty = (v: unknown): boolean => v === null || (Array.isArray(v) && v.length === 0);
    for (const [method, params] of [
      ['textDocument/hover', { textDocument, position }],
      ['textDocument/definition', { textDocument, position }],
      [
        'textDocument/references',
        { textDocument, position, context: { includeDeclaration: true } },
      ],
      ['textDocument/documentHighlight', { textDocument, position }],
      ['textDocument/completion', { textDocument, position }],
      ['textDocument/codeLens', { textDocument }],
      ['textDocument/documentSymbol', { textDocument }],
      ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
    ] as const) {
      assert.ok(empty(await project.request(method, params)), method);
    }
    const report = await project.request<{ kind: string; items: unknown[] }>(
      'textDocument/diagnostic',
      { textDocument },
    );
    assert.deepEqual(report.items, []);
    await assertAlive(project);
  });

  test('positions past the end, negative or fractional, and inverted ranges answer without error', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const uri = await project.open('drv/driver.c');
    const textDocument = { uri };
    const lines = DRIVER_C.split('\n').length;
    for (const position of [
      { line: lines + 100, character: 0 },
      { line: 3, character: 100_000 },
      { line: -1, character: 0 },
      { line: 2, character: -5 },
      { line: 1.5, character: 0.25 },
      { line: Number.MAX_SAFE_INTEGER, character: Number.MAX_SAFE_INTEGER },
    ]) {
      for (const method of [
        'textDocument/hover',
        'textDocument/definition',
        'textDocument/documentHighlight',
        'textDocument/completion',
      ]) {
        const got = await outcome(project.request(method, { textDocument, position }));
        assert.equal(got.code, undefined, `${method} at ${JSON.stringify(position)} failed`);
      }
      const actions = await outcome(
        project.request('textDocument/codeAction', {
          textDocument,
          range: { start: position, end: { line: 0, character: 0 } },
          context: { diagnostics: [] },
        }),
      );
      assert.equal(actions.code, undefined);
    }
    await assertAlive(project);
  });

  test('malformed parameters and unknown methods get errors or empty answers, never a dead server', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    await project.open('drv/driver.c');
    for (const params of [
      null,
      {},
      { textDocument: 5 },
      { textDocument: { uri: 7 }, position: 'x' },
    ]) {
      for (const method of [
        'textDocument/hover',
        'textDocument/completion',
        'textDocument/codeAction',
        'textDocument/codeLens',
        'textDocument/diagnostic',
        'textDocument/documentSymbol',
        'wdm/dispatchTable',
      ]) {
        const got = await outcome(project.request(method, params));
        // An answer, or an error response: both keep the connection up.
        assert.ok(got.code !== undefined || 'result' in got, method);
      }
    }
    const unknown = await outcome(project.request('wdm/noSuchRequest', {}));
    assert.equal(unknown.code, -32601, 'an unknown request is MethodNotFound');
    await project.notify('wdm/noSuchNotification', { anything: true });
    await project.notify('textDocument/didChange', null);
    await project.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 42, type: 9 }] });
    await project.notify('workspace/didChangeWatchedFiles', { changes: null });
    await assertAlive(project);
  });

  test('cancelled requests answer promptly (a result or RequestCancelled) and the server goes on', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const uri = await project.open('drv/driver.c');
    const pending: Promise<{ result?: unknown; code?: number }>[] = [];
    for (let i = 0; i < 50; i++) {
      const source = new CancellationTokenSource();
      const method = i % 2 === 0 ? 'textDocument/hover' : 'textDocument/diagnostic';
      const params =
        i % 2 === 0 ? { textDocument: { uri }, position: READ_AT } : { textDocument: { uri } };
      pending.push(outcome(project.client.sendRequest(method, params, source.token)));
      // Cancel at once for most, after the request went out for the rest.
      if (i % 5 === 0) setTimeout(() => source.cancel(), 1);
      else source.cancel();
    }
    const outcomes = await Promise.all(pending);
    for (const o of outcomes) {
      assert.ok(o.code === undefined || o.code === -32800, `unexpected error ${o.code}`);
    }
    await assertAlive(project);
    assert.ok(
      codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );
  });

  test('out-of-order document events: change before open, double open, double close, bad ranges', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const uri = project.uri('drv/driver.c');
    const doc = { uri, languageId: 'c', version: 1, text: DRIVER_C };
    await project.notify('textDocument/didChange', {
      textDocument: { uri, version: 5 },
      contentChanges: [{ text: 'garbage' }],
    });
    await project.notify('textDocument/didOpen', { textDocument: doc });
    await project.notify('textDocument/didOpen', { textDocument: { ...doc, version: 2 } });
    await project.notify('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [
        {
          range: { start: { line: 999, character: 0 }, end: { line: 1000, character: 5 } },
          text: '\n',
        },
        { range: { start: { line: 5, character: 40 }, end: { line: 2, character: 0 } }, text: '' },
      ],
    });
    await project.notify('textDocument/didChange', {
      textDocument: { uri, version: 1 },
      contentChanges: [{ text: DRIVER_C }],
    });
    await project.notify('textDocument/didClose', { textDocument: { uri } });
    await project.notify('textDocument/didClose', { textDocument: { uri } });
    await project.notify('textDocument/didClose', {
      textDocument: { uri: project.uri('never.c') },
    });
    await assertAlive(project);
    // After the close, the disk text counts again: the finding is computed from the files.
    assert.ok(
      codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );
  });

  test('odd folders and schemes: missing, file-as-folder and virtual folders; untitled documents', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const added = [
      { uri: project.uri('no/such/folder'), name: 'missing' },
      { uri: project.uri('drv/driver.c'), name: 'a file' },
      { uri: 'vscode-vfs://github/owner/repo', name: 'virtual' },
      { uri: 'not a uri at all', name: 'garbage' },
    ];
    await project.notify('workspace/didChangeWorkspaceFolders', {
      event: { added, removed: [{ uri: 'file:///never/added', name: 'x' }] },
    });
    await project.notify('workspace/didChangeWorkspaceFolders', { event: null });
    const status = await project.waitUntilIndexed();
    assert.equal(status.files, Object.keys(FILES).length, 'the real folder is still indexed once');
    // Documents without a file on disk (untitled, git, virtual) are analysed from their text.
    for (const uri of [
      'untitled:Untitled-1',
      'git:/drv/driver.c?ref=HEAD',
      'vscode-vfs://github/o/r/d.c',
    ]) {
      await project.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'c', version: 1, text: DRIVER_C },
      });
      const hover = await project.request<{ contents: { value: string } } | null>(
        'textDocument/hover',
        { textDocument: { uri }, position: READ_AT },
      );
      assert.match(hover?.contents.value ?? '', /0x03/, uri);
      await project.notify('textDocument/didClose', { textDocument: { uri } });
    }
    await assertAlive(project);
  });

  test('malformed settings fall back to defaults; the server indexes and diagnoses as usual', async () => {
    project = await Project.start({
      files: FILES,
      settings: {
        enable: 'yes',
        hover: { enable: 'sometimes' },
        diagnostics: { enable: 1, severity: { 'create-without-close': 'loud', other: 42 } },
        index: { maxFiles: 'lots', include: 42, exclude: [null, 3, { x: 1 }] },
        trace: { server: ['verbose'] },
      },
    });
    const status = await project.waitUntilIndexed();
    assert.equal(status.truncated, false, 'maxFiles "lots" is not a cap of zero files');
    assert.equal(status.files, Object.keys(FILES).length);
    await project.open('drv/driver.c');
    const diagnostics: Diagnostic[] = await project.pullDiagnostics('drv/driver.c');
    const finding = diagnostics.find((d) => d.code === 'create-without-close');
    assert.ok(finding, 'the rule still runs');
    // "loud" is not a severity: the rule keeps its default, the one an unconfigured server uses.
    const plain = await Project.start({ files: FILES });
    try {
      await plain.waitUntilIndexed();
      await plain.open('drv/driver.c');
      const expected = (await plain.pullDiagnostics('drv/driver.c')).find(
        (d) => d.code === 'create-without-close',
      );
      assert.equal(finding.severity, expected?.severity);
    } finally {
      await plain.dispose();
    }
    // Garbage pushed later through didChangeConfiguration changes nothing either.
    for (const settings of [
      null,
      5,
      { wdm: 5 },
      { wdm: { index: { maxFiles: -1 } } },
      { wdm: null },
    ]) {
      await project.notify('workspace/didChangeConfiguration', { settings });
    }
    await project.waitUntilIndexed();
    await assertAlive(project);
  });

  test('quick-fix edits carry the version of the text they were computed for', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const uri = await project.open('drv/driver.c');
    let text = DRIVER_C;
    for (let i = 0; i < 6; i++) {
      text += `// edit ${i}\n`;
      await project.change('drv/driver.c', text);
    }
    const fixesAt = async (expectedVersion: number): Promise<void> => {
      const diagnostics = await project!.pullDiagnostics('drv/driver.c');
      const finding = diagnostics.find((d) => d.code === 'create-without-close');
      assert.ok(finding);
      const actions = await project!.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: finding.range,
        context: { diagnostics: [finding], only: ['quickfix'] },
      });
      const edits = actions.flatMap((a) => (a.edit?.documentChanges ?? []) as TextDocumentEdit[]);
      const here = edits.filter((e) => 'textDocument' in e && e.textDocument.uri === uri);
      assert.ok(here.length > 0, 'the fixes edit the open document through documentChanges');
      for (const e of here) assert.equal(e.textDocument.version, expectedVersion);
      for (const a of actions) assert.equal(a.edit?.changes, undefined, 'no unversioned edits');
    };
    await fixesAt(7);
    // One more keystroke: fixes now name version 8, so a client holding a version-7 fix refuses it.
    await project.change('drv/driver.c', text + '\n');
    await fixesAt(8);
  });
});
