// The read-ahead worker of the scanner: it only warms the page cache, so a scan with it must index
// exactly what a scan without it does, and bad paths or oversized files must not stop it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanFolders } from '../../server/src/index/backgroundScan';
import { PREFETCH_MIN_FILES, Prefetcher } from '../../server/src/index/prefetch';
import { WorkspaceIndex } from '../../server/src/index/workspaceIndex';
import { pathToUri } from '../../server/src/util/uri';

let tmp: string;

function driverFile(i: number): string {
  return i % 10 === 0
    ? `NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n    d->MajorFunction[IRP_MJ_CREATE] = Create${i};\n    return 0;\n}\n`
    : `NTSTATUS Create${i - (i % 10)}(PDEVICE_OBJECT d, PIRP Irp)\n{\n    return 0;\n}\nint helper${i};\n`;
}

suite('prefetch', () => {
  setup(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-prefetch-'));
  });
  teardown(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a scan that reads ahead indexes the same facts as one that does not', async () => {
    const count = PREFETCH_MIN_FILES + 20;
    for (let i = 0; i < count; i++) {
      const dir = path.join(tmp, `drv${Math.floor(i / 10)}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `f${i}.c`), driverFile(i));
    }
    const run = async (prefetch: 'always' | 'never') => {
      const index = new WorkspaceIndex([pathToUri(tmp)]);
      const report = await scanFolders([{ fsPath: tmp }], index, { prefetch });
      const facts = [...index.files()].map((f) => JSON.stringify([f.relPath, f.facts])).sort();
      const model = index.model.drivers.map((d) => [d.root, d.registrations.map((r) => r.handler)]);
      return { facts, model, read: report.filesRead, withFacts: report.filesWithFacts };
    };
    const ahead = await run('always');
    const plain = await run('never');
    assert.equal(ahead.read, count);
    assert.ok(ahead.withFacts >= count / 10);
    assert.deepEqual(ahead, plain);
  });

  test('missing files, folders and files over the limit do not stop the worker', async () => {
    const paths: string[] = [];
    for (let i = 0; i < 5; i++) {
      const p = path.join(tmp, `ok${i}.c`);
      fs.writeFileSync(p, 'int x;\n');
      paths.push(p, path.join(tmp, `missing${i}.c`), tmp);
    }
    const big = path.join(tmp, 'big.c');
    fs.writeFileSync(big, Buffer.alloc(600 * 1024, 0x61));
    paths.push(big);
    const prefetcher = Prefetcher.start(paths, 1024);
    assert.ok(prefetcher, 'the worker starts');
    await prefetcher.finished;
  });

  test('a stopped worker finishes at once, and small trees never start one', async () => {
    const paths = Array.from({ length: 5000 }, (_, i) => path.join(tmp, `none${i}.c`));
    const prefetcher = Prefetcher.start(paths, 1024);
    assert.ok(prefetcher);
    prefetcher.stop();
    await prefetcher.finished;
    assert.equal(Prefetcher.startIfCold(paths.slice(0, PREFETCH_MIN_FILES - 1), 1024), undefined);
  });
});
