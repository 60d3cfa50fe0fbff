// Declarations, definitions, member assignments, calls, frameworks and suppressions found by
// extractFacts, plus extractDefinitions and the prefilter.
import * as assert from 'node:assert/strict';
import {
  extractDefinitions,
  extractFacts,
  mayContainFacts,
} from '../../server/src/syntax/dispatchFacts';
import type { DeclarationFact, FunctionFact } from '../../server/src/syntax/factTypes';

function decl(d: DeclarationFact): string {
  const ann = d.annotations.map((a) => `${a.kind}(${a.written})`).join(' ');
  return `${d.nameRange.start.line + 1} ${d.name} ${d.roleType ?? 'prototype'}${d.isDispatchRole ? ' dispatch' : ''}${ann ? ' ' + ann : ''}`;
}

function fn(f: FunctionFact): string {
  const params = f.params.map((p) => `${p.type} ${p.name}`.trim()).join(', ');
  return `${f.nameRange.start.line + 1} ${f.returnType} ${f.name}(${params}) body ${f.bodyRange.start.line + 1}-${f.bodyRange.end.line + 1}`;
}

suite('dispatchFacts: declarations', () => {
  test('role declarations, several names, stacked annotations of every dialect', () => {
    const facts = extractFacts(`DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH ZeroCreateClose, ZeroRead;
_Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH XxxReadWrite;
_Dispatch_type_(IRP_MJ_SCSI)
DRIVER_DISPATCH XxxScsi;
__drv_dispatchType(IRP_MJ_PNP) DRIVER_DISPATCH XxxPnp;
__drv_dispatchType_other DRIVER_DISPATCH XxxOther;
static DRIVER_UNLOAD XxxUnload;
DRIVER_ADD_DEVICE XxxAddDevice;
IO_COMPLETION_ROUTINE XxxComplete;
_Function_class_(IRP_MJ_CREATE)
_Function_class_(DRIVER_DISPATCH)
NTSTATUS
FatFsdCreate(_In_ PVOLUME_DEVICE_OBJECT VolumeDeviceObject, _Inout_ PIRP Irp);
NTSTATUS XxxPlain(PDEVICE_OBJECT, PIRP);
extern "C" __declspec(dllexport) NTSTATUS NTAPI XxxExported(PDEVICE_OBJECT d, PIRP i);
ULONG g_Counter;
PDRIVER_OBJECT g_Driver = NULL;
typedef NTSTATUS (*PFN)(PVOID);
class Foo { NTSTATUS Member(PIRP Irp); };`);
    assert.deepEqual(facts.declarations.map(decl), [
      '1 DriverEntry DRIVER_INITIALIZE',
      '2 ZeroCreateClose DRIVER_DISPATCH dispatch',
      '2 ZeroRead DRIVER_DISPATCH dispatch',
      '3 XxxReadWrite DRIVER_DISPATCH dispatch _Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_WRITE)',
      '5 XxxScsi DRIVER_DISPATCH dispatch _Dispatch_type_(IRP_MJ_SCSI)',
      '6 XxxPnp DRIVER_DISPATCH dispatch __drv_dispatchType(IRP_MJ_PNP)',
      '7 XxxOther DRIVER_DISPATCH dispatch __drv_dispatchType(other)',
      '8 XxxUnload DRIVER_UNLOAD',
      '9 XxxAddDevice DRIVER_ADD_DEVICE',
      '10 XxxComplete IO_COMPLETION_ROUTINE',
      '14 FatFsdCreate prototype dispatch _Function_class_(IRP_MJ_CREATE) _Function_class_(DRIVER_DISPATCH)',
      '15 XxxPlain prototype',
      '16 XxxExported prototype',
      '20 Member prototype',
    ]);
    assert.equal(facts.declarations[4].annotations[0].slot, 'IRP_MJ_INTERNAL_DEVICE_CONTROL');
  });

  test('declarations in an #if 0 block are inactive', () => {
    const facts = extractFacts(`#if 0
DRIVER_DISPATCH OldDispatch;
#endif
DRIVER_DISPATCH NewDispatch;`);
    assert.deepEqual(
      facts.declarations.map((d) => `${d.name} ${d.active}`),
      ['OldDispatch false', 'NewDispatch true'],
    );
  });
});

