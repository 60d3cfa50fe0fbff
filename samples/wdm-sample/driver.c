/*
 * driver.c - DriverEntry and Unload of the SampleRing driver: fills the dispatch table and
 * registers AddDevice. Deliberately incomplete (see README.md): IRP_MJ_CLOSE and
 * IRP_MJ_SYSTEM_CONTROL are not registered, SampleDispatchCleanup is never stored.
 */
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SampleUnload)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_READ] = SampleDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = SampleDispatchWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SampleDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = SampleDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = SampleDispatchPower;

    DriverObject->DriverExtension->AddDevice = SampleAddDevice;
    DriverObject->DriverUnload = SampleUnload;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SampleUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();

    /* Every device object was deleted on IRP_MN_REMOVE_DEVICE; nothing is left to free. */
    UNREFERENCED_PARAMETER(DriverObject);
}
