// create-without-close, close-without-create and flush-without-shutdown: slots that come in pairs.
import * as assert from 'node:assert/strict';
import { parseFixture, renderFindings } from './ruleFixture';

const HEADER = `#include <wdm.h>
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH FooDispatchCreate;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH FooDispatchClose;
`;

suite('rules: paired slots', () => {
  test('create without close is reported on the IRP_MJ_CREATE registration', () => {
    const fx = parseFixture(`//- /drv/driver.c
${HEADER}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['create-without-close', 'close-without-create']), [
      'drv/driver.c:8:33 create-without-close IRP_MJ_CREATE is handled by FooDispatchCreate but IRP_MJ_CLOSE has no handler in driver drv: a driver that accepts opens must also handle the close of every handle',
    ]);
  });
});
