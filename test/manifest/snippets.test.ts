// The snippet file: committed text equals the generator's output, one snippet per seed-table row
// plus wdmDriver and wdmRegister, unique prefixes, only known IRP_MJ codes, bodies that do what
// the documentation asks of each routine, and the manifest contributing it to C and C++.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_IRP_MJ_NAMES, DISPATCH_ROUTINES, irpByName } from '../../server/src/irpTable';
import { DISPATCH_TEMPLATES } from '../../server/src/snippets/dispatchTemplates';
import {
  REGISTER_ROUTINES,
  SKELETON_ROUTINES,
  SNIPPET_FILE,
  dispatchSnippetPrefix,
  generateSnippets,
  renderSnippetFile,
  routinesWithoutTemplate,
  type VsCodeSnippet,
} from '../../server/src/snippets/snippetGenerator';
import { expandSnippet } from '../compile/compileHarness';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (
      fs.existsSync(path.join(dir, 'package.json')) &&
      fs.existsSync(path.join(dir, 'snippets'))
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error('repository root not found');
  }
}

const root = repoRoot();
const snippets = generateSnippets();
const all = Object.values(snippets);
const byPrefix = (prefix: string): VsCodeSnippet => {
  const found = all.find((s) => s.prefix === prefix);
  assert.ok(found, `no snippet with prefix ${prefix}`);
  return found;
};
const expanded = (prefix: string): string => expandSnippet(byPrefix(prefix).body);
const rowOf = (routine: string) => {
  const row = DISPATCH_ROUTINES.find((r) => r.routine === routine);
  assert.ok(row, routine);
  return row;
};

