// missing-dispatch-annotation (C28169), dispatch-annotation-mismatch (C28168),
// missing-use-decl-annotations and unregistered-dispatch-routine.
import * as assert from 'node:assert/strict';
import { parseFixture, renderFindings } from './ruleFixture';

const RULES = [
  'missing-dispatch-annotation',
  'dispatch-annotation-mismatch',
  'missing-use-decl-annotations',
  'unregistered-dispatch-routine',
];

suite('rules: annotations', () => {
  test('a registered routine without _Dispatch_type_ is reported on its declaration, once, naming every slot', () => {
    const fx = parseFixture(`//- /drv/driver.h
DRIVER_DISPATCH FooDispatchReadWrite;
//- /drv/driver.c
#include <wdm.h>
#include "driver.h"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchReadWrite;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, RULES), [
      'drv/driver.h:1:17 missing-dispatch-annotation FooDispatchReadWrite is stored in MajorFunction[IRP_MJ_READ, IRP_MJ_WRITE] of driver drv but has no _Dispatch_type_ annotation (C28169)',
    ]);
  });

  test('__drv_dispatchType and _Function_class_(IRP_MJ_X) count as annotations; aliases and numbers match', () => {
    const fx = parseFixture(`#include <wdm.h>
__drv_dispatchType(IRP_MJ_INTERNAL_DEVICE_CONTROL) DRIVER_DISPATCH FooDispatchScsi;
_Function_class_(IRP_MJ_READ) _Function_class_(DRIVER_DISPATCH) NTSTATUS FooDispatchRead(PDEVICE_OBJECT D, PIRP I);
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_SCSI] = FooDispatchScsi;
    DriverObject->MajorFunction[0x03] = FooDispatchRead;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, RULES), []);
  });

  test('a routine annotated for another slot than the one it is stored in is a mismatch', () => {
    const fx = parseFixture(`#include <wdm.h>
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH FooDispatchRead;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchRead;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, RULES), [
      'driver.c:2:46 dispatch-annotation-mismatch FooDispatchRead is stored in MajorFunction[IRP_MJ_WRITE] of driver ws but is annotated only for IRP_MJ_READ (C28168)',
    ]);
  });

  test('a loop over every slot is not a mismatch, but an unannotated loop handler still misses its annotation', () => {
    const fx = parseFixture(`#include <wdm.h>
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH FooDispatchCreate;
DRIVER_DISPATCH FooDispatchPass;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FooDispatchCreate;
    }
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FooDispatchPass;
    }
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, RULES), [
      'driver.c:3:17 missing-dispatch-annotation FooDispatchPass is stored in MajorFunction[i] of driver ws but has no _Dispatch_type_ annotation (C28169)',
    ]);
  });

  test('PREfast suppressions by number or name, on the registration or the declaration, and wdm-ignore comments', () => {
    const fx = parseFixture(`#include <wdm.h>
DRIVER_DISPATCH FooDispatchA;
#pragma warning(suppress: 28169)
DRIVER_DISPATCH FooDispatchB;
DRIVER_DISPATCH FooDispatchC; // wdm-ignore missing-dispatch-annotation
DRIVER_DISPATCH FooDispatchD;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH FooDispatchE;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
#pragma prefast(suppress: __WARNING_DISPATCH_MISSING, "pass-through")
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchA;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchB;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = FooDispatchC;
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchD;
#pragma prefast(suppress: 28168)
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchE;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, RULES), [
      'driver.c:6:17 missing-dispatch-annotation FooDispatchD is stored in MajorFunction[IRP_MJ_READ] of driver ws but has no _Dispatch_type_ annotation (C28169)',
    ]);
  });

  test('a definition of an annotated routine without _Use_decl_annotations_ gets a hint', () => {
    const fx = parseFixture(`#include <wdm.h>
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH FooDispatchCreateClose;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchCreateClose;
    return STATUS_SUCCESS;
}
NTSTATUS FooDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, RULES), [
      'driver.c:9:10 missing-use-decl-annotations The definition of FooDispatchCreateClose (driver ws) lacks _Use_decl_annotations_, so the annotations of its declaration are not applied to the body',
    ]);
  });

  test('a dispatch routine that no slot uses is reported; one used by a private table is not', () => {
    const fx = parseFixture(`//- /drv/driver.c
#include <wdm.h>
_Dispatch_type_(IRP_MJ_CLEANUP) DRIVER_DISPATCH FooDispatchCleanup;
DRIVER_DISPATCH FooDispatchPrivate;
NTSTATUS FooPlainHelper(PDEVICE_OBJECT D, PIRP I);
PDRIVER_DISPATCH g_Table[IRP_MJ_MAXIMUM_FUNCTION + 1];
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    g_Table[IRP_MJ_READ] = FooDispatchPrivate;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCleanupless;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['unregistered-dispatch-routine']), [
      'drv/driver.c:2:49 unregistered-dispatch-routine FooDispatchCleanup is declared as a dispatch routine for IRP_MJ_CLEANUP but driver drv stores it in no MajorFunction slot',
    ]);
  });
});
