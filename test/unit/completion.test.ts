// Completion of IRP_MJ names inside MajorFunction[ and of fitting routines after `] = `.
import * as assert from 'node:assert/strict';
import { computeCompletion } from '../../server/src/features/completion';
import { cursorOf, parseFixture } from './fixture';

function complete(source: string): { label: string; sortText?: string }[] | null {
  const fixture = parseFixture(source);
  const { uri, position, text } = cursorOf(fixture);
  const list = computeCompletion(fixture.model, uri, text, position);
  if (!list) return null;
  return [...list.items].sort((a, b) =>
    (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label),
  );
}

const HEAD = `
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH SampleRead;
_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH SampleWrite;
DRIVER_DISPATCH SampleDeviceControl;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreate;
    DriverObject->MajorFunction[IRP_MJ_READ] = SampleRead;
`;

suite('completion', () => {
  test('inside MajorFunction[ the slots not yet registered come first', () => {
    const items = complete(HEAD + '    DriverObject->MajorFunction[IRP_MJ_$0\n    return 0;\n}\n');
    assert.ok(items);
    assert.equal(items.length, 28);
    const labels = items.map((i) => i.label);
    assert.equal(labels[0], 'IRP_MJ_CREATE_NAMED_PIPE');
    // The registered slots sort after every unregistered one.
    assert.deepEqual(labels.slice(-2), ['IRP_MJ_CREATE', 'IRP_MJ_READ']);
  });

  test('after "] = " the routines annotated for the slot come first', () => {
    const items = complete(
      HEAD + '    DriverObject->MajorFunction[IRP_MJ_WRITE] = $0\n    return 0;\n}\n',
    );
    assert.ok(items);
    const labels = items.map((i) => i.label);
    assert.equal(labels[0], 'SampleWrite');
    assert.ok(labels.includes('SampleDeviceControl'));
    // Annotated for another slot: offered last.
    assert.equal(labels[labels.length - 1], 'SampleRead');
  });

  test('an alias index selects the slot it names', () => {
    const items = complete(
      HEAD + '    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = Sam$0\n}\n',
    );
    assert.ok(items);
    assert.equal(items[0].label, 'SampleDeviceControl');
  });

  test('nothing outside registrations or inside comments', () => {
    assert.equal(complete(HEAD + '    int x = $0\n}\n'), null);
    assert.equal(complete(HEAD + '    // DriverObject->MajorFunction[$0\n}\n'), null);
  });
});
