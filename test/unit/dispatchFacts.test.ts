// Registrations found by extractFacts: every pattern real drivers use, and the decoys that must
// not be reported. Expected registrations read "line slot <- handler (target, function)", 1-based.
import * as assert from 'node:assert/strict';
import { extractFacts } from '../../server/src/syntax/dispatchFacts';
import type { RegistrationFact } from '../../server/src/syntax/factTypes';

function show(r: RegistrationFact): string {
  const flags = (r.active ? '' : ' inactive') + (r.inLoop ? ` loop:${r.covers.length}` : '');
  return `${r.lvalueRange.start.line + 1} ${r.slot} <- ${r.handler} (${r.target}, ${r.function ?? 'file'})${flags}`;
}

function check(fixture: string, expected: string[]): RegistrationFact[] {
  const facts = extractFacts(fixture);
  assert.equal(facts.skippedReason, undefined);
  assert.deepEqual(facts.registrations.map(show), expected);
  return facts.registrations;
}

suite('dispatchFacts: MajorFunction writes', () => {
  test('direct writes whatever the parameter is called, with casts, & and comments', () => {
    check(
      `NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT pDrv, _In_ PUNICODE_STRING Reg)
{
    pDrv->MajorFunction[IRP_MJ_CREATE] = XxxCreate;   // open
    pDrv->MajorFunction[IRP_MJ_CLOSE]\t=\t(PDRIVER_DISPATCH)XxxClose; /* close */
    pDrv->MajorFunction[IRP_MJ_READ] = &XxxRead;
    pDrv->MajorFunction[IRP_MJ_WRITE] = (DRIVER_DISPATCH*)(XxxWrite);
    pDrv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ((XxxIoctl));
    pDrv -> MajorFunction [ IRP_MJ_CLEANUP ]
        =
        XxxCleanup
        ;
    return STATUS_SUCCESS;
}`,
      [
        '3 IRP_MJ_CREATE <- XxxCreate (driver_object, DriverEntry)',
        '4 IRP_MJ_CLOSE <- XxxClose (driver_object, DriverEntry)',
        '5 IRP_MJ_READ <- XxxRead (driver_object, DriverEntry)',
        '6 IRP_MJ_WRITE <- XxxWrite (driver_object, DriverEntry)',
        '7 IRP_MJ_DEVICE_CONTROL <- XxxIoctl (driver_object, DriverEntry)',
        '8 IRP_MJ_CLEANUP <- XxxCleanup (driver_object, DriverEntry)',
      ],
    );
  });

  test('the reported line is the one holding MajorFunction[ when the lvalue is split', () => {
    check(
      `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    DriverObject->MajorFunction
        [IRP_MJ_CREATE] = SlCreate;
    DriverObject->
        MajorFunction[IRP_MJ_CLOSE] = SlClose;
}`,
      [
        '2 IRP_MJ_CREATE <- SlCreate (driver_object, DriverEntry)',
        '5 IRP_MJ_CLOSE <- SlClose (driver_object, DriverEntry)',
      ],
    );
  });

  test('chained writes give one registration per lvalue, also over several lines', () => {
    const regs = check(
      `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  DriverObject->MajorFunction[IRP_MJ_CREATE] = DriverObject->MajorFunction[IRP_MJ_CLOSE] = CreateClose;
  DriverObject->MajorFunction[IRP_MJ_READ] =
  DriverObject->MajorFunction[IRP_MJ_WRITE] =
      ReadWrite;
}`,
      [
        '2 IRP_MJ_CREATE <- CreateClose (driver_object, DriverEntry)',
        '2 IRP_MJ_CLOSE <- CreateClose (driver_object, DriverEntry)',
        '3 IRP_MJ_READ <- ReadWrite (driver_object, DriverEntry)',
        '4 IRP_MJ_WRITE <- ReadWrite (driver_object, DriverEntry)',
      ],
    );
    assert.deepEqual(
      regs.map((r) => r.order),
      [0, 1, 2, 3],
    );
  });

  test('numeric indexes and aliases are reported by canonical name, written keeps the text', () => {
    const regs = check(
      `NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) {
  d->MajorFunction[0x0e] = Ioctl;
  d->MajorFunction[IRP_MJ_SCSI] = Scsi;
  d->MajorFunction[IRP_MJ_PNP_POWER] = Pnp;
  d->MajorFunction[Foo::Bar] = X::Dispatch;
  d->MajorFunction[0x40] = Bad;
}`,
      [
        '2 IRP_MJ_DEVICE_CONTROL <- Ioctl (driver_object, DriverEntry)',
        '3 IRP_MJ_INTERNAL_DEVICE_CONTROL <- Scsi (driver_object, DriverEntry)',
        '4 IRP_MJ_PNP <- Pnp (driver_object, DriverEntry)',
        '5 Foo::Bar <- X::Dispatch (driver_object, DriverEntry)',
        '6 0x40 <- Bad (driver_object, DriverEntry)',
      ],
    );
    assert.deepEqual(
      regs.map((r) => r.written),
      ['0x0e', 'IRP_MJ_SCSI', 'IRP_MJ_PNP_POWER', 'Foo::Bar', '0x40'],
    );
    assert.deepEqual(
      regs.map((r) => r.invalidIndex),
      [false, false, false, false, true],
    );
  });

  test('C++ members, globals holding the driver object and qualified handlers', () => {
    check(
      `PDRIVER_OBJECT g_DriverObject;
void Driver::Init() {
  this->m_drv->MajorFunction[IRP_MJ_CREATE] = Driver::DispatchCreate;
  drv.MajorFunction[IRP_MJ_CLOSE] = &Driver::DispatchClose;
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  g_DriverObject = DriverObject;
  g_DriverObject->MajorFunction[IRP_MJ_READ] = Read;
}`,
      [
        '3 IRP_MJ_CREATE <- Driver::DispatchCreate (driver_object, Driver::Init)',
        '4 IRP_MJ_CLOSE <- Driver::DispatchClose (driver_object, Driver::Init)',
        '8 IRP_MJ_READ <- Read (driver_object, DriverEntry)',
      ],
    );
  });

  test('helpers that take the driver object, and the calls that hand it over', () => {
    const facts =
      extractFacts(`VOID InitDispatch(_In_ PDRIVER_OBJECT d) { d->MajorFunction[IRP_MJ_PNP] = Pnp; }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  InitDispatch(DriverObject);
  Unrelated(42);
  return IoCreateDriver(&name, MyInit);
}
NTSTATUS MyInit(struct _DRIVER_OBJECT *obj, PUNICODE_STRING p) { obj->MajorFunction[IRP_MJ_CREATE] = C; }`);
    assert.deepEqual(facts.registrations.map(show), [
      '1 IRP_MJ_PNP <- Pnp (driver_object, InitDispatch)',
      '7 IRP_MJ_CREATE <- C (driver_object, MyInit)',
    ]);
    assert.equal(facts.registrations[0].object, 'd');
    assert.deepEqual(
      facts.calls.map((c) => `${c.callee}(${c.args.join(', ')}) in ${c.function}`),
      ['InitDispatch(DriverObject) in DriverEntry', 'IoCreateDriver(&name, MyInit) in DriverEntry'],
    );
  });

  test('loops: <= covers all 28 slots, < skips IRP_MJ_PNP, later writes override', () => {
    const regs = check(
      `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
    DriverObject->MajorFunction[i] = PassThrough;
  for (ULONG j = 0; j < IRP_MJ_MAXIMUM_FUNCTION; ++j) {
#pragma prefast(suppress: 28169, "one routine for all")
    DriverObject->MajorFunction[j] = Other;
  }
  for (int k = 0; k < ARRAYSIZE(DriverObject->MajorFunction); k++)
#pragma warning(suppress: 28168)
  {
    DriverObject->MajorFunction[k] = Third;
  }
  DriverObject->MajorFunction[IRP_MJ_POWER] = Power;
}`,
      [
        '4 ALL <- PassThrough (driver_object, DriverEntry) loop:28',
        '7 j <- Other (driver_object, DriverEntry) loop:27',
        '12 ALL <- Third (driver_object, DriverEntry) loop:28',
        '14 IRP_MJ_POWER <- Power (driver_object, DriverEntry)',
      ],
    );
    assert.equal(regs[1].covers.includes('IRP_MJ_PNP'), false);
    assert.ok(regs[3].order > regs[0].order);
  });

  test('fill calls store one routine in every slot they reach, as a loop default', () => {
    const regs = check(
      `DRIVER_DISPATCH FlDispatch, FlIoctl, FlAfd;
static VOID InitReactOsStyle(PDRIVER_OBJECT DriverObject) {
    RtlFillMemoryUlong(
        DriverObject->MajorFunction,
        sizeof(DriverObject->MajorFunction),
        (ULONG_PTR)FlDispatch);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FlIoctl;
}
static VOID InitDecompiledStyle(PDRIVER_OBJECT a1) {
    memset64(a1->MajorFunction, (unsigned __int64)&FlAfd, 0x1Cu);
    __stosq((PDWORD64)a1->MajorFunction, (DWORD64)FlAfd, 14);
    RtlFillMemoryUlong(a1->MajorFunction, 8, (ULONG)FlIoctl);
    memset64(a1->MajorFunction, (unsigned __int64)FlAfd, 29);
    RtlFillMemory(a1->MajorFunction, sizeof(a1->MajorFunction), 0);
    memset64(a1->MajorFunction, 0, 0x1C);
    memset64(g_Saved, (unsigned __int64)a1->MajorFunction, 0x1C);
}`,
      [
        '3 ALL <- FlDispatch (driver_object, InitReactOsStyle) loop:28',
        '7 IRP_MJ_DEVICE_CONTROL <- FlIoctl (driver_object, InitReactOsStyle)',
        '10 ALL <- FlAfd (driver_object, InitDecompiledStyle) loop:28',
        '11 __stosq <- FlAfd (driver_object, InitDecompiledStyle) loop:14',
        '12 RtlFillMemoryUlong <- FlIoctl (driver_object, InitDecompiledStyle) loop:2',
        '13 ALL <- FlAfd (driver_object, InitDecompiledStyle) loop:28',
      ],
    );
    // A later write overrides the default: it sorts after the fill.
    assert.ok(regs[1].order > regs[0].order);
    assert.equal(regs[0].written, 'RtlFillMemoryUlong');
    assert.deepEqual(regs[3].covers.slice(-1), ['IRP_MJ_FILE_SYSTEM_CONTROL']);
    assert.deepEqual(regs[4].covers, ['IRP_MJ_CREATE', 'IRP_MJ_CREATE_NAMED_PIPE']);
    // 29 elements run one past the array's 28 slots.
    assert.deepEqual(
      regs.map((r) => r.invalidIndex),
      [false, false, false, false, false, true],
    );
  });

  test('decompiled drivers: function pointer casts, numeric slots and a fill of 27 slots', () => {
    const facts =
      extractFacts(`__int64 __fastcall DriverEntry(_DRIVER_OBJECT *a1, _UNICODE_STRING *a2)
{
  memset64(a1->MajorFunction, (unsigned __int64)&MRxDAVFsdDispatch, 0x1Bu);
  a1->MajorFunction[14] = (int (__fastcall *)(_DEVICE_OBJECT *, _IRP *))BthDispatchIoctl;
  a1->MajorFunction[2] = (NTSTATUS (NTAPI *)(PDEVICE_OBJECT, PIRP))&BthClose;
  a1->DriverExtension->AddDevice = (int (__fastcall *)(_DRIVER_OBJECT *, _DEVICE_OBJECT *))BthAddDevice;
  a1->MajorFunction[3] = (GetHandler(a2))(a1);
  return 0LL;
}`);
    assert.deepEqual(facts.registrations.map(show), [
      '3 memset64 <- MRxDAVFsdDispatch (driver_object, DriverEntry) loop:27',
      '4 IRP_MJ_DEVICE_CONTROL <- BthDispatchIoctl (driver_object, DriverEntry)',
      '5 IRP_MJ_CLOSE <- BthClose (driver_object, DriverEntry)',
      // A call through a returned pointer is no cast: the value stays an expression.
      '7 IRP_MJ_READ <- (GetHandler(a2))(a1) (driver_object, DriverEntry)',
    ]);
    assert.equal(facts.registrations[0].covers.includes('IRP_MJ_PNP'), false);
    assert.deepEqual(
      facts.memberAssignments.map((m) => `${m.member} ${m.handler}`),
      ['AddDevice BthAddDevice'],
    );
  });

  test('loops: while loops, cast indexes and bounds with + 1 / - 1', () => {
    check(
      `NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) {
  ULONG i = 0;
  while (i <= IRP_MJ_MAXIMUM_FUNCTION) { d->MajorFunction[i] = A; i++; }
  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION - 1; i++) d->MajorFunction[(UCHAR)i] = B;
  do { d->MajorFunction[i] = C; } while (++i < 3);
  for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION + 1; i++) d->MajorFunction[i] = D;
}`,
      [
        '3 ALL <- A (driver_object, DriverEntry) loop:28',
        '4 (UCHAR)i <- B (driver_object, DriverEntry) loop:27',
        '5 i <- C (driver_object, DriverEntry)',
        '6 ALL <- D (driver_object, DriverEntry) loop:28',
      ],
    );
  });

  test('loops: a pointer walked over the array reports the *p = H line', () => {
    check(
      `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    PDRIVER_DISPATCH *dispatch;
    for (ulIndex = 0, dispatch = DriverObject->MajorFunction;
         ulIndex <= IRP_MJ_MAXIMUM_FUNCTION;
         ulIndex++, dispatch++) {

        *dispatch = FilterPass;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP] = FilterDispatchPnp;
}`,
      [
        '7 ALL <- FilterPass (driver_object, DriverEntry) loop:28',
        '9 IRP_MJ_PNP <- FilterDispatchPnp (driver_object, DriverEntry)',
      ],
    );
  });

  test('a pointer to the array: indexed writes and *p++ in a loop are driver-object writes', () => {
    check(
      `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    PDRIVER_DISPATCH *mj;
    mj = DriverObject->MajorFunction;
    for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION + 1; i++) {
        mj[i] = PaPass;
    }
    mj [IRP_MJ_CLOSE ] = PaClose;
}
static VOID InitWalk(PDRIVER_OBJECT Drv) {
    PDRIVER_DISPATCH *p = Drv->MajorFunction;
    int n;
    for (n = 0; n <= IRP_MJ_MAXIMUM_FUNCTION; n++)
        *p++ = PaPass;
}`,
      [
        '5 ALL <- PaPass (driver_object, DriverEntry) loop:28',
        '7 IRP_MJ_CLOSE <- PaClose (driver_object, DriverEntry)',
        '13 ALL <- PaPass (driver_object, InitWalk) loop:28',
      ],
    );
  });

  test('C++ range-for over MajorFunction reports the assignment to the loop variable', () => {
    const regs = check(
      `extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING) {
  for (auto& f : DriverObject->MajorFunction)
    f = DefaultDispatch;
  for (PDRIVER_DISPATCH &g : DriverObject->MajorFunction) {
    g = nullptr;
  }
  for (auto& h : DriverObject->MajorFunction)
    if (g_Fast) h = FastPass; else h = SlowPass;
}`,
      [
        '3 ALL <- DefaultDispatch (driver_object, DriverEntry) loop:28',
        // An unbraced if/else body is one statement: both arms are in the loop.
        '8 ALL <- FastPass (driver_object, DriverEntry) loop:28',
        '8 ALL <- SlowPass (driver_object, DriverEntry) loop:28',
      ],
    );
    assert.equal(regs[0].object, 'DriverObject');
  });

  test('#ifdef and #else branches are both reported, the branch off by default inactive', () => {
    const regs = check(
      `#define HAVE_POWER 1
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
#ifdef USE_FAST_READ
  DriverObject->MajorFunction[IRP_MJ_READ] = FastRead;
#else
  DriverObject->MajorFunction[IRP_MJ_READ] = SlowRead;
#endif
#if 0
  DriverObject->MajorFunction[IRP_MJ_WRITE] = OldWrite;
#elif 1
  DriverObject->MajorFunction[IRP_MJ_WRITE] = NewWrite;
#endif
#ifndef NO_PNP
  DriverObject->MajorFunction[IRP_MJ_PNP] = Pnp;
#endif
#if defined(HAVE_POWER)
  DriverObject->MajorFunction[IRP_MJ_POWER] = Power;
#else
  DriverObject->MajorFunction[IRP_MJ_POWER] = NoPower;
#endif
#if DBG
  DriverObject->MajorFunction[IRP_MJ_CLOSE] = DebugClose;
#endif
}`,
      [
        '4 IRP_MJ_READ <- FastRead (driver_object, DriverEntry) inactive',
        '6 IRP_MJ_READ <- SlowRead (driver_object, DriverEntry)',
        '9 IRP_MJ_WRITE <- OldWrite (driver_object, DriverEntry) inactive',
        '11 IRP_MJ_WRITE <- NewWrite (driver_object, DriverEntry)',
        '14 IRP_MJ_PNP <- Pnp (driver_object, DriverEntry)',
        '17 IRP_MJ_POWER <- Power (driver_object, DriverEntry)',
        '19 IRP_MJ_POWER <- NoPower (driver_object, DriverEntry) inactive',
        '22 IRP_MJ_CLOSE <- DebugClose (driver_object, DriverEntry)',
      ],
    );
    assert.notEqual(regs[0].branch, regs[1].branch);
    assert.equal(regs[0].branch.split('.')[0], regs[1].branch.split('.')[0]);
    assert.equal(regs[4].branch.startsWith('/'), true);
  });

  test('decoys: reads, calls through a slot, comparisons, NULL, comments, strings, memset', () => {
    check(
      `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  PDRIVER_DISPATCH p = DriverObject->MajorFunction[IRP_MJ_READ];
  DriverObject->MajorFunction[IRP_MJ_READ](dev, irp);
  if (DriverObject->MajorFunction[IRP_MJ_READ] == Foo) return 1;
  if (DriverObject->MajorFunction[IRP_MJ_WRITE] != NULL) return 2;
  DriverObject->MajorFunction[IRP_MJ_POWER] = NULL;
  DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = 0;
  // DriverObject->MajorFunction[IRP_MJ_CREATE] = Commented;
  /* DriverObject->MajorFunction[IRP_MJ_CLOSE] = Commented; */
  DbgPrint("DriverObject->MajorFunction[IRP_MJ_CREATE] = X;");
  RtlZeroMemory(DriverObject->MajorFunction, sizeof(DriverObject->MajorFunction));
  memcpy(g_Saved, DriverObject->MajorFunction, sizeof(g_Saved));
  g_Count[IRP_MJ_READ]++;
  g_Count[IRP_MJ_READ] = 0;
  g_Names[IRP_MJ_CREATE] = "create";
  irpSp->MajorFunction = IRP_MJ_READ;
  if (irpSp->MajorFunction == IRP_MJ_CREATE) {}
  return STATUS_SUCCESS;
}`,
      [],
    );
  });

  test('writes into another driver object found by name are foreign', () => {
    check(
      `PDRIVER_OBJECT g_Target;
PDRIVER_DISPATCH g_Old;
NTSTATUS Hook(void) {
  ObReferenceObjectByName(&name, OBJ_CASE_INSENSITIVE, NULL, 0, *IoDriverObjectType, KernelMode, NULL, (PVOID*)&g_Target);
  g_Old = g_Target->MajorFunction[IRP_MJ_CREATE];
  g_Target->MajorFunction[IRP_MJ_CREATE] = MyHook;
  PDRIVER_OBJECT other = devObj->DriverObject;
  other->MajorFunction[IRP_MJ_READ] = MyRead;
  fileDev->DriverObject->MajorFunction[IRP_MJ_WRITE] = MyWrite;
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  DriverObject->MajorFunction[IRP_MJ_CREATE] = Own;
}`,
      [
        '6 IRP_MJ_CREATE <- MyHook (foreign, Hook)',
        '8 IRP_MJ_READ <- MyRead (foreign, Hook)',
        '9 IRP_MJ_WRITE <- MyWrite (foreign, Hook)',
        '12 IRP_MJ_CREATE <- Own (driver_object, DriverEntry)',
      ],
    );
  });

  test('copies of looked-up objects and objects named for hooking are foreign', () => {
    check(
      `NTSTATUS HookKeyboard(void) {
  PDRIVER_OBJECT kbd;
  ObReferenceObjectByName(&n, 0, NULL, 0, *IoDriverObjectType, KernelMode, NULL, (PVOID*)&kbd);
  g_KbdDriver = kbd;
}
VOID Unload(PDRIVER_OBJECT DriverObject) {
  g_KbdDriver->MajorFunction[IRP_MJ_READ] = g_OldRead;
  HookedDriverObject->MajorFunction[IRP_MJ_WRITE] = Intercept;
  DriverObject->MajorFunction[IRP_MJ_CLOSE] = OwnClose;
}`,
      [
        '7 IRP_MJ_READ <- g_OldRead (foreign, Unload)',
        '8 IRP_MJ_WRITE <- Intercept (foreign, Unload)',
        '9 IRP_MJ_CLOSE <- OwnClose (driver_object, Unload)',
      ],
    );
  });

  test('a copy of another device driver object swapped in (usbsnoop) is foreign', () => {
    check(
      `NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT pdo) {
  GlobalData.PatchedTable = (PDRIVER_OBJECT)ExAllocatePool(PagedPool, sizeof(DRIVER_OBJECT));
  *GlobalData.PatchedTable = *fdo->DriverObject;
  GlobalData.PatchedTable->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  fdo->DriverObject = GlobalData.PatchedTable;
  pdx->DriverObject = DriverObject;
  DriverObject->MajorFunction[IRP_MJ_POWER] = OwnPower;
}`,
      [
        '4 IRP_MJ_PNP <- DispatchPnp (foreign, AddDevice)',
        '7 IRP_MJ_POWER <- OwnPower (driver_object, AddDevice)',
      ],
    );
  });

  test('C++ in-class members and constructors with brace member initializers keep their function', () => {
    check(
      `class DispatchTable {
public:
    explicit DispatchTable(PDRIVER_OBJECT obj) : m_obj(obj) {}
    void Register()
    {
        m_obj->MajorFunction[IRP_MJ_CREATE] = &DispatchTable::OnCreate;
    }
};
Hooked::Hooked(PCWSTR p) : m_obj{new DRIVER_OBJECT}, m_n{0} { }
void
Widget::Install()
{
    m_drv->MajorFunction[IRP_MJ_CLOSE] = Widget::OnClose;
}`,
      [
        '6 IRP_MJ_CREATE <- DispatchTable::OnCreate (driver_object, Register)',
        '13 IRP_MJ_CLOSE <- Widget::OnClose (driver_object, Widget::Install)',
      ],
    );
  });

  test('registrations written by a macro are reported at each invocation, never at the #define', () => {
    check(
      `#define SET_DISPATCH(drv, mj, fn) (drv)->MajorFunction[(mj)] = (fn)
#define REGISTER_CREATE_CLOSE(d, f) \\
    (d)->MajorFunction[IRP_MJ_CREATE] = (f); \\
    (d)->MajorFunction[IRP_MJ_CLOSE] = (f)
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    SET_DISPATCH(DriverObject,
                 IRP_MJ_DEVICE_CONTROL, McIoctl);
    REGISTER_CREATE_CLOSE(DriverObject, McCreateClose);
    DriverObject->MajorFunction[IRP_MJ_PNP] = McPnp;
}`,
      [
        '7 IRP_MJ_DEVICE_CONTROL <- McIoctl (driver_object, DriverEntry)',
        '9 IRP_MJ_CREATE <- McCreateClose (driver_object, DriverEntry)',
        '9 IRP_MJ_CLOSE <- McCreateClose (driver_object, DriverEntry)',
        '10 IRP_MJ_PNP <- McPnp (driver_object, DriverEntry)',
      ],
    );
  });

  test('CRLF, line splices, unterminated comments and raw strings keep lines right', () => {
    const text = [
      'NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) {',
      '  const char *s = R"x(d->MajorFunction[IRP_MJ_READ] = Fake;)x";',
      '#define LONG_MACRO(a) \\',
      '    a->MajorFunction[IRP_MJ_WRITE] = MacroBody',
      '  d->MajorFunction[IRP_MJ_CREATE] = Create;',
      '}',
      '/* unterminated d->MajorFunction[IRP_MJ_CLOSE] = X;',
    ].join('\r\n');
    check(text, ['5 IRP_MJ_CREATE <- Create (driver_object, DriverEntry)']);
  });

  test('an identifier split by a line splice is the identifier without it (LF and CRLF)', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [
        'NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) {',
        '  d->Major\\',
        'Function[IRP_MJ_CLOSE] = SpClose;',
        '  d->MajorFunction[IRP_MJ_READ] = Sp\\',
        'Read;',
        '}',
      ].join(eol);
      check(text, [
        '2 IRP_MJ_CLOSE <- SpClose (driver_object, DriverEntry)',
        '4 IRP_MJ_READ <- SpRead (driver_object, DriverEntry)',
      ]);
    }
  });
});

