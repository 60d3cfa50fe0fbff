// The injection grammar: the committed file is the generator's output, its patterns cover every
// IRP_MJ name of the IRP table and no other, and vscode-textmate applies it to code but not to
// comments or strings of a (tiny, self-made) source.c / source.cpp host grammar.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { ALL_IRP_MJ_NAMES } from '../../server/src/irpTable';
import {
  DISPATCH_ANNOTATIONS,
  GRAMMAR_FILE,
  GRAMMAR_SCOPE,
  IRP_MJ_EXTRA_NAMES,
  ROLE_TYPES,
  SCOPES,
  generateInjectionGrammar,
} from '../../server/src/snippets/injectionGrammar';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (
      fs.existsSync(path.join(dir, 'package.json')) &&
      fs.existsSync(path.join(dir, 'syntaxes'))
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error('repository root not found');
  }
}

const root = repoRoot();
const committed = JSON.parse(fs.readFileSync(path.join(root, GRAMMAR_FILE), 'utf8')) as unknown;

/** A host grammar with just comments, strings and identifiers: enough to exercise the selector. */
function hostGrammar(scopeName: string): object {
  return {
    scopeName,
    patterns: [
      { name: 'comment.line.double-slash.c', match: '//.*$' },
      { name: 'comment.block.c', begin: '/\\*', end: '\\*/' },
      { name: 'string.quoted.double.c', begin: '"', end: '"', patterns: [{ match: '\\\\.' }] },
      { name: 'meta.preprocessor.include.c', match: '^\\s*#\\s*include\\b.*$' },
      // Like VS Code's C++ grammar, a call rule that starts on the whitespace before the name.
      {
        match: '\\s*\\b([A-Za-z_][A-Za-z0-9_]*)\\s*(?=\\()',
        captures: { '1': { name: 'entity.name.function.call.c' } },
      },
      { match: '\\b[A-Za-z_][A-Za-z0-9_]*\\b' },
    ],
  };
}

let onigLoaded: Promise<void> | undefined;
function onigLib(): Promise<vsctm.IOnigLib> {
  onigLoaded ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  return onigLoaded.then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
}

async function loadHost(hostScope: 'source.c' | 'source.cpp'): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName) => {
      if (scopeName === GRAMMAR_SCOPE) {
        return vsctm.parseRawGrammar(JSON.stringify(committed), 'injection.json');
      }
      if (scopeName === hostScope) {
        return vsctm.parseRawGrammar(JSON.stringify(hostGrammar(hostScope)), 'host.json');
      }
      return null;
    },
    getInjections: (scopeName) => (scopeName === hostScope ? [GRAMMAR_SCOPE] : undefined),
  });
  const grammar = await registry.loadGrammar(hostScope);
  assert.ok(grammar, `could not load ${hostScope}`);
  return grammar;
}

interface Token {
  readonly line: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

function tokenize(grammar: vsctm.IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      tokens.push({
        line: index + 1,
        text: line.slice(t.startIndex, t.endIndex),
        scopes: t.scopes,
      });
    }
    state = result.ruleStack;
  });
  return tokens;
}

const hasScope = (token: Token, scope: string): boolean => token.scopes.includes(scope);

/** Tokens whose text is exactly `name`, outside comments and strings. */
function codeTokens(tokens: Token[], name: string): Token[] {
  return tokens.filter(
    (t) =>
      t.text === name && !t.scopes.some((s) => s.startsWith('comment') || s.startsWith('string')),
  );
}

