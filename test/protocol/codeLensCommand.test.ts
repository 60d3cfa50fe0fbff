// Code lens commands over the protocol: a client that does not declare its own command (Neovim,
// Helix, ...) gets lenses running the server's command, which answers workspace/executeCommand
// with a message, a window/showDocument of the routine's registration and the table; the VS Code
// client, which declares `wdm.showDispatchTable` in initializationOptions, keeps its own command.
import * as assert from 'node:assert/strict';
import { ResponseError } from 'vscode-jsonrpc/node';
import type {
  CodeLens,
  InitializeResult,
  ShowDocumentParams,
} from 'vscode-languageserver-protocol';
import type { DispatchTableDriver } from '../../server/src/protocol';
import { FILES } from './faultsSupport';
import { FULL_CAPABILITIES, MINIMAL_CAPABILITIES, Project } from './harness';

const SERVER_COMMAND = 'wdm.server.showDispatchTable';
const CLIENT_COMMAND = 'wdm.showDispatchTable';

async function lensesOf(project: Project, rel: string): Promise<CodeLens[]> {
  await project.waitUntilIndexed();
  const uri = await project.open(rel);
  return project.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
}

suite('protocol: code lens commands', function () {
  this.timeout(30_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  test('a client without its own command runs the server command: message, showDocument, table', async () => {
    project = await Project.start({
      files: FILES,
      capabilities: { ...MINIMAL_CAPABILITIES, window: { showDocument: { support: true } } },
    });
    const caps = (project.initializeResult as InitializeResult).capabilities;
    assert.deepEqual(caps.executeCommandProvider, { commands: [SERVER_COMMAND] });
    const shown: ShowDocumentParams[] = [];
    project.client.onRequest('window/showDocument', (p: ShowDocumentParams) => {
      shown.push(p);
      return { success: true };
    });

    const lenses = await lensesOf(project, 'drv/dispatch.c');
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, l.command?.command]),
      [
        ['IRP_MJ_CREATE', SERVER_COMMAND],
        ['IRP_MJ_READ', SERVER_COMMAND],
      ],
    );
    const read = lenses[1].command!;
    assert.deepEqual(read.arguments, [project.uri('drv'), 'SampleRead']);

    const table = await project.request<DispatchTableDriver | null>('workspace/executeCommand', {
      command: read.command,
      arguments: read.arguments,
    });
    assert.ok(table);
    assert.equal(table.rootUri, project.uri('drv'));
    assert.deepEqual(
      table.slots
        .filter((s) => s.handlers.length > 0)
        .map((s) => `${s.slot}=${s.handlers[0].name}`),
      ['IRP_MJ_CREATE=SampleCreate', 'IRP_MJ_READ=SampleRead'],
    );
    const message = await project.waitFor(() =>
      project!.messages.find((m) => m.startsWith('Driver drv')),
    );
    assert.deepEqual(message.split('\n'), [
      'Driver drv (DriverEntry in driver.c): 2 of 28 slots handled',
      'SampleRead fills IRP_MJ_READ',
      'IRP_MJ_CREATE (0x00): SampleCreate',
      'IRP_MJ_READ (0x03): SampleRead',
    ]);
    // The routine's registration in DriverEntry: `DriverObject->MajorFunction[IRP_MJ_READ]`, line 11.
    await project.waitFor(() => (shown.length > 0 ? true : undefined));
    assert.equal(shown[0].uri, project.uri('drv/driver.c'));
    assert.equal(shown[0].selection?.start.line, 10);
    assert.equal(shown[0].takeFocus, true);
  });

  test('the DriverEntry lens runs it too; without showDocument support only the message goes out', async () => {
    project = await Project.start({ files: FILES, capabilities: MINIMAL_CAPABILITIES });
    let showDocumentRequests = 0;
    project.client.onRequest('window/showDocument', () => {
      showDocumentRequests++;
      return { success: true };
    });
    const [entry] = await lensesOf(project, 'drv/driver.c');
    assert.equal(entry.command?.title, '2 of 28 slots handled');
    assert.equal(entry.command?.command, SERVER_COMMAND);
    const table = await project.request<DispatchTableDriver | null>('workspace/executeCommand', {
      command: entry.command!.command,
      arguments: entry.command!.arguments,
    });
    assert.equal(table?.entry?.function, 'DriverEntry');
    const message = await project.waitFor(() =>
      project!.messages.find((m) => m.startsWith('Driver drv')),
    );
    assert.equal(message.split('\n').length, 3);
    assert.equal(showDocumentRequests, 0);
  });

  test('unknown drivers and bad arguments get null, unknown commands InvalidParams, and the server goes on', async () => {
    project = await Project.start({ files: FILES, capabilities: MINIMAL_CAPABILITIES });
    await project.waitUntilIndexed();
    for (const params of [
      { command: SERVER_COMMAND, arguments: ['file:///nowhere'] },
      { command: SERVER_COMMAND, arguments: [42, { x: 1 }] },
      { command: SERVER_COMMAND },
    ]) {
      assert.equal(await project.request('workspace/executeCommand', params), null);
    }
    for (const params of [
      { command: 'wdm.noSuchCommand', arguments: [project.uri('drv')] },
      { arguments: [] },
    ]) {
      await assert.rejects(
        project.request('workspace/executeCommand', params),
        (e: unknown) => e instanceof ResponseError && e.code === -32602,
      );
    }
    await project.waitFor(() =>
      project!.messages.some((m) => m.startsWith('No driver at file:///nowhere'))
        ? true
        : undefined,
    );
    assert.equal((await lensesOf(project, 'drv/driver.c')).length, 1);
  });

  test('a client declaring wdm.showDispatchTable (the VS Code client) keeps its own command in lenses', async () => {
    project = await Project.start({
      files: FILES,
      capabilities: FULL_CAPABILITIES,
      initializationOptions: { clientCommands: [CLIENT_COMMAND] },
    });
    const lenses = await lensesOf(project, 'drv/driver.c');
    assert.deepEqual(
      lenses.map((l) => [l.command?.command, l.command?.arguments]),
      [[CLIENT_COMMAND, [project.uri('drv')]]],
    );
  });
});