suite('dispatchFacts: other tables indexed by IRP_MJ codes', () => {
  test('an NDIS dispatch table handed to NdisRegisterDeviceEx', () => {
    check(
      `NDIS_STATUS FilterRegisterDevice(VOID) {
    PDRIVER_DISPATCH DispatchTable[IRP_MJ_MAXIMUM_FUNCTION+1];
    NdisZeroMemory(DispatchTable, (IRP_MJ_MAXIMUM_FUNCTION+1) * sizeof(PDRIVER_DISPATCH));
    DispatchTable[IRP_MJ_CREATE] = FilterDispatch;
    DispatchTable[IRP_MJ_DEVICE_CONTROL] = FilterDeviceIoControl;
    DeviceAttribute.MajorFunctions = &DispatchTable[0];
    Status = NdisRegisterDeviceEx(FilterDriverHandle, &DeviceAttribute, &NdisDeviceObject, &NdisFilterDeviceHandle);
}`,
      [
        '4 IRP_MJ_CREATE <- FilterDispatch (ndis_dispatch_table, FilterRegisterDevice)',
        '5 IRP_MJ_DEVICE_CONTROL <- FilterDeviceIoControl (ndis_dispatch_table, FilterRegisterDevice)',
      ],
    );
  });

  test('private handler tables: assignments, designated and positional initializers', () => {
    check(
      `NTSTATUS MyCreate(PDEVICE_OBJECT d, PIRP i);
PDRIVER_DISPATCH g_Handlers[IRP_MJ_MAXIMUM_FUNCTION + 1];
void Setup(void) {
  g_Handlers[IRP_MJ_CREATE] = MyCreate;
  g_Counters[IRP_MJ_CREATE] = 0;
}
static const PFN_HANDLER Designated[] = {
  [IRP_MJ_READ] = MyRead,
  [IRP_MJ_WRITE] = MyWrite,
};
PDRIVER_DISPATCH Positional[IRP_MJ_MAXIMUM_FUNCTION + 1] = {
  PosCreate,
  NULL,
  PosClose,
};`,
      [
        '4 IRP_MJ_CREATE <- MyCreate (private_table, Setup)',
        '8 IRP_MJ_READ <- MyRead (private_table, file)',
        '9 IRP_MJ_WRITE <- MyWrite (private_table, file)',
        '12 IRP_MJ_CREATE <- PosCreate (private_table, file)',
        '14 IRP_MJ_CLOSE <- PosClose (private_table, file)',
      ],
    );
  });

  test('handler tables that are struct members, also filled by a loop over every slot', () => {
    check(
      `VOID ClassInitializeDispatchTables(PCLASS_DRIVER_EXTENSION DriverExtension) {
    ULONG idx;
    for (idx = 0; idx <= IRP_MJ_MAXIMUM_FUNCTION; idx++) {
        DriverExtension->DeviceMajorFunctionTable[idx] = ClassDispatchUnimplemented;
    }
    DriverExtension->DeviceMajorFunctionTable[IRP_MJ_SCSI] = ClassInternalIoControl;
    FspIopPrepareFunction[IRP_MJ_CREATE] = FspFsvolCreatePrepare;
    for (idx = 0; idx < count; idx++) Buffer[idx] = Value;
}`,
      [
        '4 ALL <- ClassDispatchUnimplemented (private_table, ClassInitializeDispatchTables) loop:28',
        '6 IRP_MJ_INTERNAL_DEVICE_CONTROL <- ClassInternalIoControl (private_table, ClassInitializeDispatchTables)',
        '7 IRP_MJ_CREATE <- FspFsvolCreatePrepare (private_table, ClassInitializeDispatchTables)',
      ],
    );
  });

  test('a table of objects indexed by IRP_MJ codes (KMDF queues) is no handler table', () => {
    check(
      `_Must_inspect_result_
NTSTATUS FxPkgIo::InitializeDefaultQueue(CfxDevice* Device, FxIoQueue* Queue) {
    ULONG index;
    for (index = 0; index <= IRP_MJ_MAXIMUM_FUNCTION; index++) {
        if (m_DispatchTable[index] == NULL) {
            m_DispatchTable[index] = Queue;
        }
    }
    m_DispatchTable[IRP_MJ_CREATE] = Queue;
    return STATUS_SUCCESS;
}
VOID SetTables(PDRIVER_DISPATCH Handler, void (*Raw)(PIRP)) {
    ULONG i;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) g_DispatchTable[i] = Handler;
    g_RawTable[IRP_MJ_READ] = Raw;
}`,
      [
        '14 ALL <- Handler (private_table, SetTables) loop:28',
        '15 IRP_MJ_READ <- Raw (private_table, SetTables)',
      ],
    );
  });

  test('minifilter operation registrations are callbacks, not registrations', () => {
    const facts = extractFacts(`CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, PreCreate, PostCreate },
    { IRP_MJ_CLEANUP,
      0,
      NULL,
      PostCleanup },
    { IRP_MJ_OPERATION_END }
};`);
    assert.deepEqual(facts.registrations, []);
    assert.deepEqual(
      facts.minifilterCallbacks.map(
        (c) => `${c.range.start.line + 1} ${c.slot} ${c.preOperation} ${c.postOperation}`,
      ),
      ['2 IRP_MJ_CREATE PreCreate PostCreate', '3 IRP_MJ_CLEANUP null PostCleanup'],
    );
  });
});
