// Recognizer fixes found on real trees: ranges of macro-expanded registrations, classpnp's
// DeviceMajorFunctionTable, loops that overrun MajorFunction, file-system registration calls and
// the control path (if/else, switch) of each write.
import * as assert from 'node:assert/strict';
import { extractFacts } from '../../server/src/syntax/dispatchFacts';
import type { Range } from '../../server/src/syntax/factTypes';

/** The text a range covers (single- or multi-line). */
function textOf(source: string, r: Range): string {
  const lines = source.split('\n');
  const offset = (line: number, ch: number): number =>
    lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + ch;
  return source.slice(offset(r.start.line, r.start.character), offset(r.end.line, r.end.character));
}

suite('dispatchFacts fixes: macro expansion ranges', () => {
  test('a macro without arguments for the slot maps every range onto its invocation', () => {
    const src =
      '#define SET_0(d) (d)->MajorFunction[IRP_MJ_READ] = Handler0\n' +
      'NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING R)\n' +
      '{\n' +
      '    SET_0(DriverObject);\n' +
      '    return 0;\n' +
      '}\n';
    const [r] = extractFacts(src).registrations;
    assert.equal(r.slot, 'IRP_MJ_READ');
    assert.equal(r.handler, 'Handler0');
    for (const range of [r.handlerRange, r.indexRange, r.lvalueRange]) {
      assert.equal(range.start.line, 3);
      assert.equal(textOf(src, range), 'SET_0(DriverObject)');
    }
  });

  test('a handler and index given as arguments get the argument ranges', () => {
    const src = [
      '#define SET_SLOT(d, s, h) (d)->MajorFunction[s] = (h)',
      'NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING R)',
      '{',
      '    SET_SLOT(DriverObject, IRP_MJ_WRITE, RobustWrite); DriverObject->MajorFunction[IRP_MJ_READ] = RobustRead;',
      '    SET_SLOT(DriverObject,',
      '             IRP_MJ_CLOSE,',
      '             RobustClose); DriverObject->DriverUnload = RobustUnload;',
      '    return 0;',
      '}',
      '',
    ].join('\n');
    const facts = extractFacts(src);
    const regs = facts.registrations;
    assert.deepEqual(
      regs.map((r) => `${r.lvalueRange.start.line} ${r.slot} ${r.handler}`),
      ['3 IRP_MJ_WRITE RobustWrite', '3 IRP_MJ_READ RobustRead', '4 IRP_MJ_CLOSE RobustClose'],
    );
    assert.equal(textOf(src, regs[0].handlerRange), 'RobustWrite');
    assert.equal(textOf(src, regs[0].indexRange), 'IRP_MJ_WRITE');
    assert.equal(
      textOf(src, regs[0].lvalueRange),
      'SET_SLOT(DriverObject, IRP_MJ_WRITE, RobustWrite)',
    );
    // Text after an invocation on the same line keeps its own columns.
    assert.equal(textOf(src, regs[1].handlerRange), 'RobustRead');
    assert.equal(textOf(src, regs[1].lvalueRange), 'DriverObject->MajorFunction[IRP_MJ_READ]');
    assert.equal(textOf(src, regs[2].handlerRange), 'RobustClose');
    assert.equal(regs[2].handlerRange.start.line, 6);
    assert.equal(textOf(src, regs[2].indexRange), 'IRP_MJ_CLOSE');
    // ... also after an invocation over several lines.
    const [unload] = facts.memberAssignments;
    assert.equal(textOf(src, unload.handlerRange), 'RobustUnload');
    const [entry] = facts.functions;
    assert.equal(textOf(src, entry.nameRange), 'DriverEntry');
    assert.equal(entry.bodyRange.end.line, 8);
  });
});

suite('dispatchFacts fixes: values that are no handler', () => {
  test('a number cast to a pointer is not a registration (kdu test harness)', () => {
    const src = `void Harness(void)
{
    DRIVER_OBJECT drvObject;
    drvObject.MajorFunction[IRP_MJ_PNP] = (PVOID)0x0BADBEFF1CEDC01A;
    drvObject.MajorFunction[IRP_MJ_READ] = (PDRIVER_DISPATCH)ReadHandler;
}
`;
    assert.deepEqual(
      extractFacts(src).registrations.map((r) => `${r.slot}=${r.handler}`),
      ['IRP_MJ_READ=ReadHandler'],
    );
  });
});

