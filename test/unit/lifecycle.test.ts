// The lifecycle rules and parameter checks of server/src/lifecycle.ts: which JSON-RPC error a
// request gets in each phase, what counts as a malformed request, where the folders come from.
import * as assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver';
import { checkParams, initialFolderUris, Lifecycle, withTimeout } from '../../server/src/lifecycle';

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ResponseError, String(e));
    return e.code;
  }
}

suite('lifecycle', () => {
  test('requests: -32002 before initialize, served after it, -32600 after shutdown', () => {
    const life = new Lifecycle();
    assert.equal(
      codeOf(() => life.checkRequest('textDocument/hover')),
      -32002,
    );
    assert.equal(
      codeOf(() => life.shutdown()),
      -32002,
    );
    assert.equal(life.serving, false);
    life.initialize();
    assert.equal(life.serving, true);
    assert.equal(
      codeOf(() => life.checkRequest('textDocument/hover')),
      undefined,
    );
    assert.equal(
      codeOf(() => life.initialize()),
      -32600,
    );
    life.shutdown();
    assert.equal(life.serving, false);
    assert.equal(
      codeOf(() => life.checkRequest('textDocument/hover')),
      -32600,
    );
    assert.equal(
      codeOf(() => life.shutdown()),
      -32600,
    );
  });

  test('parameters: a document uri and a numeric position are required, out-of-range numbers are not errors', () => {
    const uri = 'file:///d.c';
    for (const params of [
      undefined,
      null,
      {},
      { textDocument: null },
      { textDocument: { uri: 5 } },
    ]) {
      assert.equal(
        codeOf(() => checkParams('m', params, 'document')),
        -32602,
        JSON.stringify(params),
      );
    }
    for (const position of [undefined, null, 'x', { line: '1', character: 0 }, { line: 1 }]) {
      assert.equal(
        codeOf(() => checkParams('m', { textDocument: { uri }, position }, 'position')),
        -32602,
        JSON.stringify(position),
      );
    }
    for (const position of [
      { line: -1, character: 0 },
      { line: 1.5, character: 1e12 },
    ]) {
      assert.equal(
        codeOf(() => checkParams('m', { textDocument: { uri }, position }, 'position')),
        undefined,
      );
    }
    assert.equal(
      codeOf(() => checkParams('m', null, 'any')),
      undefined,
    );
  });

  test('initial folders: workspaceFolders (valid entries only), else rootUri, else rootPath', () => {
    const toUri = (p: string): string => `file://${p}`;
    assert.deepEqual(
      initialFolderUris(
        { workspaceFolders: [{ uri: 'file:///a' }, null, { uri: 5 }, {}], rootUri: 'file:///r' },
        toUri,
      ),
      ['file:///a'],
    );
    assert.deepEqual(initialFolderUris({ workspaceFolders: null, rootUri: 'file:///r' }, toUri), [
      'file:///r',
    ]);
    assert.deepEqual(initialFolderUris({ rootUri: null, rootPath: '/p' }, toUri), ['file:///p']);
    assert.deepEqual(initialFolderUris({ rootUri: 42, rootPath: '' }, toUri), []);
  });

  test('withTimeout: the answer when it comes in time, the fallback otherwise', async () => {
    assert.equal(await withTimeout(Promise.resolve('answer'), 1000, () => 'fallback'), 'answer');
    assert.equal(
      await withTimeout(new Promise<string>(() => undefined), 1, () => 'fallback'),
      'fallback',
    );
    await assert.rejects(
      withTimeout(Promise.reject(new Error('no')), 1000, () => 'fallback'),
      /no/,
    );
  });
});
