// Compilable driver fixtures for the quick-fix tests: each has a diagnostic to fix, in the file
// `path`, and its sources are a real driver (include <wdm.h>, every routine defined) so that the
// fixed result can be compiled with the mingw-w64 DDK (test/compile/quickfix.compile.test.ts).

export interface FixCase {
  name: string;
  /** Fixture text (`//- /path` separated files). */
  source: string;
  /** The file holding the diagnostic. */
  path: string;
  ruleId: string;
  lang: 'c' | 'cpp';
  /** The fixture only compiles once fixed (it names a routine that does not exist yet). */
  brokenBefore?: boolean;
}

const PNP_WITH_LOWER = `//- /pnp/driver.c
#include <wdm.h>

typedef struct _FDO_DATA {
    PDEVICE_OBJECT NextLowerDriver;
} FDO_DATA, *PFDO_DATA;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE FooAddDevice;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH FooDispatchCreateClose;

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT pDrv, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    pDrv->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreateClose; // opens
    pDrv->DriverExtension->AddDevice = FooAddDevice;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FooAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fdo;
    PFDO_DATA fdoData;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(FDO_DATA), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    fdoData = (PFDO_DATA)fdo->DeviceExtension;
    fdoData->NextLowerDriver = IoAttachDeviceToDeviceStack(fdo, Pdo);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FooDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`;

/** A PnP driver with tabs and CRLF line endings that keeps no lower device anywhere the fix can see. */
const PNP_CRLF = `//- /bus/bus.c
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE BusAddDevice;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH BusDispatchPnP;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
\tUNREFERENCED_PARAMETER(RegistryPath);
\tDriverObject->DriverExtension->AddDevice = BusAddDevice;
\tDriverObject->MajorFunction[IRP_MJ_PNP] = BusDispatchPnP;
\tDriverObject->MajorFunction[IRP_MJ_POWER] = BusDispatchPnP;
\treturn STATUS_SUCCESS;
}

NTSTATUS BusAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
\tUNREFERENCED_PARAMETER(DriverObject);
\tUNREFERENCED_PARAMETER(Pdo);
\treturn STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS BusDispatchPnP(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
\tNTSTATUS status = Irp->IoStatus.Status;
\tUNREFERENCED_PARAMETER(DeviceObject);
\tIoCompleteRequest(Irp, IO_NO_INCREMENT);
\treturn status;
}
`.replace(/\n/g, '\r\n');

const LEGACY = `//- /legacy/legacy.c
#include <wdm.h>

DRIVER_INITIALIZE DriverEntry;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH LegacyDispatchClose;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH LegacyDispatchShutdown;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
  PDEVICE_OBJECT deviceObject = NULL;
  NTSTATUS status;

  UNREFERENCED_PARAMETER(RegistryPath);
  status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &deviceObject);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  DriverObject->MajorFunction[IRP_MJ_CLOSE] = LegacyDispatchClose;
  DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = LegacyDispatchShutdown;
  return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS LegacyDispatchClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
  UNREFERENCED_PARAMETER(DeviceObject);
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS LegacyDispatchShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
  UNREFERENCED_PARAMETER(DeviceObject);
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}
`;

const NOTIFY_ONLY = `//- /notify/notify.c
#include <wdm.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT deviceObject = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &deviceObject);
    if (NT_SUCCESS(status)) {
        IoRegisterShutdownNotification(deviceObject);
    }
    return status;
}
`;

const ANNOTATIONS = `//- /ann/ann.h
#pragma once
DRIVER_DISPATCH AnnDispatchRead;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH AnnDispatchWrite;
_Dispatch_type_(IRP_MJ_CLEANUP) DRIVER_DISPATCH AnnDispatchCleanup;
//- /ann/ann.c
#include <wdm.h>
#include "ann.h"

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS AnnDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_READ] = AnnDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = AnnDispatchWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AnnDispatchIoctl;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS AnnDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS AnnDispatchWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS AnnDispatchCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`;

const CPP_DRIVER = `//- /cpp/driver.cpp
#include <wdm.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH CppDispatchCreate;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = CppDispatchCreate;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS CppDispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`;

const UNDEFINED_HANDLER = `//- /undef/undef.c
#include <wdm.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = UndefDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = UndefDispatchCreateClose;
    return STATUS_SUCCESS;
}
`;

export const FIX_CASES: readonly FixCase[] = [
  {
    name: 'missing PnP handler forwarded to the lower device',
    source: PNP_WITH_LOWER,
    path: '/pnp/driver.c',
    ruleId: 'missing-required-handler',
    lang: 'c',
  },
  {
    name: 'close added with the CreateClose routine',
    source: PNP_WITH_LOWER,
    path: '/pnp/driver.c',
    ruleId: 'create-without-close',
    lang: 'c',
  },
  {
    name: 'missing SystemControl handler, CRLF and tabs',
    source: PNP_CRLF,
    path: '/bus/bus.c',
    ruleId: 'missing-required-handler',
    lang: 'c',
  },
  {
    name: 'create routine generated for close-without-create',
    source: LEGACY,
    path: '/legacy/legacy.c',
    ruleId: 'close-without-create',
    lang: 'c',
  },
  {
    name: 'shutdown notification after the status check',
    source: LEGACY,
    path: '/legacy/legacy.c',
    ruleId: 'shutdown-not-registered',
    lang: 'c',
  },
  {
    name: 'shutdown routine generated for a notification',
    source: NOTIFY_ONLY,
    path: '/notify/notify.c',
    ruleId: 'shutdown-handler-missing',
    lang: 'c',
  },
  {
    name: 'annotation added to a header declaration',
    source: ANNOTATIONS,
    path: '/ann/ann.h',
    ruleId: 'missing-dispatch-annotation',
    lang: 'c',
  },
  {
    name: 'declaration added for a static definition',
    source: ANNOTATIONS,
    path: '/ann/ann.c',
    ruleId: 'missing-dispatch-annotation',
    lang: 'c',
  },
  {
    name: 'wrong annotation corrected',
    source: ANNOTATIONS,
    path: '/ann/ann.h',
    ruleId: 'dispatch-annotation-mismatch',
    lang: 'c',
  },
  {
    name: '_Use_decl_annotations_ added',
    source: ANNOTATIONS,
    path: '/ann/ann.c',
    ruleId: 'missing-use-decl-annotations',
    lang: 'c',
  },
  {
    name: 'unregistered routine registered in another file',
    source: ANNOTATIONS,
    path: '/ann/ann.h',
    ruleId: 'unregistered-dispatch-routine',
    lang: 'c',
  },
  {
    name: 'routine written for a handler that does not exist',
    source: UNDEFINED_HANDLER,
    path: '/undef/undef.c',
    ruleId: 'handler-not-found',
    lang: 'c',
    brokenBefore: true,
  },
  {
    name: 'C++ driver: close routine generated',
    source: CPP_DRIVER,
    path: '/cpp/driver.cpp',
    ruleId: 'create-without-close',
    lang: 'cpp',
  },
];