suite('dispatchFacts: definitions', () => {
  test('C and C++ definitions with SAL, macros before the return type, and no false ones', () => {
    const facts = extractFacts(`#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif
_Use_decl_annotations_
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PAGED_CODE();
    if (DriverObject == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    while (x) { x--; }
    switch (y) { case 1: break; }
    return STATUS_SUCCESS;
}
static const KEYS Keys[] = { { 1, 2 }, { 3, 4 } };
extern "C" NTSTATUS NTAPI Foo::Bar(_In_ struct _DEVICE_OBJECT *DeviceObject, PIRP Irp) const
{
}
_Dispatch_type_(IRP_MJ_PNP)
_Function_class_(DRIVER_DISPATCH)
NTSTATUS XxxPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return 0; }
namespace ns {
VOID Helper(VOID) { }
}`);
    assert.deepEqual(facts.functions.map(fn), [
      '6 NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) body 10-18',
      '20 NTSTATUS NTAPI Foo::Bar(struct _DEVICE_OBJECT * DeviceObject, PIRP Irp) body 21-22',
      '25 NTSTATUS XxxPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) body 25-25',
      '27 VOID Helper() body 27-27',
    ]);
    assert.equal(facts.functions[0].useDeclAnnotations, true);
    assert.equal(facts.functions[2].isDispatchRole, true);
    assert.deepEqual(
      facts.functions[2].annotations.map((a) => a.slot),
      ['IRP_MJ_PNP', null],
    );
    assert.deepEqual(facts.frameworks, ['wdm']);
  });

  test('extractDefinitions finds only the named definitions', () => {
    const text = `NTSTATUS A(PDEVICE_OBJECT d, PIRP i) { return 0; }
NTSTATUS B(PDEVICE_OBJECT d, PIRP i) { return 0; }
NTSTATUS Cls::C(PDEVICE_OBJECT d, PIRP i) { return 0; }`;
    assert.deepEqual(
      extractDefinitions(text, new Set(['B', 'C'])).map((f) => f.name),
      ['B', 'Cls::C'],
    );
    assert.deepEqual(extractDefinitions(text, new Set(['Missing'])), []);
    // An unqualified definition is matched whole: `XRead` is no definition of `Read`.
    const near = `NTSTATUS XRead(PDEVICE_OBJECT d, PIRP i) { return 0; }`;
    assert.deepEqual(extractDefinitions(near, new Set(['Read'])), []);
  });
});

suite('dispatchFacts: members, calls, frameworks', () => {
  test('AddDevice, DriverUnload and DriverStartIo assignments', () => {
    const facts =
      extractFacts(`NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  DriverObject->DriverExtension->AddDevice = XxxAddDevice;
  DriverObject->DriverUnload = (PDRIVER_UNLOAD)XxxUnload;
  DriverObject->DriverStartIo = XxxStartIo;
  DriverObject->DriverUnload = NULL;
  if (DriverObject->DriverUnload == XxxUnload) {}
}`);
    assert.deepEqual(
      facts.memberAssignments.map(
        (m) => `${m.range.start.line + 1} ${m.member} ${m.handler} ${m.object}`,
      ),
      [
        '2 AddDevice XxxAddDevice DriverObject',
        '3 DriverUnload XxxUnload DriverObject',
        '4 DriverStartIo XxxStartIo DriverObject',
      ],
    );
  });

  test('driver calls and framework registrations', () => {
    const facts =
      extractFacts(`NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev);
  IoRegisterShutdownNotification(dev);
  IoRegisterLastChanceShutdownNotification(dev);
  status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
  status = FltRegisterFilter(DriverObject, &FilterRegistration, &gFilterHandle);
  x.IoRegisterShutdownNotification(dev);
}`);
    assert.deepEqual(
      facts.calls.map((c) => `${c.range.start.line + 1} ${c.callee} ${c.args.length}`),
      [
        '2 IoCreateDevice 7',
        '3 IoRegisterShutdownNotification 1',
        '4 IoRegisterLastChanceShutdownNotification 1',
        '5 WdfDriverCreate 5',
        '6 FltRegisterFilter 3',
      ],
    );
    assert.deepEqual(facts.frameworks, ['kmdf', 'minifilter']);
  });
});

