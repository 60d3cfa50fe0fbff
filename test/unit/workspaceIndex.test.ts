// WorkspaceIndex: disk facts vs open documents (the open text wins until closed), removal, the
// lazily rebuilt model (same facts keep the same model), change events, relative paths, markers.
import * as assert from 'node:assert/strict';
import { WorkspaceIndex, type IndexChangeEvent } from '../../server/src/index/workspaceIndex';

const ROOT = 'file:///ws';
const uri = (rel: string): string => `${ROOT}/${rel}`;

const driver = (
  handler: string,
): string => `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING r)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = ${handler};
    return 0;
}
`;

const handlers = `NTSTATUS ReadA(PDEVICE_OBJECT d, PIRP Irp) { return 0; }
NTSTATUS ReadB(PDEVICE_OBJECT d, PIRP Irp) { return 0; }
`;

function handlerOf(index: WorkspaceIndex): string | undefined {
  return index.model.drivers[0]?.slots.get('IRP_MJ_READ')?.[0]?.handler;
}

suite('workspaceIndex', () => {
  test('a NUL typed into an open document does not make its facts vanish', () => {
    const index = new WorkspaceIndex([ROOT]);
    index.setOpen(uri('d/drv.c'), '// \u0000 stray\n' + driver('ReadA'), 1);
    assert.equal(index.get(uri('d/drv.c'))?.facts.skippedReason, undefined);
    assert.equal(handlerOf(index), 'ReadA');
    // The same text on disk is judged binary, as the scanner judges such a file.
    index.close(uri('d/drv.c'));
    index.update(uri('d/drv.c'), '// \u0000 stray\n' + driver('ReadA'));
    assert.equal(index.get(uri('d/drv.c'))?.facts.skippedReason, 'binary');
  });

  test('unsaved buffers and files outside every folder are drivers of their own', () => {
    const index = new WorkspaceIndex([ROOT]);
    index.setOpen('untitled:Untitled-1', driver('ReadA'), 1);
    index.setOpen('untitled:Untitled-2', driver('ReadB'), 1);
    index.setOpen('file:///elsewhere/one/drv.c', driver('ReadA'), 1);
    index.setOpen('file:///elsewhere/two/drv.c', driver('ReadB'), 1);
    const drivers = index.model.drivers.map((d) => [
      d.rootUri,
      d.slots.get('IRP_MJ_READ')?.map((h) => h.handler),
    ]);
    assert.deepEqual(
      drivers.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ['file:///elsewhere/one', ['ReadA']],
        ['file:///elsewhere/two', ['ReadB']],
        ['untitled:Untitled-1', ['ReadA']],
        ['untitled:Untitled-2', ['ReadB']],
      ],
    );
  });

  test('the open document wins over the disk until it is closed', () => {
    const index = new WorkspaceIndex([ROOT]);
    index.update(uri('d/drv.c'), driver('ReadA'));
    assert.equal(handlerOf(index), 'ReadA');
    index.setOpen(uri('d/drv.c'), driver('ReadB'), 3);
    assert.equal(handlerOf(index), 'ReadB');
    assert.equal(index.get(uri('d/drv.c'))?.version, 3);
    // A disk change while the document is open does not override the editor's text.
    index.update(uri('d/drv.c'), driver('ReadC'));
    assert.equal(handlerOf(index), 'ReadB');
    index.close(uri('d/drv.c'));
    assert.equal(handlerOf(index), 'ReadC');
  });

  test('closing a document that exists only in the editor removes it', () => {
    const index = new WorkspaceIndex([ROOT]);
    index.setOpen(uri('new.c'), driver('ReadA'));
    assert.equal(index.size, 1);
    index.close(uri('new.c'));
    assert.equal(index.size, 0);
    assert.equal(index.model.drivers.length, 0);
  });

  test('remove drops a file from the model', () => {
    const index = new WorkspaceIndex([ROOT]);
    index.update(uri('a/drv.c'), driver('ReadA'));
    index.update(uri('b/drv.c'), driver('ReadB'));
    assert.deepEqual(
      index.model.drivers.map((d) => d.root),
      ['a', 'b'],
    );
    index.remove(uri('a/drv.c'));
    assert.deepEqual(
      index.model.drivers.map((d) => d.root),
      ['b'],
    );
    assert.equal(index.factsOf(uri('a/drv.c')), undefined);
  });

  test('the model is rebuilt only when facts change', () => {
    const index = new WorkspaceIndex([ROOT]);
    const events: IndexChangeEvent[] = [];
    index.onDidChange((e) => events.push(e));
    index.update(uri('d/drv.c'), driver('ReadA'));
    const first = index.model;
    assert.equal(index.model, first, 'no change: the cached model is returned');
    // Same text again: same facts, same model, and the event says so.
    index.setOpen(uri('d/drv.c'), driver('ReadA'), 1);
    assert.equal(index.model, first);
    assert.equal(events.at(-1)?.modelChanged, false);
    index.setOpen(uri('d/drv.c'), driver('ReadB'), 2);
    assert.notEqual(index.model, first);
    assert.deepEqual(events.at(-1), { uris: [uri('d/drv.c')], modelChanged: true });
  });

  test('batch fires one event for many updates; dispose stops a listener', () => {
    const index = new WorkspaceIndex([ROOT]);
    const events: IndexChangeEvent[] = [];
    const sub = index.onDidChange((e) => events.push(e));
    index.batch(() => {
      for (let i = 0; i < 50; i++) index.update(uri(`f${i}.c`), `int x${i};\n`);
    });
    assert.equal(events.length, 1);
    assert.equal(events[0].uris.length, 50);
    sub.dispose();
    index.update(uri('late.c'), 'int y;\n');
    assert.equal(events.length, 1);
  });

  test('update uses the prefilter: a file without dispatch words keeps only handler definitions', () => {
    const index = new WorkspaceIndex([ROOT]);
    index.update(uri('d/drv.c'), driver('ReadB'));
    index.update(uri('d/handlers.c'), handlers);
    const facts = index.factsOf(uri('d/handlers.c'));
    assert.deepEqual(
      facts?.functions.map((f) => f.name),
      ['ReadB'],
    );
    assert.equal(
      index.model.drivers[0].handlers.get('ReadB')?.definition?.uri,
      uri('d/handlers.c'),
    );
  });

  test('relative paths are decoded and computed against the deepest workspace folder', () => {
    const index = new WorkspaceIndex([ROOT, `${ROOT}/nested`]);
    assert.equal(index.relPathOf(`${ROOT}/my%20dir/a.c`), 'my dir/a.c');
    assert.equal(index.relPathOf(`${ROOT}/nested/x/b.c`), 'x/b.c');
    assert.equal(index.relPathOf('file:///elsewhere/c.c'), 'c.c');
  });

  test('project markers widen a driver root', () => {
    const index = new WorkspaceIndex([ROOT]);
    index.update(uri('proj/src/drv.c'), driver('ReadA'));
    assert.equal(index.model.drivers[0].root, 'proj/src');
    index.addMarker(uri('proj/proj.vcxproj'));
    assert.equal(index.model.drivers[0].root, 'proj');
    index.remove(uri('proj/proj.vcxproj'));
    assert.equal(index.model.drivers[0].root, 'proj/src');
  });

  test('handlerNames lists every registered handler, with the unqualified C++ name too', () => {
    const index = new WorkspaceIndex([ROOT]);
    index.update(uri('d/drv.cpp'), driver('Device::Read'));
    assert.deepEqual([...index.handlerNames()].sort(), ['Device::Read', 'Read']);
  });
});
