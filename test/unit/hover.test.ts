// Hover on IRP_MJ codes, handlers and dispatch keywords; null in comments, strings and elsewhere.
import * as assert from 'node:assert/strict';
import { computeHover } from '../../server/src/features/hover';
import { cursorOf, parseFixture } from './fixture';

const DRIVER = `
//- /driver.c
#include <wdm.h>
DRIVER_INITIALIZE DriverEntry;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH SampleCreateClose;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH SampleRead;
DRIVER_DISPATCH SampleWrite;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = SampleRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = SampleWrite;
    return STATUS_SUCCESS;
}
//- /read.c
#include <wdm.h>
_Use_decl_annotations_
NTSTATUS SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`;

/** Hover markdown at `$0`, where `$0` is placed by replacing the first occurrence of `marker`. */
function hoverAt(marker: string, fixtureText = DRIVER, options = {}): string | null {
  const at = fixtureText.indexOf(marker);
  assert.ok(at >= 0, `marker ${marker} not in fixture`);
  const withCursor = fixtureText.slice(0, at + 3) + '$0' + fixtureText.slice(at + 3);
  const fixture = parseFixture(withCursor);
  const { uri, position, text } = cursorOf(fixture);
  const hover = computeHover(fixture.model, uri, text, position, options);
  if (!hover) return null;
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

suite('hover', () => {
  test('IRP_MJ code: value, routine, IRQL, documentation and this driver handler with a link', () => {
    const md = hoverAt('IRP_MJ_READ] = SampleRead');
    assert.ok(md);
    assert.match(md, /\*\*IRP_MJ_READ\*\* `0x03`/);
    assert.match(md, /`DispatchRead`/);
    assert.match(md, /IRQL/);
    assert.match(md, /learn\.microsoft\.com\/windows-hardware\/drivers\/kernel\/irp-mj-read/);
    // Linked to the definition in read.c (line 3, 1-based), not to the declaration.
    assert.match(md, /`SampleRead` at \[read\.c:3\]\(file:\/\/\/ws\/read\.c#L3\)/);
  });

  test('falls back to the declaration when the handler has no definition', () => {
    const md = hoverAt('IRP_MJ_WRITE] = SampleWrite');
    assert.ok(md);
    assert.match(md, /`SampleWrite` at \[driver\.c:5\]\(file:\/\/\/ws\/driver\.c#L5\)/);
  });

  test('a slot this driver leaves empty says the I/O manager fails it', () => {
    const text = DRIVER.replace(
      'return STATUS_SUCCESS;\n}\n//- /read.c',
      'return IRP_MJ_SHUTDOWN;\n}\n//- /read.c',
    );
    const md = hoverAt('IRP_MJ_SHUTDOWN;', text);
    assert.ok(md);
    assert.match(
      md,
      /not handled by this driver: the I\/O manager completes it with STATUS_INVALID_DEVICE_REQUEST/,
    );
  });

  test('a PnP driver without IRP_MJ_PNP is told it must handle it', () => {
    const text = DRIVER.replace(
      '    return STATUS_SUCCESS;\n}\n//- /read.c',
      '    DriverObject->DriverExtension->AddDevice = SampleAddDevice;\n    return IRP_MJ_PNP;\n}\n//- /read.c',
    );
    const md = hoverAt('IRP_MJ_PNP;', text);
    assert.ok(md);
    assert.match(md, /not handled by this driver/);
    assert.match(
      md,
      /This is a PnP driver \(it sets `DriverExtension->AddDevice` to `SampleAddDevice`\), so it must handle IRP_MJ_PNP/,
    );
  });

  test('a header outside every driver lists each driver handler of the slot', () => {
    const source = `
//- /a/driver.c
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = ARead;
    return STATUS_SUCCESS;
}
//- /b/driver.c
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    return STATUS_SUCCESS;
}
//- /include/shared.h
#define MY_CODE IRP_MJ_$0READ
`;
    const fixture = parseFixture(source);
    const { uri, position, text } = cursorOf(fixture);
    const md = (computeHover(fixture.model, uri, text, position)?.contents as { value: string })
      ?.value;
    assert.ok(md);
    assert.match(md, /`a`, DriverEntry\):\*\* handled by `ARead`/);
    assert.match(md, /`b`, DriverEntry\):\*\* not handled by this driver/);
  });

  test('aliases name their canonical code and value', () => {
    const text = DRIVER.replace(
      'DRIVER_DISPATCH SampleWrite;',
      'DRIVER_DISPATCH SampleWrite; int x = IRP_MJ_SCSI;',
    );
    const md = hoverAt('IRP_MJ_SCSI', text);
    assert.ok(md);
    assert.match(md, /alias of `IRP_MJ_INTERNAL_DEVICE_CONTROL`/);
    assert.match(md, /`0x0f`/);
  });

  test('a numeric slot index is explained as its code', () => {
    const text = DRIVER.replace('MajorFunction[IRP_MJ_WRITE]', 'MajorFunction[0x04]');
    const md = hoverAt('0x04]', text);
    assert.ok(md);
    assert.match(md, /\*\*0x04\*\* is `IRP_MJ_WRITE`/);
    assert.match(md, /`SampleWrite`/);
  });

  test('IRP_MJ_MAXIMUM_FUNCTION and the dispatch keywords are explained', () => {
    const text = DRIVER.replace(
      'DRIVER_DISPATCH SampleWrite;',
      'DRIVER_DISPATCH SampleWrite; int m = IRP_MJ_MAXIMUM_FUNCTION;',
    );
    assert.match(hoverAt('IRP_MJ_MAXIMUM_FUNCTION', text) ?? '', /0x1b/);
    assert.match(
      hoverAt('DRIVER_DISPATCH SampleRead') ?? '',
      /function type of a dispatch routine/,
    );
    assert.match(hoverAt('_Dispatch_type_(IRP_MJ_READ)') ?? '', /SAL annotation/);
    assert.match(hoverAt('MajorFunction[IRP_MJ_CREATE]') ?? '', /handles 4 of 28 slots/);
  });

  test('handler name: slots, where it is registered, annotations', () => {
    const md = hoverAt('SampleRead;\n    DriverObject->MajorFunction[IRP_MJ_WRITE]');
    assert.ok(md);
    assert.match(md, /\*\*SampleRead\*\*/);
    assert.match(md, /Registered for:\*\* `IRP_MJ_READ`/);
    assert.match(md, /`_Dispatch_type_\(IRP_MJ_READ\)`/);
    assert.match(md, /Defined at:\*\* \[read\.c:3\]/);
  });

  test('a routine stored by a fill call: the code and the routine name the fill', () => {
    const text = DRIVER.replace(
      '    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreateClose;',
      '    memset64(DriverObject->MajorFunction, (unsigned __int64)&SampleWrite, 0x1C);\n' +
        '    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreateClose;\n' +
        '    g_LastMajor = IRP_MJ_PNP;',
    );
    // The later write overrides the fill's default for IRP_MJ_CREATE; IRP_MJ_PNP keeps the default.
    assert.doesNotMatch(hoverAt('IRP_MJ_CREATE] = SampleCreateClose', text) ?? '', /SampleWrite/);
    assert.match(
      hoverAt('IRP_MJ_PNP;', text) ?? '',
      /`SampleWrite` at .*\(memset64 default, registered at \[driver\.c:10\]/,
    );
    assert.match(
      hoverAt('SampleWrite, 0x1C', text) ?? '',
      /`MajorFunction \(filled by memset64\)` at \[driver\.c:10\]/,
    );
  });

  test('handler stored in a slot it is not annotated for shows the mismatch', () => {
    const text = DRIVER.replace(
      'MajorFunction[IRP_MJ_WRITE] = SampleWrite',
      'MajorFunction[IRP_MJ_WRITE] = SampleRead',
    );
    const md = hoverAt('SampleRead(PDEVICE_OBJECT', text);
    assert.ok(md);
    assert.match(md, /Mismatches/);
    assert.match(md, /stored in `IRP_MJ_WRITE` but not annotated for it/);
  });

  test('null in comments, strings, on other identifiers and when disabled', () => {
    const comment = DRIVER.replace(
      'DRIVER_DISPATCH SampleWrite;',
      'DRIVER_DISPATCH SampleWrite; /* IRP_MJ_PNP here */ char *s = "IRP_MJ_POWER"; // IRP_MJ_CLEANUP',
    );
    assert.equal(hoverAt('IRP_MJ_PNP here', comment), null);
    assert.equal(hoverAt('IRP_MJ_POWER"', comment), null);
    assert.equal(hoverAt('IRP_MJ_CLEANUP', comment), null);
    assert.equal(hoverAt('RegistryPath);'), null);
    assert.equal(hoverAt('IRP_MJ_READ] = SampleRead', DRIVER, { enabled: false }), null);
  });
});