suite('dispatchFacts: suppressions', () => {
  test('pragma suppress and disable, wdm-ignore own-line and trailing', () => {
    const facts = extractFacts(`NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) {
#pragma prefast(suppress: 28169 28168, "reason")
  d->MajorFunction[IRP_MJ_READ] = R;
#pragma warning(disable: 28168 28169)
#pragma prefast(disable: __WARNING_DISPATCH_MISSING)
  // wdm-ignore missing-handler
  d->MajorFunction[IRP_MJ_WRITE] = W; // wdm-ignore role-mismatch, other
#pragma warning(suppress: 28168)

  d->MajorFunction[IRP_MJ_CLOSE] = C;
}`);
    assert.deepEqual(
      facts.suppressions.map((s) => `${s.line + 1} ${s.scope} ${s.codes.join('+')}`),
      [
        '3 next-line 28169+28168',
        '5 file 28168+28169',
        '6 file __WARNING_DISPATCH_MISSING',
        '10 next-line 28168',
        '7 next-line missing-handler',
        '7 same-line role-mismatch+other',
      ],
    );
  });
});

suite('dispatchFacts: prefilter and robustness', () => {
  test('the prefilter passes files with facts and skips others', () => {
    assert.equal(mayContainFacts('d->MajorFunction[IRP_MJ_READ] = R;'), true);
    assert.equal(mayContainFacts('DRIVER_DISPATCH X;'), true);
    assert.equal(
      mayContainFacts('NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) {}'),
      true,
    );
    assert.equal(mayContainFacts('status = WdfDriverCreate(d, r, a, &c, h);'), true);
    assert.equal(mayContainFacts('int main(void) { return Register(Initialize(1)); }'), false);
    assert.equal(mayContainFacts('// the Driver is Initialized\nint x;'), false);
    // The array handed to a fill call is a registration; handed to anything else it is not.
    assert.equal(mayContainFacts('memset64(a1->MajorFunction, (unsigned __int64)&H, 0x1C);'), true);
    assert.equal(mayContainFacts('RtlFillMemoryUlong(\n  d->MajorFunction, n, (ULONG)H);'), true);
    assert.equal(mayContainFacts('DbgPrint("%x", IrpSp->MajorFunction, 1);'), false);
  });

  test('a file whose only fact is a file-system or framework call is tokenized', () => {
    const calls = [
      ['IoRegisterFileSystem', 'filesystem'],
      ['IoRegisterFsRegistrationChange', undefined],
      ['NdisMInitializeWrapper', 'ndis'],
      ['FwpsCalloutRegister1', 'wfp'],
      ['WskRegister', 'wsk'],
      ['DxgkInitialize', 'wddm'],
    ] as const;
    for (const [callee, framework] of calls) {
      const text = `VOID Helper(PVOID a, PVOID b)\n{\n    ${callee}(a, b);\n}\n`;
      assert.equal(mayContainFacts(text), true, callee);
      const facts = extractFacts(text);
      assert.ok(
        facts.calls.some((c) => c.callee === callee),
        `${callee} is collected`,
      );
      if (framework) assert.ok(facts.frameworks.includes(framework), `${callee} -> ${framework}`);
    }
  });

  test('binary and pathological inputs return facts without throwing', () => {
    assert.equal(extractFacts('\u0000\u0001\u0002ELF').skippedReason, 'binary');
    const deep =
      'void f() {' + '('.repeat(10000) + '[{'.repeat(5000) + ' d->MajorFunction[IRP_MJ_READ] = R;';
    assert.ok(Array.isArray(extractFacts(deep).registrations));
    const unterminated =
      'NTSTATUS DriverEntry(PDRIVER_OBJECT d) { d->MajorFunction[IRP_MJ_READ] = "x';
    assert.deepEqual(extractFacts(unterminated).registrations, []);
    for (const cut of [
      'd->MajorFunction[',
      'd->MajorFunction[IRP_MJ_READ] =',
      '#if',
      '#else\n#endif\n#endif',
      'R"x(',
      "'",
      '/*',
      '\\',
    ]) {
      assert.ok(extractFacts('NTSTATUS DriverEntry(PDRIVER_OBJECT d) {\n' + cut));
    }
  });
});
