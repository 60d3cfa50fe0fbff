// The language server over the protocol, in process: hover, pull and push diagnostics, code
// actions, workspace folders, watched files, inter-file updates, settings and bad requests.
import * as assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CodeAction, InitializeResult } from 'vscode-languageserver-protocol';
import { CLOSE_C, DISPATCH_C, DRIVER_C as BASE_DRIVER_C, codes } from './faultsSupport';
import { MINIMAL_CAPABILITIES, Project, positionOf } from './harness';

// The driver of faultsSupport, plus an IRP_MJ name in a comment for the hover test.
const DRIVER_C = BASE_DRIVER_C + '/* IRP_MJ_WRITE in a comment */\n';

/** RegisterClose before the user makes it register IRP_MJ_CLOSE (CLOSE_C). */
const HELPER_C = `#include <wdm.h>
VOID RegisterClose(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}
`;

const HELPER_WITH_CLOSE = CLOSE_C;

const FILES = {
  'drv/driver.c': DRIVER_C,
  'drv/dispatch.c': DISPATCH_C,
  'drv/helper.c': HELPER_C,
};

suite('protocol: language server', function () {
  this.timeout(30_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  test('advertises its features and indexes without blocking initialize', async () => {
    project = await Project.start({ files: FILES });
    const caps = (project.initializeResult as InitializeResult).capabilities;
    assert.ok(caps.hoverProvider);
    assert.deepEqual(caps.diagnosticProvider, {
      identifier: 'wdm',
      interFileDependencies: true,
      workspaceDiagnostics: false,
    });
    assert.deepEqual(caps.codeActionProvider, {
      codeActionKinds: ['quickfix'],
      resolveProvider: false,
    });
    const status = await project.waitUntilIndexed();
    assert.equal(status.files, 3);
    assert.equal(status.drivers, 1);
    await project.waitFor(() =>
      project!.registrations.includes('workspace/didChangeWatchedFiles') ? true : undefined,
    );
    // Work-done progress: begun with its title, reported as done/total, ended.
    assert.equal(project.progress[0], 'begin Indexing driver sources');
    assert.ok(
      project.progress.some((p) => /^report \d+\/3$/.test(p)),
      project.progress.join(' | '),
    );
    assert.equal(project.progress[project.progress.length - 1], 'end');
  });

  test('hover on an IRP_MJ code names this driver handler; null in comments and unknown places', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    await project.open('drv/driver.c');
    const md = await project.hover('drv/driver.c', positionOf(DRIVER_C, 'IRP_MJ_READ] =', 3));
    assert.ok(md);
    assert.match(md, /IRP_MJ_READ/);
    assert.match(md, /0x03/);
    assert.match(md, /`SampleRead` at \[dispatch\.c:12\]\(file:\/\/.*\/drv\/dispatch\.c#L12\)/);
    assert.equal(
      await project.hover('drv/driver.c', positionOf(DRIVER_C, 'IRP_MJ_WRITE in', 3)),
      null,
    );
    assert.equal(
      await project.hover('drv/driver.c', positionOf(DRIVER_C, 'RegistryPath)', 3)),
      null,
    );
  });

  test('pull diagnostics; a registration added in another file clears the finding at once', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    await project.open('drv/driver.c');
    const before = await project.pullDiagnostics('drv/driver.c');
    assert.ok(codes(before).includes('create-without-close'), codes(before).join(' '));
    const finding = before.find((d) => d.code === 'create-without-close')!;
    assert.equal(finding.source, 'wdm');
    const refreshes = project.refreshRequests;
    await project.open('drv/helper.c');
    await project.change('drv/helper.c', HELPER_WITH_CLOSE);
    await project.waitFor(() => (project!.refreshRequests > refreshes ? true : undefined));
    const after = await project.pullDiagnostics('drv/driver.c');
    assert.ok(!codes(after).includes('create-without-close'), codes(after).join(' '));
  });

  test('push diagnostics for a client without pull support', async () => {
    project = await Project.start({ files: FILES, capabilities: MINIMAL_CAPABILITIES });
    const caps = (project.initializeResult as InitializeResult).capabilities;
    assert.equal(caps.diagnosticProvider, undefined);
    // No code action literals: the plain boolean form.
    assert.equal(caps.codeActionProvider, true);
    await project.waitUntilIndexed();
    const uri = await project.open('drv/driver.c');
    const pushed = await project.waitFor(() => {
      const d = project!.published.get(uri);
      return d && d.length > 0 ? d : undefined;
    });
    assert.ok(codes(pushed).includes('create-without-close'));
    // Fixing it in another open document re-publishes this one.
    await project.open('drv/helper.c');
    await project.change('drv/helper.c', HELPER_WITH_CLOSE);
    await project.waitFor(() =>
      codes(project!.published.get(uri) ?? []).includes('create-without-close') ? undefined : true,
    );
    // Nothing was registered dynamically with a client that cannot take it.
    assert.deepEqual(project.registrations, []);
  });

  test('a client without workspace/configuration: settings from initializationOptions, then didChangeConfiguration', async () => {
    project = await Project.start({
      files: FILES,
      capabilities: MINIMAL_CAPABILITIES,
      initializationOptions: {
        settings: { wdm: { diagnostics: { severity: { 'create-without-close': 'error' } } } },
      },
    });
    await project.waitUntilIndexed();
    const uri = await project.open('drv/driver.c');
    const pushed = await project.waitFor(() => {
      const d = project!.published.get(uri)?.find((x) => x.code === 'create-without-close');
      return d;
    });
    assert.equal(pushed.severity, 1);
    assert.equal(project.configurationScopes.length, 0);
    await project.notify('workspace/didChangeConfiguration', {
      settings: { wdm: { diagnostics: { severity: { 'create-without-close': 'off' } } } },
    });
    await project.waitFor(() =>
      codes(project!.published.get(uri) ?? []).includes('create-without-close') ? undefined : true,
    );
  });

  test('code actions for a finding carry a quick fix edit', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const uri = await project.open('drv/driver.c');
    const diagnostics = await project.pullDiagnostics('drv/driver.c');
    const finding = diagnostics.find((d) => d.code === 'create-without-close');
    assert.ok(finding);
    const actions = await project.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding], only: ['quickfix'] },
    });
    assert.ok(actions.length > 0);
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    assert.ok(actions.some((a) => a.edit && a.isPreferred));
    const organize = await project.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding], only: ['source.organizeImports'] },
    });
    assert.deepEqual(organize, []);
  });

  test('a quick fix in a header edits DriverEntry in a closed file, versioned as unknown', async () => {
    const header = '_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH SampleWrite;\n';
    project = await Project.start({ files: { ...FILES, 'drv/extra.h': header } });
    await project.waitUntilIndexed();
    const uri = await project.open('drv/extra.h');
    const diagnostics = await project.pullDiagnostics('drv/extra.h');
    const finding = diagnostics.find((d) => d.code === 'unregistered-dispatch-routine');
    assert.ok(finding, JSON.stringify(diagnostics));
    const actions = await project.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding] },
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit?.documentChanges, JSON.stringify(actions));
    const edits = preferred.edit.documentChanges.flatMap((change) =>
      'edits' in change ? [{ uri: change.textDocument.uri, change }] : [],
    );
    const inDriver = edits.find((e) => e.uri.endsWith('/drv/driver.c'));
    assert.ok(inDriver, JSON.stringify(edits));
    assert.equal(inDriver.change.textDocument.version, null);
    assert.match(
      inDriver.change.edits.map((e) => ('newText' in e ? e.newText : '')).join(''),
      /DriverObject->MajorFunction\[IRP_MJ_WRITE\] = SampleWrite;/,
    );
  });

  test('settings: per-rule severity and the diagnostics switch', async () => {
    project = await Project.start({
      files: FILES,
      settings: { diagnostics: { severity: { 'create-without-close': 'error' } } },
    });
    await project.waitUntilIndexed();
    await project.open('drv/driver.c');
    const diagnostics = await project.pullDiagnostics('drv/driver.c');
    assert.equal(diagnostics.find((d) => d.code === 'create-without-close')?.severity, 1);
    // Settings are asked for the document's own URI (per-resource settings).
    assert.ok(project.configurationScopes.includes(project.uri('drv/driver.c')));
    project.settings = { diagnostics: { enable: false }, hover: { enable: false } };
    await project.notify('workspace/didChangeConfiguration', { settings: null });
    await project.waitFor(async () =>
      (await project!.pullDiagnostics('drv/driver.c')).length === 0 ? true : undefined,
    );
    assert.equal(await project.hover('drv/driver.c', positionOf(DRIVER_C, 'IRP_MJ_READ', 3)), null);
  });

  test('workspace folders added and removed', async () => {
    project = await Project.start({
      files: { ...FILES, 'other/driver.c': DRIVER_C.replace(/Sample/g, 'Other') },
      folders: ['drv'],
    });
    assert.equal((await project.waitUntilIndexed()).drivers, 1);
    await project.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: project.uri('other'), name: 'other' }], removed: [] },
    });
    await project.waitFor(async () =>
      (await project!.indexStatus()).drivers === 2 ? true : undefined,
    );
    await project.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: project.uri('drv'), name: 'drv' }] },
    });
    const status = await project.waitFor(async () => {
      const s = await project!.indexStatus();
      return s.state === 'ready' && s.drivers === 1 && s.files === 1 ? s : undefined;
    });
    assert.equal(status.files, 1);
  });

  test('watched-file changes update the index and refresh diagnostics', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    await project.open('drv/driver.c');
    assert.ok(
      codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );
    const refreshes = project.refreshRequests;
    project.write('drv/helper.c', HELPER_WITH_CLOSE);
    await project.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: project.uri('drv/helper.c'), type: 2 }],
    });
    await project.waitFor(() => (project!.refreshRequests > refreshes ? true : undefined));
    assert.ok(
      !codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );
    // Deleting it brings the finding back.
    await project.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: project.uri('drv/helper.c'), type: 3 }],
    });
    await project.waitFor(async () =>
      codes(await project!.pullDiagnostics('drv/driver.c')).includes('create-without-close')
        ? true
        : undefined,
    );
    // A rename arrives as deleted + created: the file under its new name counts again.
    project.write('drv/renamed.c', HELPER_WITH_CLOSE);
    await project.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: project.uri('drv/renamed.c'), type: 1 }],
    });
    await project.waitFor(async () =>
      codes(await project!.pullDiagnostics('drv/driver.c')).includes('create-without-close')
        ? undefined
        : true,
    );
  });

  test('a handler registered while typing is found in a file the scan only skimmed', async () => {
    const routines = `#include <wdm.h>
NTSTATUS SampleLater(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`;
    project = await Project.start({ files: { ...FILES, 'drv/routines.c': routines } });
    await project.waitUntilIndexed();
    await project.open('drv/driver.c');
    const edited = DRIVER_C.replace(
      '    RegisterClose(DriverObject);',
      '    DriverObject->MajorFunction[IRP_MJ_WRITE] = SampleLater;\n    RegisterClose(DriverObject);',
    );
    await project.change('drv/driver.c', edited);
    const md = await project.waitFor(async () => {
      const hover = await project!.hover('drv/driver.c', positionOf(edited, 'IRP_MJ_WRITE]', 3));
      return hover && /routines\.c:2/.test(hover) ? hover : undefined;
    });
    assert.match(md, /`SampleLater` at \[routines\.c:2\]/);
  });

  test('maxFiles caps the scan and tells the user', async () => {
    project = await Project.start({ files: FILES, settings: { index: { maxFiles: 1 } } });
    const status = await project.waitUntilIndexed();
    assert.equal(status.truncated, true);
    assert.equal(status.files, 1);
    await project.waitFor(() =>
      project!.messages.some((m) => m.includes('wdm.index.maxFiles')) ? true : undefined,
    );
  });

  test('bad requests get empty answers and the server keeps serving', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const unknown = 'file:///does/not/exist.c';
    assert.equal(
      await project.request('textDocument/hover', {
        textDocument: { uri: unknown },
        position: { line: 0, character: 0 },
      }),
      null,
    );
    await project.open('drv/driver.c');
    const pastEnd = { line: 9999, character: 9999 };
    assert.equal(await project.hover('drv/driver.c', pastEnd), null);
    assert.equal(await project.hover('drv/driver.c', { line: -1, character: 2.5 }), null);
    const report = await project.request<{ items: unknown[] }>('textDocument/diagnostic', {
      textDocument: { uri: unknown },
    });
    assert.deepEqual(report.items, []);
    assert.deepEqual(
      await project.request('textDocument/codeLens', { textDocument: { uri: unknown } }),
      [],
    );
    assert.equal(
      await project.request('textDocument/completion', {
        textDocument: { uri: project.uri('drv/driver.c') },
        position: pastEnd,
      }),
      null,
    );
    const table = await project.request<{ drivers: { slots: unknown[] }[] }>('wdm/dispatchTable', {
      uri: 42,
    });
    assert.equal(table.drivers[0].slots.length, 28);
    // A request cancelled at once gets an answer or a cancellation error, never a dead server.
    const source = new CancellationTokenSource();
    const pending = project.client.sendRequest(
      'textDocument/hover',
      { textDocument: { uri: project.uri('drv/driver.c') }, position: { line: 8, character: 40 } },
      source.token,
    );
    source.cancel();
    await pending.catch(() => null);
    // Still alive and correct.
    assert.match(
      (await project.hover('drv/driver.c', positionOf(DRIVER_C, 'IRP_MJ_READ', 3))) ?? '',
      /0x03/,
    );
  });
});
