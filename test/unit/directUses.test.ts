// Direct uses of routines (syntax/references.ts) and the unregistered-dispatch-routine rule that
// reads them: helpers typed DRIVER_DISPATCH that are called, stored or passed on are not flagged.
import * as assert from 'node:assert/strict';
import { buildWorkspaceModel } from '../../server/src/index/driverModel';
import { factsForText } from '../../server/src/index/workspaceIndex';
import { collectFindings } from '../../server/src/features/diagnostics';
import { extractDefinitions, extractFacts } from '../../server/src/syntax/dispatchFacts';
import { parseFixture, renderFindings } from './rules/ruleFixture';

function flagged(source: string): string[] {
  return renderFindings(parseFixture(source), ['unregistered-dispatch-routine']).map(
    (f) => /unregistered-dispatch-routine (\S+)/.exec(f)?.[1] ?? f,
  );
}

suite('direct uses of routines', () => {
  test('facts: same-file calls, stores and casts count; declarations, definitions, recursion and #if 0 do not', () => {
    const facts =
      extractFacts(`DRIVER_DISPATCH Called, Stored, Filled, Recursive, Dead, Hidden, Member;
static PDRIVER_DISPATCH g_Table[] = { Stored, 0 };
NTSTATUS Recursive(PDEVICE_OBJECT DeviceObject, PIRP Request)
{
    return Recursive(DeviceObject, Request);
}
NTSTATUS Called(PDEVICE_OBJECT DeviceObject, PIRP Request) { return STATUS_SUCCESS; }
NTSTATUS Dead(PDEVICE_OBJECT DeviceObject, PIRP Request) { return STATUS_SUCCESS; }
VOID Init(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Dev, PIRP Request)
{
    RtlFillMemoryUlong(DriverObject->MajorFunction, 28, (ULONG_PTR)Filled);
    Called(Dev, Request);
    Ext->Member(Dev, Request);
#if 0
    Hidden(Dev, Request);
#endif
}
`);
    assert.deepEqual(facts.references, ['Called', 'Filled', 'Stored']);
  });

  test('facts: callees handed (device, irp) and names cast to PDRIVER_DISPATCH count, wherever they are defined; member calls and other shapes do not', () => {
    const facts = extractFacts(`NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIRP newIrp = IoAllocateIrp(1, FALSE);
    IoSkipCurrentIrpStackLocation(Irp);
    SendDown(Ext->Lower, newIrp);
    Ext->Forward(DeviceObject, Irp);
    ThreeArgs(DeviceObject, Irp, 0);
    FirstArg(Irp, DeviceObject);
    NotAnIrp(DeviceObject, Context);
    Ext->Handlers[3] = (PDRIVER_DISPATCH)&CastOnly;
    return usb::PassThrough(DeviceObject, Irp);
}
`);
    assert.deepEqual(facts.references, ['CastOnly', 'PassThrough', 'SendDown']);
  });

  test('facts: an IRP parameter named otherwise (PIRP Request) handed on counts as an IRP', () => {
    const facts = extractFacts(`NTSTATUS DispatchRead(PDEVICE_OBJECT Device, PIRP Request)
{
    return ForwardRequest(Device, Request);
}
VOID Other(PVOID Context, PVOID Message)
{
    Helper(Context, Message);
}
`);
    assert.deepEqual(facts.references, ['ForwardRequest']);
  });

  test('definitions read from a skipped file carry that file’s uses', () => {
    const text = `NTSTATUS PowerDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return PowerHelper(DeviceObject, Irp);
}
NTSTATUS PowerHelper(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return DeeperHelper(DeviceObject, Irp);
}
`;
    const found = extractDefinitions(text, new Set(['PowerDispatch']));
    assert.deepEqual(
      found.map((f) => `${f.name}: ${(f.references ?? []).join(' ')}`),
      ['PowerDispatch: DeeperHelper PowerHelper'],
    );
    assert.equal(
      extractDefinitions('int Other(void) { return 0; }', new Set(['Other']))[0].references,
      undefined,
    );
  });

  test('rule: helpers called from another file, pass-throughs and private tables are not flagged; a dead declaration is', () => {
    assert.deepEqual(
      flagged(`
//- /drv/driver.h
DRIVER_DISPATCH DispatchPnp, DispatchPowerHelper, PassThrough, TableRoutine, DeadRoutine;
//- /drv/driver.c
#include "driver.h"
static PDRIVER_DISPATCH g_Private[] = { TableRoutine };
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
    return STATUS_SUCCESS;
}
//- /drv/pnp.c
#include "driver.h"
NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (Irp == NULL) return DispatchPowerHelper(DeviceObject, Irp);
    return PassThrough(DeviceObject, Irp);
}
//- /drv/power.c
#include "driver.h"
NTSTATUS DispatchPowerHelper(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
NTSTATUS PassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
NTSTATUS TableRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`),
      ['DeadRoutine'],
    );
  });

  test('rule: a routine only prototyped again or called from its own body is still flagged', () => {
    assert.deepEqual(
      flagged(`
//- /drv/driver.h
DRIVER_DISPATCH Lonely;
//- /drv/driver.c
NTSTATUS Lonely(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) { return STATUS_SUCCESS; }
NTSTATUS Lonely(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return Lonely(DeviceObject, Irp); }
`),
      ['Lonely'],
    );
  });

  test('rule: ns::Name defined, Name registered under using namespace is not flagged', () => {
    assert.deepEqual(
      flagged(`
//- /drv/driver.cpp
namespace usb { NTSTATUS pnp(DEVICE_OBJECT *devobj, IRP *irp); }
using namespace usb;
extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_PNP] = pnp;
    return STATUS_SUCCESS;
}
//- /drv/pnp.cpp
_Dispatch_type_(IRP_MJ_PNP) NTSTATUS usb::pnp(DEVICE_OBJECT *devobj, IRP *irp) { return STATUS_SUCCESS; }
`),
      [],
    );
  });

  test('rule: a helper called only from a file the prefilter skips (definitions pass) is not flagged', () => {
    const files = [
      {
        path: 'drv/driver.c',
        text: `DRIVER_DISPATCH DispatchPower, PowerDefault, DeadRoutine;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_POWER] = DispatchPower;
    return STATUS_SUCCESS;
}
`,
      },
      {
        // No prefilter word: only the registered handler's definition is read from it.
        path: 'drv/power.c',
        text: `NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return PowerDefault(DeviceObject, Irp);
}
NTSTATUS PowerDefault(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`,
      },
    ];
    const names = new Set(['DispatchPower']);
    const recs = files.map((f) => ({
      uri: `file:///ws/${f.path}`,
      relPath: f.path,
      facts: factsForText(f.text, names),
    }));
    assert.equal(recs[1].facts.registrations.length + recs[1].facts.declarations.length, 0);
    const model = buildWorkspaceModel(recs, ['file:///ws']);
    const handlers = collectFindings(model)
      .filter((f) => f.ruleId === 'unregistered-dispatch-routine')
      .map((f) => (f.data as { handler: string }).handler);
    assert.deepEqual(handlers, ['DeadRoutine']);
  });
});
