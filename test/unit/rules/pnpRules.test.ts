// missing-required-handler, shutdown-not-registered and shutdown-handler-missing.
import * as assert from 'node:assert/strict';
import { collectFindings } from '../../../server/src/features/diagnostics';
import { parseFixture, renderFindings } from './ruleFixture';

function pnpDriver(body: string, extra = ''): string {
  return `//- /pnp/driver.c
#include <wdm.h>
DRIVER_ADD_DEVICE FooAddDevice;
DRIVER_DISPATCH FooDispatchPnp, FooDispatchPower, FooDispatchSystemControl, FooDispatchShutdown, FooPass;
${extra}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->DriverExtension->AddDevice = FooAddDevice;
${body}
    return STATUS_SUCCESS;
}
`;
}

suite('rules: PnP and shutdown', () => {
  test('a PnP driver without PnP, Power and SystemControl handlers gets one finding per slot, on the AddDevice assignment', () => {
    const fx = parseFixture(
      pnpDriver('    DriverObject->MajorFunction[IRP_MJ_PNP] = FooDispatchPnp;'),
    );
    assert.deepEqual(renderFindings(fx, ['missing-required-handler']), [
      'pnp/driver.c:7:5 missing-required-handler Driver pnp is a PnP driver (it sets AddDevice to FooAddDevice) but registers no handler for IRP_MJ_POWER; the I/O manager fails these IRPs with STATUS_INVALID_DEVICE_REQUEST',
      'pnp/driver.c:7:5 missing-required-handler Driver pnp is a PnP driver (it sets AddDevice to FooAddDevice) but registers no handler for IRP_MJ_SYSTEM_CONTROL; the I/O manager fails these IRPs with STATUS_INVALID_DEVICE_REQUEST',
    ]);
    const slots = collectFindings(fx.model)
      .filter((f) => f.ruleId === 'missing-required-handler')
      .map((f) => f.data.slot);
    assert.deepEqual(slots, ['IRP_MJ_POWER', 'IRP_MJ_SYSTEM_CONTROL']);
  });

  test('a `<` loop skips IRP_MJ_PNP (0x1b) and a `<=` loop does not', () => {
    const below = parseFixture(
      pnpDriver(
        '    for (ULONG i = 0; i < IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = FooPass;',
      ),
    );
    assert.deepEqual(
      renderFindings(below, ['missing-required-handler']).map((l) => l.replace(/;.*/, '')),
      [
        'pnp/driver.c:7:5 missing-required-handler Driver pnp is a PnP driver (it sets AddDevice to FooAddDevice) but registers no handler for IRP_MJ_PNP',
      ],
    );
    const all = parseFixture(
      pnpDriver(
        '    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = FooPass;',
      ),
    );
    assert.deepEqual(renderFindings(all, ['missing-required-handler']), []);
  });

  test('a driver without AddDevice has no PnP duty', () => {
    const fx = parseFixture(`#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FooPass;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['missing-required-handler']), []);
  });

  test('IRP_MJ_SHUTDOWN handled without a shutdown notification', () => {
    const fx = parseFixture(`//- /legacy/driver.c
#include <wdm.h>
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH FooDispatchShutdown;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT deviceObject = NULL;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &deviceObject);
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = FooDispatchShutdown;
    return status;
}
`);
    assert.deepEqual(renderFindings(fx, ['shutdown-not-registered', 'shutdown-handler-missing']), [
      'legacy/driver.c:7:33 shutdown-not-registered FooDispatchShutdown handles IRP_MJ_SHUTDOWN, but driver legacy never calls IoRegisterShutdownNotification or IoRegisterLastChanceShutdownNotification, so the IRP never comes',
    ]);
  });

  test('a registered notification satisfies shutdown-not-registered; one without a handler is an error', () => {
    const ok = parseFixture(`//- /legacy/driver.c
#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT deviceObject = NULL;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &deviceObject);
    IoRegisterLastChanceShutdownNotification(deviceObject);
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = FooDispatchShutdown;
    return status;
}
`);
    assert.deepEqual(
      renderFindings(ok, ['shutdown-not-registered', 'shutdown-handler-missing']),
      [],
    );
    const missing = parseFixture(`//- /legacy/driver.c
#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT deviceObject = NULL;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &deviceObject);
    IoRegisterShutdownNotification(deviceObject);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooPass;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooPass;
    return status;
}
`);
    assert.deepEqual(
      renderFindings(missing, ['shutdown-not-registered', 'shutdown-handler-missing']),
      [
        'legacy/driver.c:6:5 shutdown-handler-missing Driver legacy calls IoRegisterShutdownNotification but registers no IRP_MJ_SHUTDOWN handler; the shutdown IRP fails with STATUS_INVALID_DEVICE_REQUEST',
      ],
    );
    assert.equal(
      collectFindings(missing.model).find((f) => f.ruleId === 'shutdown-handler-missing')?.severity,
      'error',
    );
  });
  test('file systems get shutdown IRPs without a notification and are outside the flush rule', () => {
    const fx = parseFixture(`//- /fsd/init.c
#include <ntifs.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FsdDispatch;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = FsdDispatch;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['shutdown-not-registered', 'flush-without-shutdown']), []);
  });
});
