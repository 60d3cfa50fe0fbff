// create-without-close, close-without-create and flush-without-shutdown: slots that come in pairs.
import * as assert from 'node:assert/strict';
import { parseFixture, renderFindings } from './ruleFixture';

const RULES = ['create-without-close', 'close-without-create', 'flush-without-shutdown'];

function driver(body: string): string {
  return `//- /drv/driver.c
#include <wdm.h>
DRIVER_DISPATCH FooDispatchCreate, FooDispatchClose, FooDispatchFlush, FooDispatchShutdown, FooPass;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
${body}
    return STATUS_SUCCESS;
}
`;
}

suite('rules: paired slots', () => {
  test('create without close is reported on the IRP_MJ_CREATE registration', () => {
    const fx = parseFixture(
      driver('    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;'),
    );
    assert.deepEqual(renderFindings(fx, RULES), [
      'drv/driver.c:6:33 create-without-close IRP_MJ_CREATE is handled by FooDispatchCreate but IRP_MJ_CLOSE has no handler in driver drv: a driver that accepts opens must also handle the close of every handle',
    ]);
  });

  test('close without create is reported on the IRP_MJ_CLOSE registration', () => {
    const fx = parseFixture(
      driver(
        '    DriverObject->MajorFunction[IRP_MJ_READ] = FooPass;\n    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchClose;',
      ),
    );
    assert.deepEqual(renderFindings(fx, RULES), [
      'drv/driver.c:7:33 close-without-create IRP_MJ_CLOSE is handled by FooDispatchClose but IRP_MJ_CREATE has no handler in driver drv: opens fail with STATUS_INVALID_DEVICE_REQUEST, so the close handler never runs',
    ]);
  });

  test('both registered, in another file of the driver, is fine', () => {
    const fx =
      parseFixture(`${driver('    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;\n    InitRest(DriverObject);')}
//- /drv/rest.c
#include <wdm.h>
VOID InitRest(PDRIVER_OBJECT DriverObject)
{
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchClose;
}
`);
    assert.deepEqual(renderFindings(fx, RULES), []);
  });

  test('a loop over every slot fills the partner', () => {
    const fx = parseFixture(
      driver(`    ULONG i;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = FooPass;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = FooDispatchFlush;`),
    );
    assert.deepEqual(renderFindings(fx, RULES), []);
  });

  test('a registration in an inactive branch does not satisfy the partner', () => {
    const fx = parseFixture(
      driver(`    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;
#if 0
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchClose;
#endif`),
    );
    assert.deepEqual(
      renderFindings(fx, RULES).map((l) => l.split(' ').slice(0, 2).join(' ')),
      ['drv/driver.c:6:33 create-without-close'],
    );
  });

  test('flush without shutdown and shutdown without flush are both reported', () => {
    const flush = parseFixture(
      driver('    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = FooDispatchFlush;'),
    );
    assert.deepEqual(renderFindings(flush, RULES), [
      'drv/driver.c:6:33 flush-without-shutdown IRP_MJ_FLUSH_BUFFERS is handled by FooDispatchFlush but IRP_MJ_SHUTDOWN has no handler in driver drv: drivers that cache data flush it on IRP_MJ_FLUSH_BUFFERS and on IRP_MJ_SHUTDOWN',
    ]);
    const shutdown = parseFixture(
      driver('    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = FooDispatchShutdown;'),
    );
    assert.deepEqual(renderFindings(shutdown, ['flush-without-shutdown']), [
      'drv/driver.c:6:33 flush-without-shutdown IRP_MJ_SHUTDOWN is handled by FooDispatchShutdown but IRP_MJ_FLUSH_BUFFERS has no handler in driver drv: drivers that cache data flush it on IRP_MJ_SHUTDOWN and on IRP_MJ_FLUSH_BUFFERS',
    ]);
  });
});
