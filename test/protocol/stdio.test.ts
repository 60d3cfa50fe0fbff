// The bundled server over stdio (`node dist/server.js --stdio`), as Neovim and other editors start
// it: initialize, hover, diagnostics, shutdown and exit. Catches bundling mistakes.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { pathToUri } from '../../server/src/util/uri';
import { SAMPLE_DRIVER_C } from './harness';

const root = path.resolve(__dirname, '../../..');
const bundle = path.join(root, 'dist/server.js');

const DRIVER_C = SAMPLE_DRIVER_C;

suite('protocol: stdio bundle', function () {
  this.timeout(30_000);
  let child: ChildProcess | undefined;
  let connection: MessageConnection | undefined;
  let dir: string | undefined;

  teardown(() => {
    connection?.dispose();
    if (child && child.exitCode === null) child.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('initialize, hover, diagnostics, shutdown and exit', async () => {
    assert.ok(fs.existsSync(bundle), 'dist/server.js exists (npm run build)');
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-stdio-')));
    fs.writeFileSync(path.join(dir, 'driver.c'), DRIVER_C);
    const proc = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    const exited = new Promise<number | null>((resolve) =>
      proc.on('exit', (code) => resolve(code)),
    );
    const conn = createMessageConnection(
      new StreamMessageReader(proc.stdout!),
      new StreamMessageWriter(proc.stdin!),
    );
    connection = conn;
    const published: { uri: string; diagnostics: { code?: unknown }[] }[] = [];
    conn.onNotification('textDocument/publishDiagnostics', (p) => {
      published.push(p);
    });
    conn.listen();
    const rootUri = pathToUri(dir);
    const init = await conn.sendRequest<{ capabilities: { hoverProvider?: boolean } }>(
      'initialize',
      {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'root' }],
        capabilities: { workspace: { workspaceFolders: true } },
      },
    );
    assert.equal(init.capabilities.hoverProvider, true);
    await conn.sendNotification('initialized', {});
    const uri = pathToUri(path.join(dir, 'driver.c'));
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'c', version: 1, text: DRIVER_C },
    });
    const hover = await conn.sendRequest<{ contents: { value: string } } | null>(
      'textDocument/hover',
      {
        textDocument: { uri },
        position: { line: 4, character: 35 },
      },
    );
    assert.ok(hover);
    assert.match(hover.contents.value, /IRP_MJ_CREATE/);
    assert.match(hover.contents.value, /SampleCreate/);
    // No pull support declared: the server pushes diagnostics for the open document.
    const deadline = Date.now() + 10_000;
    while (
      !published.some(
        (p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'create-without-close'),
      )
    ) {
      assert.ok(Date.now() < deadline, 'create-without-close was pushed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await conn.sendRequest('shutdown', null);
    await conn.sendNotification('exit');
    assert.equal(await exited, 0);
  });
});
