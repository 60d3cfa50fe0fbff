// Rules fed by recognizer fixes: loops that overrun MajorFunction (invalid-major-function-index)
// and writes of one slot in runtime alternatives (duplicate-registration).
import * as assert from 'node:assert/strict';
import { parseFixture, renderFindings } from './ruleFixture';

suite('rules: overrunning loops', () => {
  test('a loop past IRP_MJ_MAXIMUM_FUNCTION is an invalid index, yet still fills every slot', () => {
    const fx = parseFixture(`#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION + 1; i++) DriverObject->MajorFunction[i] = FooDispatchPass;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = FooDispatchPass;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['invalid-major-function-index']), [
      'driver.c:5:84 invalid-major-function-index MajorFunction[i] in driver ws: the loop runs i past IRP_MJ_MAXIMUM_FUNCTION (0x1b), so its last pass writes past the array',
    ]);
    // The slots are still handled: no create/close pairing or missing-handler findings appear.
    assert.deepEqual(renderFindings(fx, ['create-without-close', 'close-without-create']), []);
  });
});

suite('rules: fill calls', () => {
  test('a fill is a default later writes override; a count past the array is an invalid index', () => {
    const fx = parseFixture(`#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    memset64(DriverObject->MajorFunction, (unsigned __int64)&FooDispatchPass, 0x1D);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(
      renderFindings(fx, ['invalid-major-function-index', 'duplicate-registration']),
      [
        "driver.c:4:79 invalid-major-function-index memset64 of MajorFunction in driver ws: the count handed to memset64 runs past the array's 28 slots, so it writes past its end",
      ],
    );
    // Every slot is handled by the fill: no missing-handler or pairing findings.
    assert.deepEqual(
      renderFindings(fx, [
        'missing-required-handler',
        'create-without-close',
        'close-without-create',
      ]),
      [],
    );
  });
});

suite('rules: duplicate registrations and runtime alternatives', () => {
  test('a return, goto or __leave between two writes keeps the first: no duplicate', () => {
    const fx = parseFixture(`#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreateBasic;
    status = IoCreateDevice(DriverObject, 0, NULL, 0, 0, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) goto Exit;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreateFull;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchCloseBasic;
    if (!NT_SUCCESS(status)) return status;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchCloseFull;
    __try {
        DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchReadBasic;
        if (g_Safe) __leave;
        DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchReadFull;
    } __finally {
    }
Exit:
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchWriteA;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchWriteB;
    return status;
}
`);
    assert.deepEqual(renderFindings(fx, ['duplicate-registration']), [
      'driver.c:20:33 duplicate-registration IRP_MJ_WRITE of driver ws is set to FooDispatchWriteB here after being set to FooDispatchWriteA, which never runs',
    ]);
  });

  test('writes in if/else arms, switch cases or a conditional override are not duplicates; dead writes are', () => {
    const fx = parseFixture(`#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    if (g_Fast) DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchFastRead;
    else DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchSlowRead;
    switch (g_Mode) {
    case 1: DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchWriteA; break;
    case 2: DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchWriteB; break;
    }
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = FooDispatchCleanup;
    if (g_Tracing) DriverObject->MajorFunction[IRP_MJ_CLEANUP] = FooDispatchTracedCleanup;
    if (g_Old) {
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchOldClose;
        return STATUS_SUCCESS;
    }
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchClose;
    if (g_Legacy) DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchLegacyCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;
    if (g_Shutdown) {
        DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = FooDispatchShutdown1;
        DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = FooDispatchShutdown2;
    }
    return STATUS_SUCCESS;
}
`);
    assert.deepEqual(renderFindings(fx, ['duplicate-registration']), [
      'driver.c:18:33 duplicate-registration IRP_MJ_CREATE of driver ws is set to FooDispatchCreate here after being set to FooDispatchLegacyCreate, which never runs',
      'driver.c:21:37 duplicate-registration IRP_MJ_SHUTDOWN of driver ws is set to FooDispatchShutdown2 here after being set to FooDispatchShutdown1, which never runs',
    ]);
  });
});
