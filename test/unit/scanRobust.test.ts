// The scanner in trees nobody cleaned: FIFOs with C names (must not block), permission denied
// for real (the scan runs in a child process as an unprivileged user, since root reads anything),
// folders replaced by files and files renamed or truncated mid-scan, 50,000 files against the
// default maxFiles cap, vendored and build-output trees, deep paths and odd file names.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  scanFolders,
  type ScanOptions,
  type ScanReport,
} from '../../server/src/index/backgroundScan';
import { WorkspaceIndex } from '../../server/src/index/workspaceIndex';
import { pathToUri } from '../../server/src/util/uri';

const DRIVER = `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = MyCreate;
    return STATUS_SUCCESS;
}
`;

/** The package's default `wdm.index.maxFiles`. */
const DEFAULT_MAX_FILES = 20_000;

let tmp: string;

function write(rel: string, content: string | Uint8Array = DRIVER): string {
  const full = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  return full;
}

async function scan(
  options: ScanOptions = {},
): Promise<{ index: WorkspaceIndex; report: ScanReport }> {
  const index = new WorkspaceIndex([pathToUri(tmp)]);
  const report = await scanFolders([{ fsPath: tmp }], index, options);
  return { index, report };
}

function relPaths(index: WorkspaceIndex): string[] {
  return [...index.files()].map((f) => f.relPath).sort();
}

interface ChildScan {
  files: string[];
  report: ScanReport;
}

/**
 * Scans `tmp` in a child process, optionally as another user, with a time limit: a scan that
 * blocks (on a FIFO, say) is killed and reported as a hang instead of freezing the test run.
 */
