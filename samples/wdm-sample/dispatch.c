/*
 * dispatch.c - the SampleRing dispatch routines for open, close, read, write and device control.
 */
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SampleDispatchCreate)
#pragma alloc_text(PAGE, SampleDispatchClose)
#pragma alloc_text(PAGE, SampleDispatchCleanup)
#endif

NTSTATUS
SampleCompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
NTSTATUS
SampleDispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION extension = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PAGED_CODE();
    InterlockedIncrement((volatile LONG *)&extension->Stats.OpenHandles);
    return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS
SampleDispatchClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION extension = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PAGED_CODE();
    InterlockedDecrement((volatile LONG *)&extension->Stats.OpenHandles);
    return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS
SampleDispatchCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    /* No IRPs are queued by this driver, so there is nothing to cancel for the file object. */
    return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS
SampleDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION extension = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = stack->Parameters.Read.Length;
    PUCHAR buffer = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    KIRQL oldIrql;
    ULONG copied = 0;

    if (length == 0) {
        return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);
    }
    if (buffer == NULL) {
        return SampleCompleteRequest(Irp, STATUS_INVALID_USER_BUFFER, 0);
    }

    KeAcquireSpinLock(&extension->RingLock, &oldIrql);
    while (copied < length && extension->Count > 0) {
        buffer[copied++] = extension->Ring[extension->Head];
        extension->Head = (extension->Head + 1) % SAMPLE_RING_SIZE;
        extension->Count--;
    }
    extension->Stats.BytesRead += copied;
    KeReleaseSpinLock(&extension->RingLock, oldIrql);

    return SampleCompleteRequest(Irp, STATUS_SUCCESS, copied);
}

_Use_decl_annotations_
NTSTATUS
SampleDispatchWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION extension = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = stack->Parameters.Write.Length;
    PUCHAR buffer = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    KIRQL oldIrql;
    ULONG stored = 0;

    if (length > 0 && buffer == NULL) {
        return SampleCompleteRequest(Irp, STATUS_INVALID_USER_BUFFER, 0);
    }

    KeAcquireSpinLock(&extension->RingLock, &oldIrql);
    while (stored < length && extension->Count < SAMPLE_RING_SIZE) {
        ULONG tail = (extension->Head + extension->Count) % SAMPLE_RING_SIZE;
        extension->Ring[tail] = buffer[stored++];
        extension->Count++;
    }
    extension->Stats.BytesWritten += stored;
    KeReleaseSpinLock(&extension->RingLock, oldIrql);

    return SampleCompleteRequest(Irp, stored == length ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW, stored);
}

_Use_decl_annotations_
NTSTATUS
SampleDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION extension = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outputLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    KIRQL oldIrql;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SAMPLE_GET_STATS:
        if (outputLength < sizeof(SAMPLE_STATS)) {
            return SampleCompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        KeAcquireSpinLock(&extension->RingLock, &oldIrql);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &extension->Stats, sizeof(SAMPLE_STATS));
        KeReleaseSpinLock(&extension->RingLock, oldIrql);
        return SampleCompleteRequest(Irp, STATUS_SUCCESS, sizeof(SAMPLE_STATS));

    case IOCTL_SAMPLE_RESET:
        KeAcquireSpinLock(&extension->RingLock, &oldIrql);
        extension->Head = 0;
        extension->Count = 0;
        RtlZeroMemory(&extension->Stats, sizeof(SAMPLE_STATS));
        KeReleaseSpinLock(&extension->RingLock, oldIrql);
        return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);

    default:
        return SampleCompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
