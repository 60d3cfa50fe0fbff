// Quick fixes: each repairing fix applied to its fixture gives the expected file (whole text),
// actions are versioned quick fixes tied to their diagnostic, the suppression fix silences the
// diagnostic, and fixes that need another file's text are left out without it.
import * as assert from 'node:assert/strict';
import type { TextDocumentEdit } from 'vscode-languageserver';
import { computeCodeActions } from '../../server/src/features/codeActions';
import { parseFixture } from './fixture';
import { FIX_CASES, type FixCase } from './rules/fixFixtures';
import {
  actionsFor,
  applyAction,
  diagnosticsOf,
  preferred,
  renderFindings,
} from './rules/ruleFixture';

function fixCase(name: string): FixCase {
  const found = FIX_CASES.find((c) => c.name === name);
  assert.ok(found, name);
  return found;
}

function fixed(name: string): Record<string, string> {
  const c = fixCase(name);
  const fx = parseFixture(c.source);
  return applyAction(fx, preferred(actionsFor(fx, c.path, c.ruleId)));
}

/** The fixture file with a replacement of one exact snippet, to state an expected result. */
function expectedFrom(name: string, path: string, pairs: [string, string][]): string {
  let text = parseFixture(fixCase(name).source).text(path);
  for (const [from, to] of pairs) {
    assert.ok(text.includes(from), `fixture lacks ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

suite('code actions', () => {
  test('a missing PnP handler is generated, forwarded to the lower device, and registered with the parameter name', () => {
    const name = 'missing PnP handler forwarded to the lower device';
    const expected = expectedFrom(name, '/pnp/driver.c', [
      [
        '\n_Use_decl_annotations_\nNTSTATUS\nDriverEntry(',
        '\n_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH FooDispatchPnP;\n\n_Use_decl_annotations_\nNTSTATUS\nDriverEntry(',
      ],
      [
        '= FooDispatchCreateClose; // opens\n',
        '= FooDispatchCreateClose; // opens\n    pDrv->MajorFunction[IRP_MJ_PNP] = FooDispatchPnP;\n',
      ],
      [
        '    return STATUS_SUCCESS;\n}\n\n_Use_decl_annotations_\nNTSTATUS\nFooAddDevice',
        `    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FooDispatchPnP(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_DATA extension = (PFDO_DATA)DeviceObject->DeviceExtension;

    // Not handled here: pass the IRP down to the next-lower driver unchanged.
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(extension->NextLowerDriver, Irp);
}

_Use_decl_annotations_
NTSTATUS
FooAddDevice`,
      ],
    ]);
    assert.deepEqual(fixed(name), { 'pnp/driver.c': expected });
  });

  test('create-without-close reuses a CreateClose routine', () => {
    const name = 'close added with the CreateClose routine';
    const expected = expectedFrom(name, '/pnp/driver.c', [
      [
        '= FooDispatchCreateClose; // opens\n',
        '= FooDispatchCreateClose; // opens\n    pDrv->MajorFunction[IRP_MJ_CLOSE] = FooDispatchCreateClose;\n',
      ],
    ]);
    assert.deepEqual(fixed(name), { 'pnp/driver.c': expected });
  });

  test('generated code keeps CRLF line endings and tab indentation', () => {
    const result = fixed('missing SystemControl handler, CRLF and tabs')['bus/bus.c'];
    assert.ok(
      result.includes(
        '\tDriverObject->MajorFunction[IRP_MJ_POWER] = BusDispatchPnP;\r\n\tDriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = BusDispatchSystemControl;\r\n',
      ),
    );
    assert.ok(
      result.includes(
        '\r\n_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) DRIVER_DISPATCH BusDispatchSystemControl;\r\n',
      ),
    );
    assert.ok(result.includes('{\r\n\tNTSTATUS status = Irp->IoStatus.Status;\r\n'));
    assert.equal(result.replace(/\r\n/g, '').includes('\n'), false, 'a bare LF was inserted');
    assert.equal(/^ +\S/m.test(result), false, 'space indentation was inserted');
  });

  test('IoRegisterShutdownNotification goes after the failure check of IoCreateDevice', () => {
    const name = 'shutdown notification after the status check';
    const expected = expectedFrom(name, '/legacy/legacy.c', [
      [
        '    return status;\n  }\n',
        '    return status;\n  }\n  IoRegisterShutdownNotification(deviceObject);\n',
      ],
    ]);
    assert.deepEqual(fixed(name), { 'legacy/legacy.c': expected });
  });

  test('annotation fixes edit the declaration in the header, or correct the wrong slot', () => {
    assert.deepEqual(fixed('annotation added to a header declaration'), {
      'ann/ann.h': expectedFrom('annotation added to a header declaration', '/ann/ann.h', [
        [
          '\nDRIVER_DISPATCH AnnDispatchRead;',
          '\n_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH AnnDispatchRead;',
        ],
      ]),
    });
    assert.deepEqual(fixed('wrong annotation corrected'), {
      'ann/ann.h': expectedFrom('wrong annotation corrected', '/ann/ann.h', [
        [
          '_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH AnnDispatchWrite;',
          '_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH AnnDispatchWrite;',
        ],
      ]),
    });
    assert.deepEqual(fixed('declaration added for a static definition'), {
      'ann/ann.c': expectedFrom('declaration added for a static definition', '/ann/ann.c', [
        [
          '\nstatic NTSTATUS AnnDispatchIoctl(',
          '\n_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) static DRIVER_DISPATCH AnnDispatchIoctl;\n_Use_decl_annotations_\nstatic NTSTATUS AnnDispatchIoctl(',
        ],
      ]),
    });
    assert.deepEqual(fixed('_Use_decl_annotations_ added'), {
      'ann/ann.c': expectedFrom('_Use_decl_annotations_ added', '/ann/ann.c', [
        [
          '}\n\nNTSTATUS AnnDispatchWrite(',
          '}\n\n_Use_decl_annotations_\nNTSTATUS AnnDispatchWrite(',
        ],
      ]),
    });
  });

  test('actions are versioned quick fixes tied to their diagnostic; the repair is preferred, the suppression not', () => {
    const c = fixCase('unregistered routine registered in another file');
    const fx = parseFixture(c.source);
    const diagnostic = diagnosticsOf(fx, c.path, c.ruleId)[0];
    const actions = actionsFor(fx, c.path, c.ruleId);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ['Register AnnDispatchCleanup for IRP_MJ_CLEANUP in DriverEntry', 'quickfix', true],
        ['Ignore unregistered-dispatch-routine on this line (// wdm-ignore)', 'quickfix', false],
      ],
    );
    for (const a of actions) assert.deepEqual(a.diagnostics, [diagnostic]);
    const changes = actions[0].edit?.documentChanges as TextDocumentEdit[];
    // The registration goes into the other file, with the version getText reported for it.
    assert.deepEqual(
      changes.map((d) => d.textDocument),
      [{ uri: fx.uri('/ann/ann.c'), version: 3 }],
    );
    const suppress = actions[1].edit?.documentChanges as TextDocumentEdit[];
    assert.deepEqual(
      suppress.map((d) => d.textDocument),
      [{ uri: fx.uri('/ann/ann.h'), version: 7 }],
    );
  });

  test('the suppression fix adds a wdm-ignore comment that silences the diagnostic', () => {
    const c = fixCase('close added with the CreateClose routine');
    const fx = parseFixture(c.source);
    const suppress = actionsFor(fx, c.path, c.ruleId).find((a) => !a.isPreferred);
    assert.ok(suppress);
    const text = applyAction(fx, suppress)['pnp/driver.c'];
    assert.ok(
      text.includes('= FooDispatchCreateClose; // opens // wdm-ignore create-without-close\n'),
    );
    const again = parseFixture('//- /pnp/driver.c\n' + text);
    assert.deepEqual(renderFindings(again, ['create-without-close']), []);
  });

  test("without the other file's text only the suppression is offered", () => {
    const c = fixCase('unregistered routine registered in another file');
    const fx = parseFixture(c.source);
    const d = diagnosticsOf(fx, c.path, c.ruleId)[0];
    const actions = computeCodeActions(
      fx.model,
      { uri: fx.uri(c.path), version: 1, text: fx.text(c.path) },
      d.range,
      [d],
    );
    assert.deepEqual(
      actions.map((a) => a.isPreferred),
      [false],
    );
  });

  test('diagnostics of other sources and ranges elsewhere get no actions', () => {
    const c = fixCase('close added with the CreateClose routine');
    const fx = parseFixture(c.source);
    const d = diagnosticsOf(fx, c.path, c.ruleId)[0];
    const doc = { uri: fx.uri(c.path), version: 1, text: fx.text(c.path) };
    assert.deepEqual(computeCodeActions(fx.model, doc, d.range, [{ ...d, source: 'clangd' }]), []);
    const elsewhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    assert.deepEqual(computeCodeActions(fx.model, doc, elsewhere, [d]), []);
  });
  test('a client that drops diagnostic.data still gets the repairing fix', () => {
    const c = fixCase('close added with the CreateClose routine');
    const fx = parseFixture(c.source);
    const d = diagnosticsOf(fx, c.path, c.ruleId)[0];
    const { data: _dropped, ...bare } = d;
    const doc = { uri: fx.uri(c.path), version: 1, text: fx.text(c.path) };
    const actions = computeCodeActions(fx.model, doc, d.range, [bare]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [
        ['Register FooDispatchCreateClose for IRP_MJ_CLOSE in DriverEntry', true],
        ['Ignore create-without-close on this line (// wdm-ignore)', false],
      ],
    );
  });
  test('a missing handler is written for every slot it is stored in, and the driver is then clean', () => {
    const c = fixCase('routine written for a handler that does not exist');
    const result = fixed(c.name)['undef/undef.c'];
    assert.ok(
      result.includes(
        '\n_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH UndefDispatchCreateClose;\n\nNTSTATUS DriverEntry(',
      ),
      result,
    );
    const again = parseFixture('//- /undef/undef.c\n' + result);
    assert.deepEqual(renderFindings(again), []);
  });

  test('fixes that repair leave no finding of their rule behind', () => {
    for (const c of FIX_CASES) {
      const fx = parseFixture(c.source);
      const changed = applyAction(fx, preferred(actionsFor(fx, c.path, c.ruleId)));
      const source = fx.files
        .map((f) => `//- ${f.path}\n${changed[f.path.slice(1)] ?? f.text}`)
        .join('\n');
      const before = renderFindings(fx, [c.ruleId]).length;
      const after = renderFindings(parseFixture(source), [c.ruleId]).length;
      assert.ok(after < before, `${c.name}: ${before} -> ${after}`);
    }
  });
  test('malformed requests and forged fix data never throw and never inject text', () => {
    const c = fixCase('close added with the CreateClose routine');
    const fx = parseFixture(c.source);
    const d = diagnosticsOf(fx, c.path, c.ruleId)[0];
    const doc = { uri: fx.uri(c.path), version: 1, text: fx.text(c.path) };
    const forged = {
      ...d,
      data: { ruleId: c.ruleId, driver: 'file:///ws/pnp', slot: 'IRP_MJ_CLOSE] = Evil; //' },
    };
    const actions = computeCodeActions(fx.model, doc, d.range, [forged]);
    for (const a of actions) assert.ok(!JSON.stringify(a.edit).includes('Evil'), a.title);
    const bad = [
      { ...d, range: undefined },
      { ...d, data: 42 },
      { ...d, data: { ruleId: c.ruleId, driver: 'file:///elsewhere' } },
      { ...d, code: 'no-such-rule' },
    ] as unknown as (typeof d)[];
    assert.doesNotThrow(() => computeCodeActions(fx.model, doc, d.range, bad));
    assert.doesNotThrow(() =>
      computeCodeActions(fx.model, { uri: 'file:///nowhere.c', version: 1, text: '' }, d.range, [
        d,
      ]),
    );
  });
  test('a routine declared with others in one statement gets a declaration of its own', () => {
    const fx = parseFixture(`//- /drv/driver.c
#include <wdm.h>
  DRIVER_DISPATCH FooDispatchRead, FooDispatchWrite, FooDispatchIoctl;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FooDispatchIoctl;
    return STATUS_SUCCESS;
}
`);
    const uri = fx.uri('/drv/driver.c');
    const doc = { uri, version: 1, text: fx.text('/drv/driver.c') };
    const results = diagnosticsOf(fx, '/drv/driver.c', 'missing-dispatch-annotation').map((d) => {
      const fix = preferred(computeCodeActions(fx.model, doc, d.range, [d]));
      return (
        applyAction(fx, fix)['drv/driver.c'].split('\n')[1] +
        ' / ' +
        applyAction(fx, fix)['drv/driver.c'].split('\n')[2]
      );
    });
    assert.deepEqual(results, [
      '  _Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH FooDispatchRead; /   DRIVER_DISPATCH FooDispatchWrite, FooDispatchIoctl;',
      '  _Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH FooDispatchWrite; /   DRIVER_DISPATCH FooDispatchRead, FooDispatchIoctl;',
      '  _Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH FooDispatchIoctl; /   DRIVER_DISPATCH FooDispatchRead, FooDispatchWrite;',
    ]);
  });
  test('a mismatch in a shared annotated statement splits the routine out with its own annotations', () => {
    const fx = parseFixture(`//- /drv/driver.c
#include <wdm.h>
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH FooDispatchRead, FooDispatchReadWrite;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchReadWrite;
    return STATUS_SUCCESS;
}
`);
    const result = applyAction(
      fx,
      preferred(actionsFor(fx, '/drv/driver.c', 'dispatch-annotation-mismatch')),
    );
    assert.deepEqual(result['drv/driver.c'].split('\n').slice(1, 3), [
      '_Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH FooDispatchReadWrite;',
      '_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH FooDispatchRead;',
    ]);
  });
});
