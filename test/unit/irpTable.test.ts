// The IRP table: 28 codes in value order, aliases, and the 16 rows of the seed table.
import * as assert from 'node:assert/strict';
import {
  ALL_IRP_MJ_NAMES,
  DISPATCH_ROUTINES,
  IRP_MAJOR_FUNCTIONS,
  canonicalSlot,
  irpByName,
} from '../../server/src/irpTable';

suite('irpTable', () => {
  test('has the 28 codes in value order', () => {
    assert.equal(IRP_MAJOR_FUNCTIONS.length, 28);
    IRP_MAJOR_FUNCTIONS.forEach((irp, i) => assert.equal(irp.value, i, irp.name));
    assert.equal(IRP_MAJOR_FUNCTIONS[0x1b].name, 'IRP_MJ_PNP');
  });

  test('resolves aliases and numeric indexes to canonical names', () => {
    assert.equal(canonicalSlot('IRP_MJ_SCSI'), 'IRP_MJ_INTERNAL_DEVICE_CONTROL');
    assert.equal(canonicalSlot('IRP_MJ_PNP_POWER'), 'IRP_MJ_PNP');
    assert.equal(canonicalSlot('0x0e'), 'IRP_MJ_DEVICE_CONTROL');
    assert.equal(canonicalSlot('14'), 'IRP_MJ_DEVICE_CONTROL');
    assert.equal(canonicalSlot('0x1c'), undefined);
    assert.equal(canonicalSlot('IRP_MN_START_DEVICE'), undefined);
    assert.equal(irpByName('IRP_MJ_SCSI')?.value, 0x0f);
    assert.equal(ALL_IRP_MJ_NAMES.length, 30);
  });

  test('the seed table has 16 rows whose slots exist and list the routine', () => {
    assert.equal(DISPATCH_ROUTINES.length, 16);
    for (const row of DISPATCH_ROUTINES) {
      for (const slot of row.slots) {
        const irp = irpByName(slot);
        assert.ok(irp, slot);
        assert.ok(irp.routines.includes(row.routine), `${slot} lists ${row.routine}`);
      }
    }
  });
});
