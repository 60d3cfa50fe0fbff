// `#pragma warning(push)` / `(pop)` and `(default: ...)` bound `disable` suppressions: the facts
// syntax/suppressions.ts reads (line, endLine) and the findings features/suppressions.ts silences.
import * as assert from 'node:assert/strict';
import { extractFacts } from '../../server/src/syntax/dispatchFacts';
import type { SuppressionFact } from '../../server/src/syntax/factTypes';
import { parseFixture, renderFindings } from './rules/ruleFixture';

/** `codes@line..endLine` (1-based lines, end exclusive, `..` alone when open to the end). */
function disables(text: string): string[] {
  return extractFacts(text)
    .suppressions.filter((s: SuppressionFact) => s.scope === 'file')
    .map(
      (s) => `${s.codes.join(' ')}@${s.line + 1}..${s.endLine === undefined ? '' : s.endLine + 1}`,
    );
}

/** A driver declaring the routines `names` (one per line, from line 2), registering none. */
function driver(names: string[], between: Record<number, string>): string {
  const lines = ['#include <wdm.h>'];
  names.forEach((n, i) => {
    if (between[i] !== undefined) lines.push(between[i]);
    lines.push(`DRIVER_DISPATCH ${n};`);
  });
  lines.push(
    'NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)',
    '{',
    '    return STATUS_SUCCESS;',
    '}',
  );
  return lines.join('\n') + '\n';
}

function flagged(text: string): string[] {
  return renderFindings(parseFixture(text), ['unregistered-dispatch-routine']).map(
    (f) => /unregistered-dispatch-routine (\w+)/.exec(f)?.[1] ?? f,
  );
}

suite('suppressions: #pragma warning push/pop', () => {
  test('a disable inside push/pop ends at the pop; one outside runs to the end of the file', () => {
    assert.deepEqual(
      disables(`#pragma warning(push)
#pragma warning(disable: 28169)
int a;
#pragma warning(pop)
int b;
#pragma warning(disable: 28168)
int c;
`),
      ['28169@3..4', '28168@7..'],
    );
  });

  test('nested regions end their own disables; push with a level and prefast(push) count too', () => {
    assert.deepEqual(
      disables(`#pragma warning(push, 3)
#pragma warning(disable: 1)
#pragma prefast(push)
#pragma prefast(disable: 2)
int a;
#pragma prefast(pop)
int b;
#pragma warning(pop)
int c;
`),
      ['1@3..8', '2@5..6'],
    );
  });

  test('default ends the codes it names; the rest of the same disable stays', () => {
    assert.deepEqual(
      disables(`#pragma warning(disable: 28169 28168)
int a;
#pragma warning(default: 28169)
int b;
`),
      ['28169 28168@2..3', '28168@3..'],
    );
  });

  test('a disable ended by default inside a region applies again after the pop', () => {
    assert.deepEqual(
      disables(`#pragma warning(disable: 28169)
#pragma warning(push)
#pragma warning(default: 28169)
int a;
#pragma warning(pop)
int b;
`),
      ['28169@2..3', '28169@6..'],
    );
  });

  test('several specifiers in one pragma; an unmatched pop and pragmas in #if 0 change nothing', () => {
    assert.deepEqual(
      disables(`#pragma warning(pop)
#pragma warning(push)
#pragma warning(disable: 4100; disable: 28169)
#if 0
#pragma warning(pop)
#endif
int a;
#pragma warning(pop)
`),
      ['4100@4..8', '28169@4..8'],
    );
  });

  test('findings below the pop are reported again, those inside the region stay silenced', () => {
    const region = '#pragma warning(push)\n#pragma warning(disable: unregistered-dispatch-routine)';
    assert.deepEqual(flagged(driver(['FooInside', 'FooAfter'], {})), ['FooInside', 'FooAfter']);
    const popped = driver(['FooInside', 'FooAfter'], { 0: region, 1: '#pragma warning(pop)' });
    assert.deepEqual(flagged(popped), ['FooAfter']);
    // Without the pop the disable runs on to the end of the file.
    assert.deepEqual(flagged(driver(['FooInside', 'FooAfter'], { 0: region })), []);
  });
});
