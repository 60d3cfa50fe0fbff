// Rules fed by recognizer fixes: loops that overrun MajorFunction (invalid-major-function-index)
// and writes of one slot in runtime alternatives (duplicate-registration).
import * as assert from 'node:assert/strict';
import { parseFixture, renderFindings } from './ruleFixture';

suite('rules: overrunning loops', () => {
  test('a loop past IRP_MJ_MAXIMUM_FUNCTION is an invalid index, yet still fills every slot', () => {
    const fx = parseFixture(`#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION + 1; i++) DriverObject->MajorFunction[i] = FooDispatchPass;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = FooDispatchPass;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['invalid-major-function-index']), [
      'driver.c:5:84 invalid-major-function-index MajorFunction[i] in driver ws: the loop runs i past IRP_MJ_MAXIMUM_FUNCTION (0x1b), so its last pass writes past the array',
    ]);
    // The slots are still handled: no create/close pairing or missing-handler findings appear.
    assert.deepEqual(renderFindings(fx, ['create-without-close', 'close-without-create']), []);
  });
});