suite('snippets', () => {
  test(`${SNIPPET_FILE} is the generator's output (run npm run generate:snippets)`, () => {
    const committed = fs.readFileSync(path.join(root, SNIPPET_FILE), 'utf8').replace(/\r\n/g, '\n');
    assert.ok(
      committed === renderSnippetFile(),
      `${SNIPPET_FILE} differs from the generator's output: run npm run generate:snippets`,
    );
  });

  test('every routine of the seed table has a body template, and no template is stale', () => {
    assert.deepEqual(routinesWithoutTemplate(), []);
    assert.deepEqual(
      Object.keys(DISPATCH_TEMPLATES).sort(),
      DISPATCH_ROUTINES.map((r) => r.routine).sort(),
    );
  });

  test('16 dispatch snippets, wdmDriver and wdmRegister, with unique prefixes', () => {
    const prefixes = all.map((s) => s.prefix);
    assert.equal(
      new Set(prefixes).size,
      prefixes.length,
      `duplicate prefix in ${prefixes.join(', ')}`,
    );
    assert.equal(DISPATCH_ROUTINES.length, 16);
    const expected = [...DISPATCH_ROUTINES.map(dispatchSnippetPrefix), 'wdmDriver', 'wdmRegister'];
    assert.deepEqual([...prefixes].sort(), expected.sort());
    for (const prefix of prefixes) assert.ok(byPrefix(prefix).description.length > 20, prefix);
    assert.ok(prefixes.includes('dispatchCleanup') && prefixes.includes('dispatchCreateClose'));
  });

  test('every IRP_MJ name in a snippet is a code or alias of the IRP table', () => {
    const known = new Set<string>([...ALL_IRP_MJ_NAMES, 'IRP_MJ_MAXIMUM_FUNCTION']);
    for (const snippet of all) {
      const text = snippet.body.join('\n') + '\n' + snippet.description;
      for (const name of text.match(/\bIRP_MJ_\w+/g) ?? []) {
        assert.ok(known.has(name), `${snippet.prefix} names unknown code ${name}`);
      }
    }
  });

  test('each dispatch snippet declares and defines its routine for its slot(s)', () => {
    for (const row of DISPATCH_ROUTINES) {
      const snippet = byPrefix(dispatchSnippetPrefix(row));
      const body = snippet.body.join('\n');
      const annotations = row.slots.map((slot) => `_Dispatch_type_(${slot})`).join(' ');
      assert.ok(
        body.includes(`${annotations} DRIVER_DISPATCH \${1:Xxx}${row.routine};`),
        `${row.routine}: declaration`,
      );
      assert.ok(
        body.includes(`_Use_decl_annotations_\nNTSTATUS \${1:Xxx}${row.routine}(`),
        row.routine,
      );
      for (const slot of row.slots) {
        assert.ok(snippet.description.includes(slot), `${row.routine}: ${slot}`);
      }
      // The prefix is the first tab stop and never appears as plain text, so one edit renames all.
      const stops = [...body.matchAll(/\$\{(\d+):([^}]*)\}/g)];
      assert.equal(Math.min(...stops.map((m) => Number(m[1]))), 1, row.routine);
      assert.ok(
        stops.filter((m) => m[1] === '1').every((m) => m[2] === 'Xxx'),
        row.routine,
      );
      assert.ok(!/(?<!\{1:)Xxx/.test(body), `${row.routine}: Xxx outside tab stop 1`);
    }
  });

  test('bodies are indented with spaces in steps of four and have no tabs', () => {
    for (const snippet of all) {
      for (const line of snippet.body) {
        assert.ok(!line.includes('\t'), `${snippet.prefix}: tab in ${line}`);
        const indent = /^ */.exec(line)?.[0].length ?? 0;
        // Continued conditional expressions align their `?` and `:` under the operand.
        const continuation = /^\s+[?:] /.test(line);
        assert.ok(indent % 4 === 0 || continuation, `${snippet.prefix}: indent of "${line}"`);
      }
    }
  });

  test('create and close complete with STATUS_SUCCESS and no information', () => {
    for (const prefix of ['dispatchCreate', 'dispatchClose', 'dispatchCreateClose']) {
      const text = expanded(prefix);
      assert.match(text, /Irp->IoStatus\.Information = 0;/, prefix);
      assert.match(text, /IoCompleteRequest\(Irp, IO_NO_INCREMENT\);/, prefix);
      assert.match(text, /STATUS_SUCCESS/, prefix);
    }
    assert.match(expanded('dispatchCreateClose'), /MajorFunction == IRP_MJ_CREATE/);
  });

  test("cleanup cancels the file object's queued IRPs, then completes", () => {
    const text = expanded('dispatchCleanup');
    assert.match(text, /IoSetCancelRoutine\(queuedIrp, NULL\)/);
    assert.match(text, /FileObject == fileObject/);
    assert.match(text, /STATUS_CANCELLED/);
    assert.ok(text.indexOf('IoCompleteRequest(queuedIrp') < text.indexOf('IoCompleteRequest(Irp'));
  });

  test('device control switches on the code, checks both lengths, fails unknown codes', () => {
    const text = expanded('dispatchDeviceControl');
    assert.match(text, /switch \(stack->Parameters\.DeviceIoControl\.IoControlCode\)/);
    assert.match(text, /InputBufferLength/);
    assert.match(text, /OutputBufferLength/);
    assert.match(text, /default:\s+status = STATUS_INVALID_DEVICE_REQUEST;/);
  });

  test('PnP passes requests down and detaches and deletes on IRP_MN_REMOVE_DEVICE', () => {
    const text = expanded('dispatchPnP');
    const remove = text.slice(text.indexOf('case IRP_MN_REMOVE_DEVICE:'));
    const order = [
      'IoSkipCurrentIrpStackLocation',
      'IoCallDriver',
      'IoDetachDevice',
      'IoDeleteDevice',
    ];
    const positions = order.map((call) => remove.indexOf(call));
    assert.ok(
      positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1])),
      positions.join(),
    );
    assert.match(text, /return IoCallDriver\(deviceExtension->LowerDeviceObject, Irp\);\n\}$/);
  });

  test('power, system control and flush forward the IRP to the lower driver', () => {
    const power = expanded('dispatchPower');
    assert.ok(
      power.indexOf('PoStartNextPowerIrp(Irp)') < power.indexOf('IoSkipCurrentIrpStackLocation'),
    );
    assert.match(power, /return PoCallDriver\(deviceExtension->LowerDeviceObject, Irp\);/);
    for (const prefix of ['dispatchSystemControl', 'dispatchFlushBuffers']) {
      assert.match(
        expanded(prefix),
        /IoSkipCurrentIrpStackLocation\(Irp\);\s+return IoCallDriver\(/,
      );
    }
  });

  test('read and write validate the length and report Information', () => {
    assert.match(expanded('dispatchRead'), /stack->Parameters\.Read\.Length/);
    assert.match(expanded('dispatchWrite'), /stack->Parameters\.Write\.Length/);
    const both = expanded('dispatchReadWrite');
    assert.match(both, /Parameters\.Read\.Length/);
    assert.match(both, /Parameters\.Write\.Length/);
    for (const prefix of ['dispatchRead', 'dispatchWrite', 'dispatchReadWrite']) {
      assert.match(expanded(prefix), /Irp->IoStatus\.Information = information;/, prefix);
    }
  });

  test('shutdown completes with STATUS_SUCCESS', () => {
    assert.match(expanded('dispatchShutdown'), /Irp->IoStatus\.Status = STATUS_SUCCESS;/);
  });

  test('wdmDriver is a whole driver that registers the routines it defines', () => {
    const text = expanded('wdmDriver');
    for (const piece of [
      '#include <ntddk.h>',
      'PDEVICE_OBJECT LowerDeviceObject;',
      'DRIVER_INITIALIZE DriverEntry;',
      'DRIVER_ADD_DEVICE XxxAddDevice;',
      'DRIVER_UNLOAD XxxUnload;',
      '#ifdef ALLOC_PRAGMA',
      '#pragma alloc_text(INIT, DriverEntry)',
      '#pragma alloc_text(PAGE, XxxAddDevice)',
      'IoCreateDevice(',
      'IoAttachDeviceToDeviceStack(',
      '~DO_DEVICE_INITIALIZING',
      'DriverObject->DriverExtension->AddDevice = XxxAddDevice;',
      'DriverObject->DriverUnload = XxxUnload;',
    ]) {
      assert.ok(text.includes(piece), `wdmDriver lacks ${piece}`);
    }
    for (const routine of SKELETON_ROUTINES) {
      for (const slot of rowOf(routine).slots) {
        assert.ok(text.includes(`DriverObject->MajorFunction[${slot}] = Xxx${routine};`), slot);
      }
      assert.ok(text.includes(`NTSTATUS Xxx${routine}(PDEVICE_OBJECT DeviceObject, PIRP Irp)\n{`));
    }
    // Every PnP driver must handle PnP, power and WMI requests.
    for (const slot of ['IRP_MJ_PNP', 'IRP_MJ_POWER', 'IRP_MJ_SYSTEM_CONTROL']) {
      assert.ok(text.includes(`MajorFunction[${slot}]`), slot);
    }
  });

  test('wdmRegister fills each slot of its routines once, in slot order', () => {
    const lines = expanded('wdmRegister').split('\n').filter(Boolean);
    const slots = lines.map((line) => /MajorFunction\[(\w+)\] = Xxx(\w+);$/.exec(line));
    assert.ok(slots.every(Boolean), lines.join('\n'));
    const values = slots.map((m) => irpByName(m![1])?.value ?? -1);
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
    );
    assert.equal(new Set(values).size, values.length);
    assert.deepEqual([...new Set(slots.map((m) => m![2]))].sort(), [...REGISTER_ROUTINES].sort());
    assert.ok(byPrefix('wdmRegister').body[0].startsWith('${1:DriverObject}->MajorFunction['));
    assert.ok(byPrefix('wdmRegister').body[0].includes('${2:Xxx}'));
  });

  test('the README documents every snippet prefix', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('### Snippets'),
      readme.indexOf('### Highlighting'),
    );
    for (const snippet of all) {
      assert.ok(
        section.includes(`| \`${snippet.prefix}\``),
        `README lacks a row for ${snippet.prefix}`,
      );
    }
  });

  test('package.json contributes the snippet file to C and C++', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { snippets: { language: string; path: string }[] };
    };
    for (const language of ['c', 'cpp']) {
      const entry = pkg.contributes.snippets.find((s) => s.language === language);
      assert.ok(entry, `no snippets entry for ${language}`);
      assert.equal(path.normalize(entry.path), path.normalize('./' + SNIPPET_FILE));
    }
  });
});
