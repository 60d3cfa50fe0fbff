// dispatch-signature, duplicate-registration, invalid-major-function-index, handler-not-found
// and dispatch-naming.
import * as assert from 'node:assert/strict';
import { parseFixture, renderFindings } from './ruleFixture';

suite('rules: registrations and routines', () => {
  test('a registered routine whose definition is not NTSTATUS (PDEVICE_OBJECT, PIRP) is an error on its name', () => {
    const fx = parseFixture(`#include <wdm.h>
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH FooDispatchRead;
_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH FooDispatchWrite;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH FooDispatchClose;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchWrite;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchClose;
    return STATUS_SUCCESS;
}
_Use_decl_annotations_
VOID FooDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp) { }
_Use_decl_annotations_
NTSTATUS FooDispatchWrite(PIRP Irp) { return STATUS_SUCCESS; }
_Use_decl_annotations_
static NTSTATUS NTAPI FooDispatchClose(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`);
    assert.deepEqual(renderFindings(fx, ['dispatch-signature']), [
      'driver.c:13:6 dispatch-signature FooDispatchRead returns VOID instead of NTSTATUS; a DRIVER_DISPATCH routine of driver ws is NTSTATUS (PDEVICE_OBJECT, PIRP)',
      'driver.c:15:10 dispatch-signature FooDispatchWrite takes 1 parameter instead of (PDEVICE_OBJECT, PIRP); a DRIVER_DISPATCH routine of driver ws is NTSTATUS (PDEVICE_OBJECT, PIRP)',
    ]);
  });

  test('the same slot written twice with different handlers; loop defaults and #ifdef alternatives are fine', () => {
    const fx = parseFixture(`#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = FooPass;
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchRead;
#ifdef USE_FAST_WRITE
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchFastWrite;
#else
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchWrite;
#endif
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FooDispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FooDispatchIoctl2;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['duplicate-registration']), [
      'driver.c:15:33 duplicate-registration IRP_MJ_DEVICE_CONTROL of driver ws is set to FooDispatchIoctl2 here after being set to FooDispatchIoctl, which never runs',
    ]);
  });

  test('constant indexes outside the table or of another kind are errors; inactive ones are not reported', () => {
    const fx = parseFixture(`#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MN_START_DEVICE] = FooDispatchPnp;
    DriverObject->MajorFunction[0x1c] = FooDispatchOther;
    DriverObject->MajorFunction[0x1b] = FooDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_SCSI] = FooDispatchScsi;
    DriverObject->MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1] = FooDispatchOther;
    DriverObject->MajorFunction[(IRP_MJ_PNP)] = FooDispatchPnp;
#if 0
    DriverObject->MajorFunction[0x40] = FooDispatchOther;
#endif
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['invalid-major-function-index']), [
      'driver.c:4:33 invalid-major-function-index MajorFunction[IRP_MN_START_DEVICE] in driver ws: IRP_MN_START_DEVICE is a minor function code, not an IRP_MJ code',
      'driver.c:5:33 invalid-major-function-index MajorFunction[0x1c] in driver ws: 0x1c is outside 0x00..0x1b (IRP_MJ_MAXIMUM_FUNCTION)',
      'driver.c:8:33 invalid-major-function-index MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1] in driver ws: IRP_MJ_MAXIMUM_FUNCTION + 1 is outside 0x00..0x1b (IRP_MJ_MAXIMUM_FUNCTION)',
    ]);
  });

  test('a handler declared nowhere in the workspace is reported on the registration; one in a shared folder is found', () => {
    const fx = parseFixture(`//- /drv/driver.c
#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = SharedDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = g_Saved.Write;
    return STATUS_SUCCESS;
}
//- /lib/shared.h
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH SharedDispatchRead;
`);
    assert.deepEqual(renderFindings(fx, ['handler-not-found']), [
      'drv/driver.c:4:50 handler-not-found FooDispatchCreateClose, stored in MajorFunction[IRP_MJ_CREATE] of driver drv, is neither declared nor defined in the workspace',
    ]);
  });

  test('a setter that stores its parameter names no routine and makes no PnP driver', () => {
    const fx = parseFixture(`//- /wrap/mxdriverobject.h
class MxDriverObject {
    PDRIVER_OBJECT m_DriverObject;
public:
    VOID SetMajorFunction(UCHAR i, PDRIVER_DISPATCH Value) {
        m_DriverObject->MajorFunction[i] = Value;
    }
    VOID SetDriverExtensionAddDevice(PDRIVER_ADD_DEVICE Value) {
        m_DriverObject->DriverExtension->AddDevice = Value;
    }
    VOID SetCreate(PDRIVER_OBJECT DriverObject, PDRIVER_DISPATCH Value) {
        DriverObject->MajorFunction[IRP_MJ_CREATE] = Value;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = Valu;
    }
};
`);
    assert.deepEqual(renderFindings(fx, ['handler-not-found', 'missing-required-handler']), [
      'wrap/mxdriverobject.h:12:53 handler-not-found Valu, stored in MajorFunction[IRP_MJ_CLOSE] of driver wrap, is neither declared nor defined in the workspace',
    ]);
  });

  test('dispatch-naming is off by default and names the advised form when turned on', () => {
    const source = `#include <wdm.h>
DRIVER_DISPATCH OnRead;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = OnRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchWrite;
    return STATUS_SUCCESS;
}
`;
    assert.deepEqual(renderFindings(parseFixture(source), ['dispatch-naming']), []);
    assert.deepEqual(
      renderFindings(parseFixture(source), ['dispatch-naming'], {
        severities: { 'dispatch-naming': 'hint' },
      }),
      [
        'driver.c:5:48 dispatch-naming OnRead (driver ws) is not named XxxDispatchYyy as the WDK advises, e.g. XxxDispatchRead',
      ],
    );
  });
});
