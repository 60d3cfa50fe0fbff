/*
 * driver.h - shared declarations of the SampleRing WDM driver: a ring buffer device that
 * applications read from and write to, with a control code to query and reset its state.
 */
#pragma once

#include <wdm.h>

#define SAMPLE_POOL_TAG 'gniR'
#define SAMPLE_RING_SIZE 4096

#define IOCTL_SAMPLE_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SAMPLE_RESET \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _SAMPLE_STATS {
    ULONG BytesRead;
    ULONG BytesWritten;
    ULONG OpenHandles;
} SAMPLE_STATS, *PSAMPLE_STATS;

typedef struct _DEVICE_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT LowerDeviceObject;
    IO_REMOVE_LOCK RemoveLock;
    KSPIN_LOCK RingLock;
    UCHAR Ring[SAMPLE_RING_SIZE];
    ULONG Head;
    ULONG Count;
    SAMPLE_STATS Stats;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SampleUnload;
DRIVER_ADD_DEVICE SampleAddDevice;

/* dispatch.c */
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH SampleDispatchCreate;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH SampleDispatchClose;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH SampleDispatchRead;
_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH SampleDispatchWrite;
/* Missing its _Dispatch_type_ annotation: PREfast reports C28169 here. */
DRIVER_DISPATCH SampleDispatchDeviceControl;
/* Written but never stored in a MajorFunction slot. */
_Dispatch_type_(IRP_MJ_CLEANUP) DRIVER_DISPATCH SampleDispatchCleanup;

/* pnp.c */
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH SampleDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH SampleDispatchPower;

NTSTATUS SampleCompleteRequest(_In_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Information);
