// The incremental driver model: after randomized edit sequences (registrations added and removed,
// entries, init writers, IoCreateDriver, global writes, handlers defined in other files, markers,
// opened, closed and deleted files), the model and diagnostics built from the previous model equal
// those of a build from scratch, and unchanged drivers are taken over as the same objects.
import * as assert from 'node:assert/strict';
import { buildWorkspaceModel, type ProjectMarkerInput } from '../../server/src/index/driverModel';
import { WorkspaceIndex, sameData } from '../../server/src/index/workspaceIndex';
import { extractFacts } from '../../server/src/syntax/dispatchFacts';
import { collectFindings, computeDiagnostics } from '../../server/src/features/diagnostics';
import type { WorkspaceModel } from '../../server/src/index/modelTypes';
import { prng } from './fuzzSupport';

const ROOT = 'file:///ws';
const uri = (rel: string): string => `${ROOT}/${rel}`;

const PATHS = [
  'a/drv.c',
  'a/disp.c',
  'a/inc/a.h',
  'b/entry.c',
  'b/helper.c',
  'c/init.c',
  'c/main.c',
  'lib/shared.c',
  'd/sys/global.c',
];
const MARKERS = ['a/sources', 'd/drv.vcxproj', 'c/makefile'];
const HANDLERS = ['XCreate', 'XClose', 'XRead', 'XWrite', 'XIoctl', 'XShutdown', 'Cls::XFlush'];
const SLOTS = ['IRP_MJ_CREATE', 'IRP_MJ_CLOSE', 'IRP_MJ_READ', 'IRP_MJ_WRITE', 'IRP_MJ_SHUTDOWN'];

function snippets(rnd: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const h = (): string => pick(HANDLERS);
  const s = (): string => pick(SLOTS);
  return [
    `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING r)\n{\n    DriverObject->MajorFunction[${s()}] = ${h()};\n    DriverObject->MajorFunction[${s()}] = ${h()};\n    return 0;\n}\n`,
    `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING r)\n{\n    ULONG i;\n    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)\n        DriverObject->MajorFunction[i] = ${h()};\n    DriverObject->MajorFunction[${s()}] = ${h()};\n    RegisterMore(DriverObject);\n    return 0;\n}\n`,
    `NTSTATUS ${h().replace('Cls::', '')}(PDEVICE_OBJECT d, PIRP Irp)\n{\n    return 0;\n}\n`,
    `_Dispatch_type_(${s()}) DRIVER_DISPATCH ${h().replace('Cls::', '')};\n`,
    `VOID RegisterMore(PDRIVER_OBJECT Drv)\n{\n    Drv->MajorFunction[${s()}] = ${h()};\n}\n`,
    `VOID CallIt(PDRIVER_OBJECT DriverObject)\n{\n    RegisterMore(DriverObject);\n}\n`,
    `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING r)\n{\n    return IoCreateDriver(NULL, (PDRIVER_INITIALIZE)&RealInit);\n}\n`,
    `NTSTATUS RealInit(PDRIVER_OBJECT D, PUNICODE_STRING p)\n{\n    D->MajorFunction[${s()}] = ${h()};\n    return 0;\n}\n`,
    `PDRIVER_OBJECT g_Drv;\nVOID SetUp(VOID)\n{\n    g_Drv->MajorFunction[${s()}] = ${h()};\n}\n`,
    `#if 0\nVOID Old(PDRIVER_OBJECT Drv)\n{\n    Drv->MajorFunction[${s()}] = ${h()};\n}\n#endif\n`,
    `VOID AddDev(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT dev)\n{\n    DriverObject->DriverExtension->AddDevice = ${h()};\n    IoRegisterShutdownNotification(dev);\n}\n`,
    `#pragma warning(disable: 28168)\n// wdm-ignore ${pick(['handler-not-found', 'missing-dispatch-annotation'])}\n`,
    `// just a comment ${Math.floor(rnd() * 3)}\n`,
  ];
}

function randomText(rnd: () => number): string {
  const pool = snippets(rnd);
  const parts: string[] = ['\n'.repeat(Math.floor(rnd() * 3))];
  const count = Math.floor(rnd() * 4);
  for (let i = 0; i < count; i++) parts.push(pool[Math.floor(rnd() * pool.length)]);
  return parts.join('\n');
}

const SETTINGS = { severities: {} };

function assertSameModel(actual: WorkspaceModel, expected: WorkspaceModel, where: string): void {
  assert.deepStrictEqual(actual.drivers, expected.drivers, where);
  for (const rel of PATHS) {
    const u = uri(rel);
    assert.deepStrictEqual(actual.driverOf(u)?.rootUri, expected.driverOf(u)?.rootUri, where);
    assert.deepStrictEqual(actual.factsOf(u), expected.factsOf(u), where);
    assert.deepStrictEqual(
      computeDiagnostics(actual, u, SETTINGS),
      computeDiagnostics(expected, u, SETTINGS),
      `${where}: diagnostics of ${rel}`,
    );
  }
  assert.deepStrictEqual(collectFindings(actual, SETTINGS), collectFindings(expected, SETTINGS));
}

