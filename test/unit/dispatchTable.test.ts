// The wdm/dispatchTable answer: 28 slots per driver with handlers and their locations.
import * as assert from 'node:assert/strict';
import { computeDispatchTable } from '../../server/src/features/dispatchTable';
import { parseFixture } from './fixture';

const SOURCE = `
//- /driver.c
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = SamplePassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_SCSI] = SampleScsi;
    return STATUS_SUCCESS;
}
NTSTATUS SampleScsi(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`;

suite('dispatchTable', () => {
  test('every driver has 28 slots in value order; an override replaces the loop default', () => {
    const fixture = parseFixture(SOURCE);
    const table = computeDispatchTable(fixture.model);
    assert.equal(table.drivers.length, 1);
    const driver = table.drivers[0];
    assert.equal(driver.entry?.function, 'DriverEntry');
    assert.equal(driver.slots.length, 28);
    assert.deepEqual(
      driver.slots.slice(0, 2).map((s) => `${s.slot}=${s.value}`),
      ['IRP_MJ_CREATE=0x00', 'IRP_MJ_CREATE_NAMED_PIPE=0x01'],
    );
    const scsi = driver.slots.find((s) => s.slot === 'IRP_MJ_INTERNAL_DEVICE_CONTROL');
    assert.ok(scsi);
    const names = scsi.handlers.map((h) => `${h.name}${h.inLoop ? ' (loop)' : ''}`).sort();
    // IRP_MJ_SCSI is an alias of IRP_MJ_INTERNAL_DEVICE_CONTROL; the later write wins over the loop.
    assert.deepEqual(names, ['SampleScsi']);
    const own = scsi.handlers.find((h) => h.name === 'SampleScsi');
    assert.equal(own?.location?.range.start.line, 8);
    assert.equal(own?.registration.range.start.line, 5);
  });

  test('the loop fills every slot, including IRP_MJ_PNP with a <= bound', () => {
    const fixture = parseFixture(SOURCE);
    const driver = computeDispatchTable(fixture.model).drivers[0];
    const loopSlots = driver.slots.filter((s) =>
      s.handlers.some((h) => h.name === 'SamplePassThrough' && h.inLoop),
    );
    assert.equal(loopSlots.length, 27);
    assert.ok(loopSlots.some((s) => s.slot === 'IRP_MJ_PNP'));
  });

  test('a uri restricts the answer to its driver; unknown uris give all drivers', () => {
    const fixture = parseFixture(SOURCE);
    assert.equal(computeDispatchTable(fixture.model, fixture.uri('/driver.c')).drivers.length, 1);
    assert.equal(computeDispatchTable(fixture.model, 'file:///elsewhere/x.c').drivers.length, 1);
  });
});
