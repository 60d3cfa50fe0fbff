// Handlers registered unqualified (`= pnp;` under `using namespace usbip;`) and defined qualified
// (`NTSTATUS usbip::pnp(...)`): index/handlerResolution.ts falls back to the qualified definition.
import * as assert from 'node:assert/strict';
import { computeDefinition } from '../../server/src/features/definition';
import { WorkspaceIndex } from '../../server/src/index/workspaceIndex';
import { renderFindings } from './rules/ruleFixture';
import { cursorOf, parseFixture } from './fixture';

const SOURCE = `
//- /drv/pnp.h
namespace usbip { NTSTATUS pnp(DEVICE_OBJECT *devobj, IRP *irp); }
//- /drv/driver.cpp
#include "pnp.h"
using namespace usbip;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH ReadOnlyQualified;
extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_PNP] = pnp;
    DriverObject->MajorFunction[IRP_MJ_READ] = ReadOnlyQualified;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = Unknown;
    return STATUS_SUCCESS;
}
//- /drv/pnp.cpp
#include "pnp.h"
NTSTATUS usbip::pnp(DEVICE_OBJECT *devobj, IRP *irp) { return STATUS_SUCCESS; }
NTSTATUS ReadOnlyQualified(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
NTSTATUS other::ReadOnlyQualified(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
//- /drv/io.cpp
NTSTATUS Filter::Unknown(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`;

const show = (l: { uri: string; range: { start: { line: number } } }): string =>
  `${l.uri.slice('file:///ws/'.length)}:${l.range.start.line}`;

function definitionAt(marker: string): string[] | undefined {
  const i = SOURCE.indexOf(marker);
  assert.ok(i >= 0, marker);
  const fixture = parseFixture(SOURCE.slice(0, i + 2) + '$0' + SOURCE.slice(i + 2));
  const c = cursorOf(fixture);
  return computeDefinition(fixture.model, c.uri, c.text, c.position)?.map(show);
}

suite('qualified handler definitions', () => {
  test('an unqualified registration finds the ns::Name definition', () => {
    const model = parseFixture(SOURCE).model;
    const info = model.drivers[0].handlers.get('pnp');
    assert.equal(info?.definition?.name, 'usbip::pnp');
    assert.ok(info?.definition?.uri.endsWith('/drv/pnp.cpp'));
    assert.equal(info?.definition?.nameRange.start.line, 1);
    assert.deepEqual(definitionAt('pnp;\n'), ['drv/pnp.cpp:1']);
  });

  test('an unqualified definition of the same name wins over a qualified one', () => {
    const info = parseFixture(SOURCE).model.drivers[0].handlers.get('ReadOnlyQualified');
    assert.equal(info?.definition?.name, 'ReadOnlyQualified');
    assert.equal(info?.definition?.nameRange.start.line, 2);
  });

  test('a class member defined qualified is found, so handler-not-found stays silent', () => {
    const info = parseFixture(SOURCE).model.drivers[0].handlers.get('Unknown');
    assert.equal(info?.definition?.name, 'Filter::Unknown');
    assert.deepEqual(renderFindings(parseFixture(SOURCE), ['handler-not-found']), []);
    const without = SOURCE.slice(0, SOURCE.indexOf('//- /drv/io.cpp'));
    assert.equal(renderFindings(parseFixture(without), ['handler-not-found']).length, 1);
  });
});

suite('qualified handler definitions: incremental model', () => {
  const ROOT = 'file:///ws';
  const uri = (rel: string): string => `${ROOT}/${rel}`;
  const FILES: Record<string, string> = {
    'a/driver.cpp': `using namespace usbip;
extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_PNP] = pnp;
    return STATUS_SUCCESS;
}
NTSTATUS usbip::pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`,
    'b/driver.c': `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_PNP] = pnp;
    return STATUS_SUCCESS;
}
`,
    'shared/pnp.c': `int unrelated;\n`,
  };
  const DEFINES_PNP = `NTSTATUS pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }\n`;

  function definitions(index: WorkspaceIndex): string[] {
    return index.model.drivers.map(
      (d) => `${d.root}: ${d.handlers.get('pnp')?.definition?.uri.slice(ROOT.length + 1) ?? '-'}`,
    );
  }

  test('an own qualified definition wins over an unqualified one elsewhere; edits give what a fresh build gives', () => {
    const index = new WorkspaceIndex([ROOT]);
    for (const [rel, text] of Object.entries(FILES)) index.update(uri(rel), text);
    assert.deepEqual(definitions(index), ['a: a/driver.cpp', 'b: a/driver.cpp']);
    index.update(uri('shared/pnp.c'), DEFINES_PNP);
    const fresh = new WorkspaceIndex([ROOT]);
    for (const [rel, text] of Object.entries({ ...FILES, 'shared/pnp.c': DEFINES_PNP })) {
      fresh.update(uri(rel), text);
    }
    assert.deepEqual(definitions(fresh), ['a: a/driver.cpp', 'b: shared/pnp.c']);
    assert.deepEqual(definitions(index), definitions(fresh));
  });
});