suite('incremental driver model', () => {
  for (let seed = 1; seed <= 12; seed++) {
    test(`randomized edits equal a build from scratch (seed ${seed})`, () => {
      const rnd = prng(seed);
      const index = new WorkspaceIndex([ROOT]);
      const markers = new Map<string, ProjectMarkerInput>();
      const onDisk = new Set<string>();
      for (const rel of PATHS) {
        index.update(uri(rel), randomText(rnd));
        onDisk.add(rel);
      }
      let reusedDrivers = 0;
      let previous = index.model;
      for (let step = 0; step < 120; step++) {
        const rel = PATHS[Math.floor(rnd() * PATHS.length)];
        const roll = rnd();
        if (roll < 0.3) index.setOpen(uri(rel), randomText(rnd), step);
        else if (roll < 0.45) {
          // Big documents: parsed when the index is read next (possibly after more edits).
          index.setOpenDeferred(uri(rel), randomText(rnd), step);
          if (rnd() < 0.5) index.setOpenDeferred(uri(rel), randomText(rnd), step + 1);
        } else if (roll < 0.75) {
          index.update(uri(rel), randomText(rnd));
          onDisk.add(rel);
        } else if (roll < 0.85) index.close(uri(rel));
        else if (roll < 0.9) {
          index.remove(uri(rel));
          onDisk.delete(rel);
        } else if (roll < 0.95) {
          // Retyping the same text: equal facts, the model must stay as it is.
          const text = randomText(rnd);
          index.setOpen(uri(rel), text, step);
          const before = index.model;
          index.setOpen(uri(rel), text, step + 1000);
          assert.equal(index.model, before, 'same text keeps the model');
        } else {
          const m = MARKERS[Math.floor(rnd() * MARKERS.length)];
          if (!markers.has(m)) {
            markers.set(m, { uri: uri(m), relPath: m });
            index.addMarker(uri(m), m);
          }
        }
        const incremental = index.model;
        const fresh = buildWorkspaceModel([...index.files()], [ROOT], {
          projectMarkers: markers.values(),
        });
        assertSameModel(incremental, fresh, `seed ${seed} step ${step}`);
        for (const d of incremental.drivers) if (previous.drivers.includes(d)) reusedDrivers++;
        previous = incremental;
      }
      // The incremental path was taken: some drivers outlived the edits of other drivers' files.
      assert.ok(reusedDrivers > 0, 'no driver was ever taken over');
    });
  }

  test('a deferred open text is what every reader sees, and its change event fires when parsed', () => {
    const index = new WorkspaceIndex([ROOT]);
    const drv = (h: string): string =>
      `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING r)\n{\n    DriverObject->MajorFunction[IRP_MJ_READ] = ${h};\n    return 0;\n}\n`;
    index.update(uri('a/drv.c'), drv('OnDisk'));
    const events: boolean[] = [];
    index.onDidChange((e) => events.push(e.modelChanged));
    index.setOpenDeferred(uri('a/drv.c'), drv('Typed1'), 1);
    index.setOpenDeferred(uri('a/drv.c'), drv('Typed2'), 2);
    assert.ok(index.isOpen(uri('a/drv.c')));
    assert.deepEqual(events, [], 'nothing parsed before a read');
    assert.equal(index.model.drivers[0].slots.get('IRP_MJ_READ')?.[0].handler, 'Typed2');
    assert.equal(index.get(uri('a/drv.c'))?.version, 2);
    assert.deepEqual(events, [true]);
    // Closed before it was parsed: the disk text applies again.
    index.setOpenDeferred(uri('a/drv.c'), drv('Typed3'), 3);
    index.close(uri('a/drv.c'));
    assert.equal(index.model.drivers[0].slots.get('IRP_MJ_READ')?.[0].handler, 'OnDisk');
    assert.ok(!index.isOpen(uri('a/drv.c')));
  });

  test('facts compare equal exactly when their JSON is equal', () => {
    const rnd = prng(42);
    let equal = 0;
    for (let i = 0; i < 300; i++) {
      const a = extractFacts(randomText(rnd));
      const b = extractFacts(rnd() < 0.3 ? randomText(prng(i)) : randomText(rnd));
      const json = JSON.stringify(a) === JSON.stringify(b);
      if (json) equal++;
      assert.equal(sameData(a, b), json, `pair ${i}`);
      assert.ok(sameData(a, JSON.parse(JSON.stringify(a))));
    }
    assert.ok(equal > 0, 'some pairs were equal');
  });
});
