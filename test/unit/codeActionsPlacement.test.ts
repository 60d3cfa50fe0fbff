// Where quick fixes insert code: after the registrations of a helper, after a loop, after the
// declarations that open DriverEntry, and IoRegisterShutdownNotification inside a success block or
// after an `if (!NT_SUCCESS(IoCreateDevice(...)))` check.
import * as assert from 'node:assert/strict';
import { detectIndentUnit } from '../../server/src/features/fixes/fixText';
import { parseFixture } from './fixture';
import { actionsFor, applyAction, preferred } from './rules/ruleFixture';

function fix(source: string, path: string, ruleId: string): string {
  const fx = parseFixture(source);
  const changed = applyAction(fx, preferred(actionsFor(fx, path, ruleId)));
  return changed[path.slice(1)];
}

suite('code actions: placement', () => {
  test('a registration goes after the last one of the helper that makes them, with its object name', () => {
    const source = `//- /drv/driver.c
#include <wdm.h>
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DrvDispatchCreateClose;
static VOID SetupTable(PDRIVER_OBJECT Driver)
{
        Driver->MajorFunction[IRP_MJ_CREATE] = DrvDispatchCreateClose;
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    SetupTable(DriverObject);
    return STATUS_SUCCESS;
}
`;
    const result = fix(source, '/drv/driver.c', 'create-without-close');
    assert.ok(
      result.includes(
        '        Driver->MajorFunction[IRP_MJ_CREATE] = DrvDispatchCreateClose;\n        Driver->MajorFunction[IRP_MJ_CLOSE] = DrvDispatchCreateClose;\n}',
      ),
      result,
    );
  });

  test('after a fill call, the new registration goes after that statement, not after an earlier loop', () => {
    const source = `//- /drv/driver.c
#include <wdm.h>
DRIVER_ADD_DEVICE DrvAddDevice;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;
    for (i = 0; i < 4; i++) {
        g_Counters[i] = 0;
    }
    memset64(DriverObject->MajorFunction,
             (unsigned __int64)DrvDispatchPass, IRP_MJ_MAXIMUM_FUNCTION);
    DriverObject->DriverExtension->AddDevice = DrvAddDevice;
    return STATUS_SUCCESS;
}
`;
    const result = fix(source, '/drv/driver.c', 'missing-required-handler');
    assert.ok(
      result.includes(
        'IRP_MJ_MAXIMUM_FUNCTION);\n    DriverObject->MajorFunction[IRP_MJ_PNP] = DrvDispatchPnP;\n    DriverObject->DriverExtension',
      ),
      result,
    );
  });

  test('after a loop of defaults, the new registration goes after the whole loop', () => {
    const source = `//- /drv/driver.c
#include <wdm.h>
DRIVER_ADD_DEVICE DrvAddDevice;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;
    for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DrvDispatchPass;
    }
    DriverObject->DriverExtension->AddDevice = DrvAddDevice;
    return STATUS_SUCCESS;
}
`;
    const result = fix(source, '/drv/driver.c', 'missing-required-handler');
    assert.ok(
      result.includes(
        '        DriverObject->MajorFunction[i] = DrvDispatchPass;\n    }\n    DriverObject->MajorFunction[IRP_MJ_PNP] = DrvDispatchPnP;\n    DriverObject->DriverExtension',
      ),
      result,
    );
  });

  test('with no registration yet, it goes after the declarations and UNREFERENCED_PARAMETER lines', () => {
    const source = `//- /drv/driver.c
#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT pDriver, PUNICODE_STRING RegistryPath)
{
  PDEVICE_OBJECT device = NULL;
  NTSTATUS status;

  UNREFERENCED_PARAMETER(RegistryPath);
  status = IoCreateDevice(pDriver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  IoRegisterShutdownNotification(device);
  return status;
}
`;
    const result = fix(source, '/drv/driver.c', 'shutdown-handler-missing');
    assert.ok(
      result.includes(
        '  UNREFERENCED_PARAMETER(RegistryPath);\n  pDriver->MajorFunction[IRP_MJ_SHUTDOWN] = DispatchShutdown;\n  status = IoCreateDevice(',
      ),
      result,
    );
    assert.ok(
      result.includes(
        '\n_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH DispatchShutdown;\n\nNTSTATUS DriverEntry(',
      ),
    );
    assert.ok(
      result.includes('{\n  UNREFERENCED_PARAMETER(DeviceObject);\n'),
      'the two-space indentation is kept',
    );
  });

  test('IoRegisterShutdownNotification goes at the start of a success block, or after a failing-call check', () => {
    const success = `//- /drv/driver.c
#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT dev;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev);
    if (NT_SUCCESS(status))
    {
        DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = DrvDispatchShutdown;
    }
    return status;
}
`;
    assert.ok(
      fix(success, '/drv/driver.c', 'shutdown-not-registered').includes(
        '    if (NT_SUCCESS(status))\n    {\n        IoRegisterShutdownNotification(dev);\n        DriverObject->MajorFunction',
      ),
    );
    const inCondition = `//- /drv/driver.c
#include <wdm.h>
PDEVICE_OBJECT g_Device;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = DrvDispatchShutdown;
    if (!NT_SUCCESS(IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device)))
        return STATUS_UNSUCCESSFUL;
    return STATUS_SUCCESS;
}
`;
    assert.ok(
      fix(inCondition, '/drv/driver.c', 'shutdown-not-registered').includes(
        '        return STATUS_UNSUCCESSFUL;\n    IoRegisterShutdownNotification(g_Device);\n    return STATUS_SUCCESS;',
      ),
    );
  });

  test('the indentation unit is the most common step, or a tab', () => {
    assert.equal(
      detectIndentUnit('f()\n{\n    a;\n    if (x) {\n        b;\n           // odd\n    }\n}\n'),
      '    ',
    );
    assert.equal(detectIndentUnit('f()\n{\n  a;\n  if (x) {\n    b;\n  }\n}\n'), '  ');
    assert.equal(detectIndentUnit('f()\n{\n\ta;\n}\n'), '\t');
    assert.equal(detectIndentUnit('int x;\n'), '    ');
  });
});
