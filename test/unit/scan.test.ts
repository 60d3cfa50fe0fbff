// backgroundScan over temporary trees: include/exclude globs, the maxFiles cap, symlink loops,
// dangling links, files deleted during the scan, size and binary skips, the name-driven pass.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import picomatch from 'picomatch';
import {
  DEFAULT_EXCLUDE,
  DEFAULT_INCLUDE,
  resolveNewHandlers,
  scanFolders,
  type ScanProgress,
} from '../../server/src/index/backgroundScan';
import { excludeTests, globTest } from '../../server/src/index/pathGlobs';
import { WorkspaceIndex } from '../../server/src/index/workspaceIndex';
import { pathToUri } from '../../server/src/util/uri';

const DRIVER = `#include <ntddk.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = MyCreate;
    return STATUS_SUCCESS;
}
`;

const HANDLER = `// No dispatch words here: only the second, name-driven pass finds this definition.
NTSTATUS MyCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`;

let tmp: string;

function write(rel: string, content: string | Uint8Array): string {
  const full = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  return full;
}

async function scan(options: Parameters<typeof scanFolders>[2] = {}) {
  const index = new WorkspaceIndex([pathToUri(tmp)]);
  const report = await scanFolders([{ fsPath: tmp }], index, options);
  return { index, report };
}

function relPaths(index: WorkspaceIndex): string[] {
  return [...index.files()].map((f) => f.relPath).sort();
}

