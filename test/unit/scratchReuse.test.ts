// extractFacts reuses lexer buffers between parses: facts returned by one parse must not change
// when later parses (smaller, larger, macro-expanding, over the release threshold) reuse them.
import * as assert from 'node:assert/strict';
import { extractFacts } from '../../server/src/syntax/dispatchFacts';

const SMALL = `#define SET_SLOT(d, s, h) (d)->MajorFunction[s] = (h)
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH SmallCreate;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SmallCreate;
    SET_SLOT(DriverObject, IRP_MJ_CLOSE, SmallClose);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (i == IRP_MJ_POWER) DriverObject->MajorFunction[i] = SmallPower;
    }
    return STATUS_SUCCESS;
}
`;

/** A file several times larger than SMALL, with other names, so stale buffer contents would show. */
function large(copies: number): string {
  let text = 'NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n';
  for (let i = 0; i < copies; i++) {
    text += `    d->MajorFunction[IRP_MJ_READ] = LargeRead${i}; /* ${'x'.repeat(40)} */\n`;
  }
  return text + '    return 0;\n}\n';
}

suite('dispatchFacts: buffers reused between parses', () => {
  test('a parse gives the same facts before and after other parses, and keeps its own', () => {
    const first = extractFacts(SMALL);
    const snapshot = JSON.stringify(first);
    assert.ok(first.registrations.length >= 3, snapshot);
    for (const other of [large(50), large(40_000), SMALL.replace(/Small/g, 'Other'), '']) {
      const facts = extractFacts(other);
      assert.ok(Array.isArray(facts.registrations));
      // The earlier result is plain data: later parses must not have written into it.
      assert.equal(JSON.stringify(first), snapshot);
      // Parsing the same text again gives the same facts.
      assert.equal(JSON.stringify(extractFacts(SMALL)), snapshot);
    }
  });

  test('a large file after a small one is read whole', () => {
    extractFacts(SMALL);
    const facts = extractFacts(large(3_000));
    assert.equal(facts.registrations.length, 3_000);
    assert.equal(facts.registrations[2_999].handler, 'LargeRead2999');
    assert.equal(facts.registrations[2_999].lvalueRange.start.line, 3_001);
  });
});
