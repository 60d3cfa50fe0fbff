// Go to definition, find references and document highlight for IRP_MJ codes and handlers.
import * as assert from 'node:assert/strict';
import { computeDefinition } from '../../server/src/features/definition';
import { computeDocumentHighlights } from '../../server/src/features/documentHighlight';
import { computeReferences } from '../../server/src/features/references';
import { cursorOf, parseFixture } from './fixture';

const SOURCE = `
//- /driver.c
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH SampleRead;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = SampleRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = SampleWrite;
    return STATUS_SUCCESS;
}
//- /io.c
_Use_decl_annotations_
NTSTATUS SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`;

function at(
  marker: string,
  offset = 3,
): ReturnType<typeof cursorOf> & { fixture: ReturnType<typeof parseFixture> } {
  const i = SOURCE.indexOf(marker);
  assert.ok(i >= 0, marker);
  const fixture = parseFixture(SOURCE.slice(0, i + offset) + '$0' + SOURCE.slice(i + offset));
  return { ...cursorOf(fixture), fixture };
}

const show = (l: { uri: string; range: { start: { line: number; character: number } } }): string =>
  `${l.uri.slice('file:///ws/'.length)}:${l.range.start.line}:${l.range.start.character}`;

suite('navigation', () => {
  test('definition of a handler at its registration goes to the definition in another file', () => {
    const c = at('SampleRead;\n    DriverObject');
    assert.deepEqual(computeDefinition(c.fixture.model, c.uri, c.text, c.position)?.map(show), [
      'io.c:1:9',
    ]);
  });

  test('definition from an IRP_MJ code goes to the handler of that slot', () => {
    const c = at('IRP_MJ_READ] =');
    assert.deepEqual(computeDefinition(c.fixture.model, c.uri, c.text, c.position)?.map(show), [
      'io.c:1:9',
    ]);
  });

  test('definition of a handler without definition falls back to the registration', () => {
    const c = at('IRP_MJ_WRITE] =');
    assert.deepEqual(computeDefinition(c.fixture.model, c.uri, c.text, c.position)?.map(show), [
      'driver.c:4:48',
    ]);
  });

  test('references of a handler: registration, declaration and definition across files', () => {
    const c = at('SampleRead(PDEVICE');
    const refs = computeReferences(c.fixture.model, c.uri, c.text, c.position).map(show).sort();
    assert.deepEqual(refs, ['driver.c:0:45', 'driver.c:3:47', 'io.c:1:9']);
    const withoutDecl = computeReferences(c.fixture.model, c.uri, c.text, c.position, false).map(
      show,
    );
    assert.deepEqual(withoutDecl, ['driver.c:3:47']);
  });

  test('references of an IRP_MJ code: registrations and annotations of the slot', () => {
    const c = at('IRP_MJ_READ) DRIVER_DISPATCH');
    const refs = computeReferences(c.fixture.model, c.uri, c.text, c.position).map(show).sort();
    assert.equal(refs.length, 2);
    assert.ok(refs.includes('driver.c:3:32'), refs.join(' '));
  });

  test('document highlight stays in the document and marks registrations as writes', () => {
    const c = at('SampleRead;\n    DriverObject');
    const highlights = computeDocumentHighlights(c.fixture.model, c.uri, c.text, c.position);
    assert.ok(highlights);
    assert.deepEqual(highlights.map((h) => `${h.range.start.line}:${h.kind}`).sort(), [
      '0:1',
      '3:3',
    ]);
  });

  test('nothing on ordinary identifiers', () => {
    const c = at('RegistryPath)');
    assert.equal(computeDefinition(c.fixture.model, c.uri, c.text, c.position), null);
    assert.deepEqual(computeReferences(c.fixture.model, c.uri, c.text, c.position), []);
    assert.equal(computeDocumentHighlights(c.fixture.model, c.uri, c.text, c.position), null);
  });
});
