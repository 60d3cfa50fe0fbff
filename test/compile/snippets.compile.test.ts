// Compile proof of the snippets: expanded with their default placeholder values, the wdmDriver
// skeleton alone, the skeleton with every dispatch snippet added, and wdmRegister inside a
// DriverEntry must compile and link as a kernel driver with -Wall -Wextra -Werror, in C and C++.
import * as assert from 'node:assert/strict';
import { DISPATCH_ROUTINES } from '../../server/src/irpTable';
import {
  dispatchSnippetPrefix,
  generateSnippets,
  type VsCodeSnippet,
} from '../../server/src/snippets/snippetGenerator';
import { compileDriver, expandSnippet, type SourceFile } from './compileHarness';

const snippets = Object.values(generateSnippets());
const byPrefix = (prefix: string): VsCodeSnippet => {
  const found = snippets.find((s) => s.prefix === prefix);
  assert.ok(found, `no snippet with prefix ${prefix}`);
  return found;
};

/** Numbers the lines so that a compiler message can be matched to the source. */
function numbered(text: string): string {
  return text
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(4)}  ${line}`)
    .join('\n');
}

function assertCompiles(files: SourceFile[], lang: 'c' | 'cpp'): void {
  const result = compileDriver(files, lang);
  const listing = files.map((f) => `--- ${f.name}\n${numbered(f.text)}`).join('\n');
  assert.ok(result.ok, `${lang} build failed:\n${result.output}\n${listing}`);
}

const skeleton = expandSnippet(byPrefix('wdmDriver').body);

/** Every dispatch snippet with its own prefix, so that each routine name is unique. */
const allDispatchRoutines = DISPATCH_ROUTINES.map((row) =>
  expandSnippet(byPrefix(dispatchSnippetPrefix(row)).body, { 1: `Snippet${row.shortName}` }),
).join('\n\n');

/**
 * A driver that includes only <wdm.h> (not ntddk.h): every dispatch snippet with its default
 * values (the routine names differ, so they can share the prefix) and a DriverEntry whose body is
 * the wdmRegister block.
 */
function registerProgram(): string {
  const routines = DISPATCH_ROUTINES.map((row) =>
    expandSnippet(byPrefix(dispatchSnippetPrefix(row)).body),
  );
  const registrations = expandSnippet(byPrefix('wdmRegister').body)
    .split('\n')
    .map((line) => '    ' + line)
    .join('\n');
  return [
    '#include <wdm.h>',
    '',
    'typedef struct _DEVICE_EXTENSION {',
    '    PDEVICE_OBJECT LowerDeviceObject;',
    '    KSPIN_LOCK QueueLock;',
    '    LIST_ENTRY PendingIrpQueue;',
    '} DEVICE_EXTENSION, *PDEVICE_EXTENSION;',
    '',
    ...routines,
    '',
    'EXTERN_C DRIVER_INITIALIZE DriverEntry;',
    '',
    '_Use_decl_annotations_',
    'NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)',
    '{',
    '    UNREFERENCED_PARAMETER(RegistryPath);',
    registrations,
    '    return STATUS_SUCCESS;',
    '}',
    '',
  ].join('\n');
}

for (const lang of ['c', 'cpp'] as const) {
  const file = (text: string): SourceFile[] => [{ name: `driver.${lang}`, text }];

  suite(`snippets compile as ${lang === 'c' ? 'C' : 'C++'}`, () => {
    test('the wdmDriver skeleton alone', () => {
      assertCompiles(file(skeleton), lang);
    });

    test('the skeleton with all 16 dispatch snippets added', () => {
      assert.equal(DISPATCH_ROUTINES.length, 16);
      assertCompiles(file(`${skeleton}\n\n${allDispatchRoutines}\n`), lang);
    });

    test('wdmRegister in a DriverEntry, with every dispatch snippet, under <wdm.h> alone', () => {
      assertCompiles(file(registerProgram()), lang);
    });
  });
}

suite('compile harness', () => {
  test('reports a compile error with the compiler output', () => {
    const result = compileDriver(
      [
        {
          name: 'broken.c',
          text: '#include <wdm.h>\nint DriverEntry(void) { return undefinedName; }\n',
        },
      ],
      'c',
      { keepFailed: false },
    );
    assert.equal(result.ok, false);
    assert.match(result.output, /undefinedName/);
  });

  test('expands placeholders, choices, overrides and escapes', () => {
    assert.equal(expandSnippet(['${1:Xxx}Foo(${2:a}) \\$x $0 ${3|p,q|} \\}']), 'XxxFoo(a) $x  p }');
    assert.equal(expandSnippet('${1:Xxx}A ${1:Xxx}B', { 1: 'My' }), 'MyA MyB');
    assert.equal(expandSnippet('${1:outer ${2:inner}}'), 'outer inner');
  });
});