suite('injection grammar', () => {
  test(`${GRAMMAR_FILE} is the generator's output (run npm run generate:grammar)`, () => {
    assert.deepEqual(
      committed,
      JSON.parse(JSON.stringify(generateInjectionGrammar())),
      `${GRAMMAR_FILE} differs from the generator: run npm run generate:grammar`,
    );
  });

  test('lists exactly the IRP_MJ names of the IRP table and IRP_MJ_MAXIMUM_FUNCTION', () => {
    const match = generateInjectionGrammar().repository['irp-major'].match;
    const listed = new Set(match.match(/IRP_MJ_\w+/g));
    assert.deepEqual([...listed].sort(), [...ALL_IRP_MJ_NAMES, ...IRP_MJ_EXTRA_NAMES].sort());
  });

  test('package.json injects it into source.c and source.cpp', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
    };
    const entry = pkg.contributes.grammars.find((g) => g.scopeName === GRAMMAR_SCOPE);
    assert.ok(entry, 'no grammars entry for ' + GRAMMAR_SCOPE);
    assert.equal(path.normalize(entry.path), path.normalize('./' + GRAMMAR_FILE));
    assert.deepEqual([...entry.injectTo].sort(), ['source.c', 'source.cpp']);
  });

  for (const host of ['source.c', 'source.cpp'] as const) {
    test(`scopes every IRP_MJ name, role type and annotation in ${host} code`, async () => {
      const grammar = await loadHost(host);
      const cases: [string, string][] = [
        ...[...ALL_IRP_MJ_NAMES, ...IRP_MJ_EXTRA_NAMES].map((n): [string, string] => [
          n,
          SCOPES.irpMajor,
        ]),
        ...ROLE_TYPES.flatMap((n): [string, string][] => [
          [n, SCOPES.roleType],
          ['P' + n, SCOPES.roleType],
        ]),
        ...DISPATCH_ANNOTATIONS.map((n): [string, string] => [n, SCOPES.annotation]),
      ];
      const text = cases.map(([name]) => `x = ${name};`).join('\n');
      const tokens = tokenize(grammar, text);
      for (const [name, scope] of cases) {
        const found = codeTokens(tokens, name);
        assert.equal(found.length, 1, `${name} is not a token of its own`);
        assert.ok(hasScope(found[0], scope), `${name}: ${found[0].scopes.join(' ')}`);
      }
    });
  }

  test('the fixture: code is scoped; comments, strings and unknown names are not', async () => {
    const grammar = await loadHost('source.c');
    const text = fs.readFileSync(path.join(root, 'test/fixtures/grammar/dispatch.c'), 'utf8');
    const tokens = tokenize(grammar, text);
    const scoped = (name: string, scope: string): Token[] =>
      tokens.filter((t) => t.text === name && hasScope(t, scope));

    // In code.
    assert.deepEqual(
      scoped('IRP_MJ_CREATE', SCOPES.irpMajor).map((t) => t.line),
      [8],
    );
    for (const name of [
      'IRP_MJ_CLOSE',
      'IRP_MJ_SCSI',
      'IRP_MJ_PNP_POWER',
      'IRP_MJ_MAXIMUM_FUNCTION',
    ]) {
      assert.equal(scoped(name, SCOPES.irpMajor).length, 1, name);
    }
    assert.equal(scoped('_Dispatch_type_', SCOPES.annotation).length, 2);
    for (const name of ['__drv_dispatchType', '_Function_class_', '_Use_decl_annotations_']) {
      assert.equal(scoped(name, SCOPES.annotation).length, 1, name);
    }
    assert.equal(scoped('DRIVER_DISPATCH', SCOPES.roleType).length, 3);
    for (const name of [
      'DRIVER_INITIALIZE',
      'DRIVER_ADD_DEVICE',
      'DRIVER_UNLOAD',
      'IO_COMPLETION_ROUTINE',
      'DRIVER_CANCEL',
      'PDRIVER_DISPATCH',
    ]) {
      assert.equal(scoped(name, SCOPES.roleType).length, 1, name);
    }

    // Not in comments and strings: the names there stay inside comment/string tokens.
    const wdmScoped = tokens.filter((t) => t.scopes.some((s) => s.endsWith('.wdm')));
    for (const t of wdmScoped) {
      assert.ok(
        !t.scopes.some((s) => s.startsWith('comment') || s.startsWith('string')),
        `line ${t.line}: ${t.text} scoped inside ${t.scopes.join(' ')}`,
      );
    }
    for (const name of ['IRP_MJ_READ', 'IRP_MJ_WRITE', 'IRP_MJ_DEVICE_CONTROL']) {
      assert.equal(wdmScoped.filter((t) => t.text.includes(name)).length, 0, name);
      assert.ok(
        tokens.some((t) => t.text.includes(name)),
        `${name} should be in the fixture`,
      );
    }

    // Unknown codes and names that merely contain a code are not scoped.
    for (const text of ['IRP_MJ_NOT_A_CODE', 'MY_IRP_MJ_CREATE', 'IRP_MJ_CREATEX']) {
      assert.ok(
        tokens.some((t) => t.text === text && !t.scopes.some((s) => s.endsWith('.wdm'))),
        `${text} should be an unscoped token`,
      );
    }
  });
});