function scanInChild(uid?: number): ChildScan {
  const scanner = path.join(__dirname, '..', '..', 'server', 'src', 'index', 'backgroundScan.js');
  const indexModule = path.join(
    __dirname,
    '..',
    '..',
    'server',
    'src',
    'index',
    'workspaceIndex.js',
  );
  const script = `
    const { scanFolders } = require(${JSON.stringify(scanner)});
    const { WorkspaceIndex } = require(${JSON.stringify(indexModule)});
    const index = new WorkspaceIndex([]);
    scanFolders([{ fsPath: process.argv[1] }], index).then((report) => {
      const files = [...index.files()].map((f) => f.relPath).sort();
      process.stdout.write(JSON.stringify({ files, report }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script, tmp], {
    encoding: 'utf8',
    timeout: 30_000,
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  if (result.error) assert.fail(`the scan did not finish: ${result.error.message}`);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as ChildScan;
}

function codes(report: ScanReport): Map<string, string> {
  return new Map(report.errors.map((e) => [e.relPath, e.code]));
}

suite('scan robustness', () => {
  setup(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-scan-robust-'));
  });
  teardown(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a FIFO named like a C file, and links to it, never block the scan', () => {
    write('src/driver.c');
    execFileSync('mkfifo', [path.join(tmp, 'src', 'pipe.c'), path.join(tmp, 'fifo.h')]);
    fs.symlinkSync(path.join(tmp, 'src', 'pipe.c'), path.join(tmp, 'link-to-pipe.c'));
    const { files, report } = scanInChild();
    assert.deepEqual(files, ['src/driver.c']);
    assert.equal(report.filesRead, 1);
  });

  test('reading a source that became a FIFO returns at once, with or without a writer', function () {
    if (process.platform === 'win32') this.skip();
    const reader = path.join(__dirname, '..', '..', 'server', 'src', 'index', 'readSource.js');
    const fifo = path.join(tmp, 'late.c');
    execFileSync('mkfifo', [fifo]);
    // In a child with a deadline: a blocking open would otherwise hang the whole test run.
    const script = `
      const { readSourceText } = require(${JSON.stringify(reader)});
      const fs = require('node:fs');
      const file = { fsPath: process.argv[1], relPath: 'late.c', uri: 'file:///late.c' };
      const alone = readSourceText(file, 1024);
      // A writer that keeps the pipe open without writing: a blocking read would wait forever.
      const writer = fs.openSync(process.argv[1], fs.constants.O_RDWR);
      const withWriter = readSourceText(file, 1024);
      fs.closeSync(writer);
      process.stdout.write(JSON.stringify([alone, withWriter]));`;
    const result = spawnSync(process.execPath, ['-e', script, fifo], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (result.error) assert.fail(`the read did not return: ${result.error.message}`);
    assert.equal(result.status, 0, result.stderr);
    const [alone, withWriter] = JSON.parse(result.stdout) as { ok: boolean; text?: string }[];
    assert.deepEqual(alone, { ok: true, text: '', bytes: 0 });
    // With a writer the non-blocking read fails (EAGAIN) instead of waiting: an error, not a hang.
    assert.equal(withWriter.ok, false);
  });

  test('permission denied on a folder and on a file is recorded; the rest is indexed', function () {
    if (typeof process.getuid !== 'function') this.skip();
    write('open/ok.c');
    write('closed/secret.c');
    write('open/private.c');
    fs.chmodSync(tmp, 0o755);
    fs.chmodSync(path.join(tmp, 'closed'), 0o000);
    fs.chmodSync(path.join(tmp, 'open', 'private.c'), 0o000);
    try {
      // As root every read succeeds, so run the scanner as an unprivileged user (nobody).
      const asUser = process.getuid?.() === 0 ? 65534 : undefined;
      const { files, report } = scanInChild(asUser);
      assert.deepEqual(files, ['open/ok.c']);
      const errors = codes(report);
      assert.equal(errors.get('closed'), 'EACCES');
      assert.equal(errors.get('open/private.c'), 'EACCES');
      assert.ok(
        report.errors.every((e) => e.message.length > 0),
        'each error says why',
      );
    } finally {
      fs.chmodSync(path.join(tmp, 'closed'), 0o755);
    }
  });

  test('a folder replaced by a file during the walk is recorded; the walk goes on', async () => {
    write('a/first.c');
    write('b/second.c');
    write('c/third.c');
    let replaced = false;
    const { index, report } = await scan({
      onProgress: (p) => {
        if (p.phase === 'walk' && !replaced) {
          replaced = true;
          fs.rmSync(path.join(tmp, 'b'), { recursive: true });
          fs.writeFileSync(path.join(tmp, 'b'), 'now a file');
        }
      },
    });
    assert.ok(replaced);
    assert.deepEqual(relPaths(index), ['a/first.c', 'c/third.c']);
    assert.equal(codes(report).get('b'), 'ENOTDIR');
  });

  test('files renamed, emptied or turned into folders during the read phase', async () => {
    write('a.c');
    write('b.c');
    write('c.c');
    write('d.c');
    const { index, report } = await scan({
      onProgress: (p) => {
        if (p.phase === 'read' && p.done === 1) {
          fs.renameSync(path.join(tmp, 'b.c'), path.join(tmp, 'b-renamed.c'));
          fs.truncateSync(path.join(tmp, 'c.c'), 0);
          fs.rmSync(path.join(tmp, 'd.c'));
          fs.mkdirSync(path.join(tmp, 'd.c'));
        }
      },
    });
    // The renamed file is picked up by the next watched-file event, not by this scan.
    assert.deepEqual(relPaths(index), ['a.c', 'c.c']);
    assert.equal(index.factsOf(index.rootUris[0] + '/c.c')?.registrations.length, 0);
    const errors = codes(report);
    assert.equal(errors.get('b.c'), 'ENOENT');
    assert.equal(errors.get('d.c'), 'EISDIR');
    assert.equal(report.cancelled, false);
  });

  test('50,000 files: the default maxFiles cap stops the scan and the report says so', async () => {
    for (let d = 0; d < 50; d++) {
      const dir = path.join(tmp, `mod${String(d).padStart(2, '0')}`);
      fs.mkdirSync(dir);
      for (let f = 0; f < 1000; f++) fs.writeFileSync(path.join(dir, `f${f}.c`), 'int x;\n');
    }
    const { index, report } = await scan({ maxFiles: DEFAULT_MAX_FILES });
    assert.equal(report.capped, true);
    assert.equal(report.filesFound, DEFAULT_MAX_FILES);
    assert.equal(index.size, DEFAULT_MAX_FILES);
    // The walk is in name order: the first 20 folders are in, the rest out.
    assert.ok(index.get(index.rootUris[0] + '/mod19/f999.c'));
    assert.equal(index.get(index.rootUris[0] + '/mod20/f0.c'), undefined);
  });

  test('vendored and build-output trees are excluded by the default globs; look-alikes are not', async () => {
    const excluded = [
      'node_modules/dep/src/driver.c',
      'tools/node_modules/.pnpm/x/driver.c',
      '.git/objects/driver.c',
      '.vs/cache/driver.c',
      'out/driver.c',
      'drv/x64/Debug/driver.c',
      'drv/ARM64/Release/gen.h',
      'drv/objfre_win7_amd64/amd64/driver.c',
    ];
    const included = ['drv/x64/driver.c', 'drv/amd64/asm.h', 'drv/src/out.c', 'drv/Debug/driver.c'];
    for (const rel of [...excluded, ...included]) write(rel);
    const { index, report } = await scan();
    assert.deepEqual(relPaths(index), [...included].sort());
    assert.equal(report.errors.length, 0);
  });

  test('deep folders and file names needing URI escapes are indexed with exact URIs', async () => {
    const deep = Array.from({ length: 120 }, (_, i) => `d${i}`).join('/');
    write(`${deep}/deep.c`);
    const odd = ['with space/a b.c', 'hash#and%percent/x.c', 'ünïcödé/日本.c', 'brackets[1]/{c}.h'];
    for (const rel of odd) write(rel);
    const { index, report } = await scan();
    assert.equal(report.errors.length, 0);
    assert.deepEqual(relPaths(index), [`${deep}/deep.c`, ...odd].sort());
    for (const f of index.files()) {
      // Each URI maps back to the file it names, and the facts were read from it.
      assert.ok(f.uri.startsWith(index.rootUris[0] + '/'));
      assert.equal(index.relPathOf(f.uri), f.relPath, f.uri);
      assert.equal(f.facts.registrations.length, 1, f.relPath);
    }
  });

  test('a 20 MB source and a sparse file of NULs are skipped with reasons, not read whole', async () => {
    write('ok.c');
    const huge = write('huge.c', '');
    fs.truncateSync(huge, 20 * 1024 * 1024);
    write('zeros.h', new Uint8Array(4096));
    const { index, report } = await scan();
    assert.deepEqual(relPaths(index), ['ok.c']);
    const skipped = new Map(report.skipped.map((s) => [s.relPath, s.code]));
    assert.equal(skipped.get('huge.c'), 'too-large');
    assert.equal(skipped.get('zeros.h'), 'binary');
  });
});
