// Writes inside a loop over every slot that are guarded by conditions on the loop variable: each
// reports only the slots its guard lets through (`if (i == X)` -> X, `else` -> all but X, switch cases).
import * as assert from 'node:assert/strict';
import { extractFacts } from '../../server/src/syntax/dispatchFacts';
import type { RegistrationFact } from '../../server/src/syntax/factTypes';

/** "line slot <- handler [covered slots, or their count when more than three]". */
function show(r: RegistrationFact): string {
  const covers = r.covers.length > 3 ? String(r.covers.length) : r.covers.join(',');
  return `${r.lvalueRange.start.line + 1} ${r.slot} <- ${r.handler} [${covers}]`;
}

function check(body: string, expected: string[]): RegistrationFact[] {
  const source = `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Reg)\n{\n    ULONG i;\n${body}\n    return STATUS_SUCCESS;\n}\n`;
  const facts = extractFacts(source);
  assert.equal(facts.skippedReason, undefined);
  assert.deepEqual(facts.registrations.map(show), expected);
  return facts.registrations;
}

suite('dispatchFacts: guarded writes in an all-slot loop', () => {
  test('if / else if / else on the loop variable (virtio hidpassthrough)', () => {
    const regs = check(
      `    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
    {
        if (i == IRP_MJ_INTERNAL_DEVICE_CONTROL)
        {
            DriverObject->MajorFunction[i] = HidIoctl;
        }
        else if (i == IRP_MJ_POWER)
        {
            DriverObject->MajorFunction[i] = HidPower;
        }
        else
        {
            DriverObject->MajorFunction[i] = HidPass;
        }
    }`,
      [
        '8 IRP_MJ_INTERNAL_DEVICE_CONTROL <- HidIoctl [IRP_MJ_INTERNAL_DEVICE_CONTROL]',
        '12 IRP_MJ_POWER <- HidPower [IRP_MJ_POWER]',
        '16 i <- HidPass [26]',
      ],
    );
    const rest = regs[2].covers;
    assert.ok(!rest.includes('IRP_MJ_POWER') && !rest.includes('IRP_MJ_INTERNAL_DEVICE_CONTROL'));
    assert.ok(regs.every((r) => r.inLoop && r.written === 'i'));
  });

  test('unbraced arms, the constant on the left and a numeric guard', () => {
    check(
      `    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        if (IRP_MJ_CREATE == i) DriverObject->MajorFunction[i] = XCreate;
        else if (i == 0x02) DriverObject->MajorFunction[i] = XClose;
        else DriverObject->MajorFunction[i] = XPass;`,
      [
        '5 IRP_MJ_CREATE <- XCreate [IRP_MJ_CREATE]',
        '6 IRP_MJ_CLOSE <- XClose [IRP_MJ_CLOSE]',
        '7 i <- XPass [26]',
      ],
    );
  });

  test('!= keeps every other slot, and an unrelated condition narrows nothing', () => {
    const regs = check(
      `    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (i != IRP_MJ_POWER) DriverObject->MajorFunction[i] = XPass;
        if (g_verbose) DriverObject->MajorFunction[i] = XTrace;
    }`,
      ['5 i <- XPass [27]', '6 ALL <- XTrace [28]'],
    );
    assert.ok(!regs[0].covers.includes('IRP_MJ_POWER'));
  });

  test('|| unites the slots, && with an unknown part keeps the known ones as the bound', () => {
    check(
      `    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (i == IRP_MJ_READ || i == IRP_MJ_WRITE) {
            DriverObject->MajorFunction[i] = XReadWrite;
        } else if ((i == IRP_MJ_CREATE) && g_open) {
            DriverObject->MajorFunction[i] = XCreate;
        } else {
            DriverObject->MajorFunction[i] = XPass;
        }
    }`,
      [
        '6 i <- XReadWrite [IRP_MJ_READ,IRP_MJ_WRITE]',
        '8 IRP_MJ_CREATE <- XCreate [IRP_MJ_CREATE]',
        // `(i == CREATE) && g_open` may be false for CREATE too: the else arm keeps CREATE.
        '10 i <- XPass [26]',
      ],
    );
  });

  test('!(...) and range comparisons on the loop variable', () => {
    check(
      `    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (!(i == IRP_MJ_PNP)) DriverObject->MajorFunction[i] = XPass;
        if (i >= IRP_MJ_SYSTEM_CONTROL) DriverObject->MajorFunction[i] = XLate;
    }`,
      ['5 i <- XPass [27]', '6 i <- XLate [5]'],
    );
  });

  test('`if (i == X) { ...; continue; }` before the write removes X from it', () => {
    check(
      `    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (i == IRP_MJ_READ) {
            DriverObject->MajorFunction[i] = XRead;
            continue;
        }
        DriverObject->MajorFunction[i] = XPass;
    }`,
      ['6 IRP_MJ_READ <- XRead [IRP_MJ_READ]', '9 i <- XPass [27]'],
    );
  });

  test('switch on the loop variable: case groups, fall-through labels and default', () => {
    check(
      `    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        switch (i) {
        case IRP_MJ_CREATE:
        case IRP_MJ_CLOSE:
            DriverObject->MajorFunction[i] = XCreateClose;
            break;
        case IRP_MJ_POWER: {
            DriverObject->MajorFunction[i] = XPower;
            break;
        }
        default:
            DriverObject->MajorFunction[i] = XPass;
            break;
        }
    }`,
      [
        '8 i <- XCreateClose [IRP_MJ_CREATE,IRP_MJ_CLOSE]',
        '11 IRP_MJ_POWER <- XPower [IRP_MJ_POWER]',
        '15 i <- XPass [25]',
      ],
    );
  });

  test('a switch on something else, and a guard outside the loop, narrow nothing', () => {
    check(
      `    switch (mode) {
    case 1:
        for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = XOne;
        break;
    }
    if (i == IRP_MJ_READ)
        for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = XTwo;`,
      ['6 ALL <- XOne [28]', '10 ALL <- XTwo [28]'],
    );
  });

  test('a `<` loop (27 slots) guarded down to one slot reports that slot', () => {
    check(
      `    for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (i == IRP_MJ_CLEANUP) DriverObject->MajorFunction[i] = XCleanup;
        else DriverObject->MajorFunction[i] = XPass;
    }`,
      ['5 IRP_MJ_CLEANUP <- XCleanup [IRP_MJ_CLEANUP]', '6 i <- XPass [26]'],
    );
  });
});