suite('scan', () => {
  setup(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-scan-'));
  });
  teardown(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('reads C/C++ files, skips other extensions and default-excluded trees', async () => {
    write('drv/driver.c', DRIVER);
    write('drv/handlers.cpp', HANDLER);
    write('drv/inc/drv.H', '#pragma once\n');
    write('drv/readme.txt', 'DriverEntry\n');
    write('node_modules/pkg/x.c', DRIVER);
    write('.git/objects/y.h', DRIVER);
    write('drv/x64/Release/gen.h', DRIVER);
    write('drv/x64/arch.c', '// per-architecture source, kept\n');
    const { index, report } = await scan();
    assert.deepEqual(relPaths(index), [
      'drv/driver.c',
      'drv/handlers.cpp',
      'drv/inc/drv.H',
      'drv/x64/arch.c',
    ]);
    assert.equal(report.filesRead, 4);
    assert.equal(report.capped, false);
    assert.deepEqual(report.errors, []);
  });

  test('the second pass finds a handler defined in a file the prefilter passes over', async () => {
    write('drv/driver.c', DRIVER);
    write('drv/handlers.c', HANDLER);
    const { index, report } = await scan();
    assert.equal(report.filesWithFacts, 1);
    assert.equal(report.definitionPassFiles, 1);
    const driver = index.model.drivers[0];
    const def = driver.handlers.get('MyCreate')?.definition;
    assert.equal(def?.uri, pathToUri(path.join(tmp, 'drv/handlers.c')));
    assert.equal(def?.nameRange.start.line, 1);
  });

  test('listeners see one change event for the whole scan', async () => {
    for (let i = 0; i < 5; i++) write(`d${i}/driver.c`, DRIVER);
    const index = new WorkspaceIndex([pathToUri(tmp)]);
    const events: number[] = [];
    index.onDidChange((e) => events.push(e.uris.length));
    await scanFolders([{ fsPath: tmp }], index);
    assert.deepEqual(events, [5]);
    assert.equal(index.model.drivers.length, 5);
  });

  test('a handler registered after the scan is resolved from the recorded candidate files', async () => {
    write('drv/driver.c', DRIVER);
    write(
      'drv/handlers.c',
      HANDLER + '\nNTSTATUS LaterRead(PDEVICE_OBJECT d, PIRP Irp) { return 0; }\n',
    );
    const { index } = await scan();
    const driverUri = pathToUri(path.join(tmp, 'drv/driver.c'));
    assert.equal(await resolveNewHandlers(index), 0, 'nothing new yet');
    // The user types a new registration in the open document.
    index.setOpen(
      driverUri,
      DRIVER.replace(
        'return STATUS_SUCCESS;',
        'DriverObject->MajorFunction[IRP_MJ_READ] = LaterRead;\n    return STATUS_SUCCESS;',
      ),
      2,
    );
    assert.equal(index.model.drivers[0].handlers.get('LaterRead')?.definition, null);
    assert.equal(await resolveNewHandlers(index), 1);
    const def = index.model.drivers[0].handlers.get('LaterRead')?.definition;
    assert.equal(def?.uri, pathToUri(path.join(tmp, 'drv/handlers.c')));
    // MyCreate, found by the scan, is still known after the file's facts were replaced.
    assert.ok(index.model.drivers[0].handlers.get('MyCreate')?.definition);
    assert.equal(await resolveNewHandlers(index), 0, 'each name is looked for once');
  });

  test('worker threads give the same index as the single-thread scan', async () => {
    for (let i = 0; i < 6; i++) {
      write(`d${i}/driver.c`, DRIVER);
      write(`d${i}/handlers.c`, HANDLER);
      write(`d${i}/other.c`, `int unrelated${i}(void) { return ${i}; }\n`);
    }
    write('blob.c', Uint8Array.from([0x7f, 0x45, 0, 0, 1, 2, 0, 0]));
    fs.symlinkSync(path.join(tmp, 'gone.c'), path.join(tmp, 'dangling.c'));
    const single = await scan({ parallelThreshold: Infinity });
    const parallel = await scan({ workers: 2, parallelThreshold: 0, keepTextBudget: 0 });
    const shape = (r: Awaited<ReturnType<typeof scan>>) => ({
      files: [...r.index.files()]
        .map((f) => [f.relPath, f.facts])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      drivers: r.index.model.drivers.map((d) => [
        d.root,
        d.handlers.get('MyCreate')?.definition?.uri,
      ]),
      read: r.report.filesRead,
      withFacts: r.report.filesWithFacts,
      definitions: r.report.definitionPassFiles,
      skipped: r.report.skipped.map((x) => x.relPath),
      errors: r.report.errors.map((x) => x.relPath),
    });
    assert.equal(parallel.report.workers, 2);
    assert.equal(single.report.workers, 0);
    assert.deepEqual(shape(parallel), shape(single));
    assert.equal(single.report.definitionPassFiles, 6);
  });

  test('the second pass works the same when texts are re-read instead of kept', async () => {
    write('drv/driver.c', DRIVER);
    write('drv/handlers.c', HANDLER);
    const { index } = await scan({ keepTextBudget: 0 });
    assert.equal(
      index.model.drivers[0].handlers.get('MyCreate')?.definition?.nameRange.start.line,
      1,
    );
  });

  test('user exclude globs prune folders and files; include globs narrow the set', async () => {
    write('a/one.c', '');
    write('a/gen/two.c', '');
    write('b/three.h', '');
    const excluded = await scan({ exclude: ['**/gen/**', 'b/*.h'] });
    assert.deepEqual(relPaths(excluded.index), ['a/one.c']);
    const included = await scan({ include: ['b/**'] });
    assert.deepEqual(relPaths(included.index), ['b/three.h']);
  });

  test('the walk tests globs as picomatch matches them: case, dot files, braces, folders', () => {
    const paths = [
      'drv/Driver.C',
      '.hidden/x.c',
      'a/.vs/x.h',
      'Out/y.c',
      'a/x64/debug/z.cpp',
      'a/x64/arch.c',
      'objfre_wxp_x86/i386/p.h',
      'readme.txt',
      'deep/a/b/c/d.inl',
    ];
    for (const globs of [DEFAULT_INCLUDE, DEFAULT_EXCLUDE, ['b/*.h', '**/gen/**'], []]) {
      const reference = picomatch([...globs], { dot: true, nocase: true });
      const ours = globTest(globs);
      for (const p of paths) {
        assert.equal(ours(p), globs.length > 0 && reference(p), `${globs} ${p}`);
      }
    }
    const exclude = excludeTests(DEFAULT_EXCLUDE);
    assert.equal(exclude.folder('a/x64/Debug'), true);
    assert.equal(exclude.folder('a/x64'), false);
    assert.equal(exclude.folder('node_modules'), true);
    // File tests skip folder globs (the walk never enters those folders) and keep the others.
    assert.equal(exclude.file('a/x64/Debug/z.c'), false);
    assert.equal(excludeTests(['**/*.gen.c', '**/gen/**']).file('a/x.GEN.c'), true);
  });

  test('maxFiles caps the scan and says so', async () => {
    for (let i = 0; i < 30; i++) write(`many/f${String(i).padStart(2, '0')}.c`, `int f${i};\n`);
    const { index, report } = await scan({ maxFiles: 10 });
    assert.equal(report.capped, true);
    assert.equal(report.filesFound, 10);
    assert.equal(index.size, 10);
    const all = await scan({ maxFiles: 0 });
    assert.equal(all.report.capped, false);
    assert.equal(all.index.size, 30);
  });

  test('symlink loops and dangling links are recorded, not followed forever', async () => {
    write('real/driver.c', DRIVER);
    fs.symlinkSync(path.join(tmp, 'real'), path.join(tmp, 'real', 'again'));
    fs.symlinkSync(path.join(tmp, 'loop-a'), path.join(tmp, 'loop-b'));
    fs.symlinkSync(path.join(tmp, 'loop-b'), path.join(tmp, 'loop-a'));
    fs.symlinkSync(path.join(tmp, 'missing.c'), path.join(tmp, 'dangling.c'));
    fs.symlinkSync(path.join(tmp, 'self.c'), path.join(tmp, 'self.c'));
    const { index, report } = await scan();
    assert.deepEqual(relPaths(index), ['real/driver.c']);
    const codes = new Map(report.errors.map((e) => [e.relPath, e.code]));
    assert.equal(codes.get('real/again'), 'symlink-loop');
    assert.equal(codes.get('dangling.c'), 'ENOENT');
    assert.equal(codes.get('self.c'), 'ELOOP');
    assert.equal(codes.get('loop-a'), undefined, 'loop-a has no C name, so it is not reported');
  });

  test('a linked folder is scanned once, through its first path', async () => {
    write('src/a.c', DRIVER);
    fs.symlinkSync(path.join(tmp, 'src'), path.join(tmp, 'z-alias'));
    const { index } = await scan();
    assert.deepEqual(relPaths(index), ['src/a.c']);
  });

  test('a file deleted between the walk and the read is recorded and the scan goes on', async () => {
    write('a/first.c', DRIVER);
    write('b/second.c', HANDLER);
    const progress: ScanProgress[] = [];
    const { index, report } = await scan({
      onProgress: (p) => {
        progress.push(p);
        // After the walk found both files, delete the second before it is read.
        if (p.phase === 'read' && p.done === 1) fs.rmSync(path.join(tmp, 'b/second.c'));
      },
    });
    assert.deepEqual(relPaths(index), ['a/first.c']);
    assert.deepEqual(
      report.errors.map((e) => [e.relPath, e.code]),
      [['b/second.c', 'ENOENT']],
    );
    const reads = progress.filter((p) => p.phase === 'read');
    assert.deepEqual(reads.at(-1), { phase: 'read', done: 2, total: 2 });
  });

  test('an unreadable folder or file is recorded (permission tests need a non-root user)', async function () {
    write('open/ok.c', DRIVER);
    write('closed/secret.c', DRIVER);
    fs.chmodSync(path.join(tmp, 'closed'), 0o000);
    try {
      const { index, report } = await scan();
      const canReadAnyway = typeof process.getuid === 'function' && process.getuid() === 0;
      if (canReadAnyway) {
        // root reads everything: the scan must still succeed and see both files.
        assert.deepEqual(relPaths(index), ['closed/secret.c', 'open/ok.c']);
      } else {
        assert.deepEqual(relPaths(index), ['open/ok.c']);
        assert.deepEqual(
          report.errors.map((e) => [e.relPath, e.code]),
          [['closed', 'EACCES']],
        );
      }
    } finally {
      fs.chmodSync(path.join(tmp, 'closed'), 0o755);
    }
  });

  test('files over the size cap and binary files are skipped with a reason', async () => {
    write('big.c', 'int x;\n'.repeat(2000));
    write('blob.c', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0, 0]));
    write('small.c', 'int y;\n');
    const { index, report } = await scan({ maxFileBytes: 1000 });
    assert.deepEqual(relPaths(index), ['small.c']);
    assert.deepEqual(report.skipped.map((s) => [s.relPath, s.code]).sort(), [
      ['big.c', 'too-large'],
      ['blob.c', 'binary'],
    ]);
    assert.match(
      report.skipped.find((s) => s.code === 'too-large')?.message ?? '',
      /1000-byte limit/,
    );
  });

  test('UTF-16 and Windows-1252 sources are indexed like UTF-8 ones', async () => {
    write(
      'u16/driver.c',
      Uint8Array.from([0xff, 0xfe, ...Buffer.from(DRIVER.replace(/\n/g, '\r\n'), 'utf16le')]),
    );
    write('u16/handlers.c', Buffer.from('// caf\xe9 \x93quoted\x94\n' + HANDLER, 'latin1'));
    const { index } = await scan();
    const driver = index.model.drivers[0];
    assert.equal(driver.registrations[0]?.slot, 'IRP_MJ_CREATE');
    assert.equal(driver.handlers.get('MyCreate')?.definition?.nameRange.start.line, 2);
  });

  test('a cancelled scan stops and says so', async () => {
    for (let i = 0; i < 5; i++) write(`c/f${i}.c`, DRIVER);
    const controller = new AbortController();
    controller.abort();
    const { index, report } = await scan({ signal: controller.signal });
    assert.equal(report.cancelled, true);
    assert.equal(index.size, 0);
  });
});