suite('dispatchFacts fixes: private tables named for dispatch', () => {
  test("classpnp's DeviceMajorFunctionTable and tables named for dispatch are private tables; data arrays are not", () => {
    const src = `VOID ClassInitializeDispatchTables(PCLASS_DRIVER_EXTENSION DriverExtension)
{
    ULONG idx;
    for (idx = 0; idx <= IRP_MJ_MAXIMUM_FUNCTION; idx++) {
        DriverExtension->DeviceMajorFunctionTable[idx] = ClassDispatchUnimplemented;
    }
    DriverExtension->DeviceMajorFunctionTable[IRP_MJ_CREATE]   = ClassCreateClose;
    DriverExtension->DeviceMajorFunctionTable[IRP_MJ_SCSI]     = ClassInternalIoControl;
    Ctx->MyTable[IRP_MJ_READ] = my_read;
    Ctx->IrpCounters[IRP_MJ_READ] = InitialValue;
    Ctx->MajorFunctionNames[IRP_MJ_WRITE] = WriteName;
    g_Stats[IRP_MJ_CLOSE] = ZeroStats;
}
`;
    assert.deepEqual(
      extractFacts(src).registrations.map(
        (r) => `${r.lvalueRange.start.line + 1} ${r.slot}=${r.handler} ${r.target} ${r.object}`,
      ),
      [
        '5 ALL=ClassDispatchUnimplemented private_table DriverExtension->DeviceMajorFunctionTable',
        '7 IRP_MJ_CREATE=ClassCreateClose private_table DriverExtension->DeviceMajorFunctionTable',
        '8 IRP_MJ_INTERNAL_DEVICE_CONTROL=ClassInternalIoControl private_table DriverExtension->DeviceMajorFunctionTable',
        '9 IRP_MJ_READ=my_read private_table Ctx->MyTable',
      ],
    );
  });
});

suite('dispatchFacts fixes: loops that run past MajorFunction', () => {
  test('a bound past IRP_MJ_MAXIMUM_FUNCTION marks the write invalid; covers stays the 28 slots', () => {
    const src = `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING R)
{
    ULONG i; PDRIVER_DISPATCH *p;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION + 1; i++) DriverObject->MajorFunction[i] = A;
    for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION + 2; i++) DriverObject->MajorFunction[i] = B;
    for (i = 0; i <= 0x1c; i++) DriverObject->MajorFunction[i] = C;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = D;
    for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION + 1; i++) DriverObject->MajorFunction[i] = E;
    for (i = 0, p = DriverObject->MajorFunction; i <= 0x1c; i++, p++) *p = F;
    for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = G;
    return 0;
}
`;
    assert.deepEqual(
      extractFacts(src).registrations.map(
        (r) => `${r.handler} ${r.slot} ${r.covers.length}${r.invalidIndex ? ' invalid' : ''}`,
      ),
      [
        'A ALL 28 invalid',
        'B ALL 28 invalid',
        'C ALL 28 invalid',
        'D ALL 28',
        'E ALL 28',
        'F ALL 28 invalid',
        'G i 27',
      ],
    );
  });
});

suite('dispatchFacts fixes: file-system calls', () => {
  test('IoRegisterFileSystem and IoRegisterFsRegistrationChange are collected; the first makes a file system', () => {
    const src = `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING R)
{
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FsdFsControl;
    IoRegisterFileSystem(FsDeviceObject);
    return 0;
}
NTSTATUS FilterInit(PDRIVER_OBJECT DriverObject)
{
    return IoRegisterFsRegistrationChange(DriverObject, FsChangeNotify);
}
`;
    const facts = extractFacts(src);
    assert.deepEqual(
      facts.calls.map((c) => `${c.callee}(${c.args.join(', ')}) in ${c.function}`),
      [
        'IoRegisterFileSystem(FsDeviceObject) in DriverEntry',
        'IoRegisterFsRegistrationChange(DriverObject, FsChangeNotify) in FilterInit',
      ],
    );
    assert.deepEqual(facts.frameworks, ['filesystem', 'wdm']);
    // A filter that only watches file systems register is no file system itself.
    const filter = extractFacts(src.replace('IoRegisterFileSystem(FsDeviceObject);', ''));
    assert.deepEqual(filter.frameworks, ['wdm']);
    // Inactive calls are kept (marked inactive) but make no framework.
    const off = extractFacts(
      src
        .replace('    IoRegisterFileSystem', '#if 0\n    IoRegisterFileSystem')
        .replace('(FsDeviceObject);', '(FsDeviceObject);\n#endif'),
    );
    assert.equal(off.calls[0].active, false);
    assert.deepEqual(off.frameworks, ['wdm']);
  });
});

suite('dispatchFacts fixes: control paths', () => {
  test('each write names the if/else arms and switch cases it sits in', () => {
    const src = `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING R)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = TopRead;
    if (g_Fast) {
        DriverObject->MajorFunction[IRP_MJ_READ] = FastRead;
        if (g_Cached) DriverObject->MajorFunction[IRP_MJ_WRITE] = CachedWrite;
    } else if (g_Slow)
        DriverObject->MajorFunction[IRP_MJ_READ] = SlowRead;
    else {
        DriverObject->MajorFunction[IRP_MJ_READ] = OtherRead;
        return STATUS_UNSUCCESSFUL;
    }
    switch (g_Mode) {
    case 1:
    case 2:
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = CloseA;
        break;
    case 3:
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = CloseB;
    default: {
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = CloseC;
        break;
    }
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = TopCreate;
    return 0;
}
`;
    assert.deepEqual(
      extractFacts(src).registrations.map((r) => `${r.handler} '${r.controlPath}'`),
      [
        "TopRead ''",
        "FastRead '/if1.then'",
        "CachedWrite '/if1.then/if2.then'",
        "SlowRead '/if1.else/if3.then'",
        "OtherRead '/if1.else/if3.else!'",
        "CloseA '/switch1.case0'",
        // case 3 falls through into default: one path.
        "CloseB '/switch1.case1'",
        "CloseC '/switch1.case1'",
        "TopCreate ''",
      ],
    );
  });
});
