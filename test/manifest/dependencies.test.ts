// The LSP libraries: pinned exactly, client and server on one protocol version, and the
// extension's engines.vscode equal to what the client library requires.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const packages: Record<string, { version: string; engines?: Record<string, string> }> =
  lock.packages;

/** The version of `dep` that `owner` loads: its own nested copy, else the hoisted one. */
function resolvedFor(owner: string, dep: string): string {
  const nested = packages[`node_modules/${owner}/node_modules/${dep}`];
  const hoisted = packages[`node_modules/${dep}`];
  const found = nested ?? hoisted;
  assert.ok(found, `${dep} is not in package-lock.json`);
  return found.version;
}

suite('manifest: LSP library versions', () => {
  const lspLibraries = [
    'vscode-languageclient',
    'vscode-languageserver',
    'vscode-languageserver-textdocument',
  ];

  test('the LSP libraries are pinned to exact versions', () => {
    for (const name of lspLibraries) {
      const spec: string | undefined = manifest.dependencies?.[name];
      assert.ok(spec, `${name} is a dependency`);
      assert.match(spec, /^\d+\.\d+\.\d+$/, `${name} is pinned exactly, not "${spec}"`);
      assert.equal(packages[`node_modules/${name}`]?.version, spec, `${name} lock matches`);
    }
  });

  test('client and server speak the same protocol version', () => {
    const clientProtocol = resolvedFor('vscode-languageclient', 'vscode-languageserver-protocol');
    const serverProtocol = resolvedFor('vscode-languageserver', 'vscode-languageserver-protocol');
    assert.equal(clientProtocol, serverProtocol);
    assert.equal(
      resolvedFor('vscode-languageclient', 'vscode-jsonrpc'),
      resolvedFor('vscode-languageserver', 'vscode-jsonrpc'),
    );
  });

  test('engines.vscode is the floor the client library needs, and @types/vscode matches it', () => {
    const clientEngine = packages['node_modules/vscode-languageclient']?.engines?.vscode;
    assert.ok(clientEngine);
    assert.equal(manifest.engines.vscode, clientEngine);
    const floor = clientEngine.replace(/^\^/, '');
    const types = packages['node_modules/@types/vscode']?.version;
    assert.ok(types);
    // vsce refuses @types/vscode newer than the engine floor.
    assert.equal(types.split('.').slice(0, 2).join('.'), floor.split('.').slice(0, 2).join('.'));
  });
});
