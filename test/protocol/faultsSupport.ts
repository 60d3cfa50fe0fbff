// Shared fixtures of the fault and storm protocol tests: a small driver spread over three files,
// and a counter of driver-model rebuilds (the server's expensive step) taken by wrapping the
// model builder the in-process server calls.
import * as driverModel from '../../server/src/index/driverModel';

export const DRIVER_C = `#include <wdm.h>
DRIVER_INITIALIZE DriverEntry;
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH SampleCreate;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH SampleRead;
VOID RegisterClose(PDRIVER_OBJECT DriverObject);

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreate;
    DriverObject->MajorFunction[IRP_MJ_READ] = SampleRead;
    RegisterClose(DriverObject);
    return STATUS_SUCCESS;
}
`;

export const DISPATCH_C = `#include <wdm.h>
_Use_decl_annotations_
NTSTATUS SampleCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`;

/** Registers IRP_MJ_CLOSE from another file of the same driver: clears `create-without-close`. */
export const CLOSE_C = `#include <wdm.h>
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH SampleClose;
VOID RegisterClose(PDRIVER_OBJECT DriverObject)
{
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleClose;
}
_Use_decl_annotations_
NTSTATUS SampleClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`;

export const FILES: Record<string, string> = {
  'drv/driver.c': DRIVER_C,
  'drv/dispatch.c': DISPATCH_C,
};

/** Counts driver-model rebuilds while installed; `uninstall` restores the builder. */
export class ModelBuildCounter {
  count = 0;
  private readonly original = driverModel.buildWorkspaceModel;

  constructor() {
    const writable = driverModel as unknown as {
      buildWorkspaceModel: typeof driverModel.buildWorkspaceModel;
    };
    const original = this.original;
    writable.buildWorkspaceModel = (...args) => {
      this.count++;
      return original(...args);
    };
  }

  uninstall(): void {
    (
      driverModel as unknown as { buildWorkspaceModel: typeof driverModel.buildWorkspaceModel }
    ).buildWorkspaceModel = this.original;
  }
}

export const codes = (diagnostics: { code?: unknown }[]): string[] =>
  diagnostics.map((d) => String(d.code)).sort();
