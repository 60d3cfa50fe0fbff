// Code lenses: slot count on DriverEntry and the slots of each dispatch routine.
import * as assert from 'node:assert/strict';
import { computeCodeLenses } from '../../server/src/features/codeLens';
import { parseFixture } from './fixture';

const SOURCE = `
//- /driver.c
DRIVER_DISPATCH SampleReadWrite;
DRIVER_DISPATCH SampleUnused;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = SampleReadWrite;
    DriverObject->MajorFunction[IRP_MJ_READ] = SampleReadWrite;
    return STATUS_SUCCESS;
}
NTSTATUS SampleReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
NTSTATUS SampleUnused(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
NTSTATUS Helper(void) { return STATUS_SUCCESS; }
//- /create.c
NTSTATUS SampleCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`;

function lensTitles(path: string): string[] {
  const fixture = parseFixture(SOURCE);
  return computeCodeLenses(fixture.model, fixture.uri(path)).map(
    (l) => `${l.range.start.line}: ${l.command?.title}`,
  );
}

suite('codeLens', () => {
  test('DriverEntry counts the handled slots; routines list their slots in value order', () => {
    assert.deepEqual(lensTitles('/driver.c'), [
      '2: 4 of 28 slots handled',
      '10: IRP_MJ_READ, IRP_MJ_WRITE',
      '11: not registered in any MajorFunction slot',
    ]);
  });

  test('a routine defined in another file gets its lens there', () => {
    assert.deepEqual(lensTitles('/create.c'), ['0: IRP_MJ_CREATE, IRP_MJ_CLOSE']);
  });

  test('lenses run the show-dispatch-table command', () => {
    const fixture = parseFixture(SOURCE);
    for (const lens of computeCodeLenses(fixture.model, fixture.uri('/driver.c'))) {
      assert.equal(lens.command?.command, 'wdm.showDispatchTable');
    }
  });
});
