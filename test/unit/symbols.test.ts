// Document and workspace symbols for DriverEntry and the dispatch routines.
import * as assert from 'node:assert/strict';
import {
  computeDocumentSymbols,
  computeWorkspaceSymbols,
  flattenDocumentSymbols,
} from '../../server/src/features/symbols';
import { parseFixture } from './fixture';

const SOURCE = `
//- /driver.c
DRIVER_DISPATCH SampleRead;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = SampleRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = SampleWrite;
    return STATUS_SUCCESS;
}
static int Helper(void) { return 0; }
NTSTATUS SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
//- /write.c
NTSTATUS SampleWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`;

suite('symbols', () => {
  test('document symbols list DriverEntry and dispatch routines, not helpers', () => {
    const fixture = parseFixture(SOURCE);
    const symbols = computeDocumentSymbols(fixture.model, fixture.uri('/driver.c'));
    assert.deepEqual(
      symbols.map((s) => `${s.name} (${s.detail})`),
      ['DriverEntry (driver entry)', 'SampleRead (IRP_MJ_READ)'],
    );
    const flat = flattenDocumentSymbols(fixture.uri('/driver.c'), symbols);
    assert.equal(flat[1].location.uri, fixture.uri('/driver.c'));
  });

  test('workspace symbols match a fuzzy query across files', () => {
    const fixture = parseFixture(SOURCE);
    const found = computeWorkspaceSymbols(fixture.model, 'swri').map(
      (s) => `${s.name}@${s.location.uri.slice('file:///ws/'.length)}`,
    );
    assert.deepEqual(found, ['SampleWrite@write.c']);
    const all = computeWorkspaceSymbols(fixture.model, '')
      .map((s) => s.name)
      .sort();
    assert.deepEqual(all, ['DriverEntry', 'SampleRead', 'SampleWrite']);
  });
});
