// Compile proof of the quick fixes: every fixture driver compiles before its fix, and the result
// of applying the preferred fix compiles and links as a kernel driver (mingw-w64 DDK, -Wall -Wextra
// -Werror), in C and, for the C++ fixture, C++.
import * as assert from 'node:assert/strict';
import { parseFixture } from '../unit/fixture';
import { FIX_CASES } from '../unit/rules/fixFixtures';
import { actionsFor, applyAction, preferred } from '../unit/rules/ruleFixture';
import { compileDriver, type SourceFile } from './compileHarness';

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function build(files: SourceFile[], lang: 'c' | 'cpp', what: string): void {
  const result = compileDriver(files, lang);
  const listing = files.map((f) => `--- ${f.name}\n${f.text}`).join('\n');
  assert.ok(result.ok, `${what}: build failed\n${result.output}\n${listing}`);
}

suite('compile: quick-fix results', () => {
  for (const c of FIX_CASES) {
    test(`${c.ruleId}: ${c.name}`, () => {
      const fx = parseFixture(c.source);
      const before = fx.files.map((f) => ({ name: basename(f.path), text: f.text }));
      if (!c.brokenBefore) build(before, c.lang, 'fixture before the fix');
      const changed = applyAction(fx, preferred(actionsFor(fx, c.path, c.ruleId)));
      assert.ok(Object.keys(changed).length > 0, 'the fix changes no file');
      const after = fx.files.map((f) => ({
        name: basename(f.path),
        text: changed[f.path.slice(1)] ?? f.text,
      }));
      build(after, c.lang, 'fixed driver');
    });
  }
});
