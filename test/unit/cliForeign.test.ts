// The wdm-dispatch CLI driven the way a script nobody here wrote drives it: conflicting repeated
// options, empty globs, a file named like an option, sockets in the tree, and a stdout that
// cannot be written (a full disk). Exit code 2 with one line on stderr, never a stack trace.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, UsageError } from '../../server/src/cli/args';

const CLI = path.join(__dirname, '..', '..', 'server', 'src', 'cli.js');

const DRIVER = `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = MyCreate;
    return STATUS_SUCCESS;
}
NTSTATUS MyCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, stdout: 'pipe' | number = 'pipe'): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['ignore', stdout, 'pipe'],
  });
  if (r.error) assert.fail(`the CLI did not finish: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr };
}

function assertOneLineError(r: Run, pattern: RegExp, label: string): void {
  assert.equal(r.code, 2, `${label}: exit code`);
  assert.match(r.stderr, pattern, label);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${label}: no stack trace`);
}

suite('cli: a foreign caller', function () {
  this.timeout(60_000);
  let tmp: string;

  suiteSetup(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-cli-foreign-')));
    fs.mkdirSync(path.join(tmp, 'tree'));
    fs.writeFileSync(path.join(tmp, 'tree', 'driver.c'), DRIVER);
  });
  suiteTeardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('--format twice with different values is a usage error; the same value twice is fine', () => {
    assert.throws(
      () => parseArgs(['check', 'd', '--format', 'json', '--format', 'text']),
      (e: unknown) => e instanceof UsageError && /--format given twice/.test(e.message),
    );
    assert.equal(parseArgs(['check', 'd', '--format=json', '--format', 'json']).format, 'json');
    const r = run(['check', 'tree', '--format', 'sarif', '--format=json'], tmp);
    assertOneLineError(r, /--format given twice \('sarif' and 'json'\)/, 'conflicting formats');
    assert.equal(r.stdout, '');
  });

  test('an empty --exclude glob is a usage error, not an internal error', () => {
    for (const args of [
      ['index', 'tree', '--exclude='],
      ['check', 'tree', '--exclude', '  '],
    ]) {
      const r = run(args, tmp);
      assertOneLineError(r, /--exclude needs a non-empty GLOB/, args.join(' '));
      assert.doesNotMatch(r.stderr, /internal error/);
    }
  });

  test('a file named like an option and a socket in the tree: indexed after --, socket skipped', async () => {
    const tree = path.join(tmp, 'odd');
    fs.mkdirSync(tree);
    fs.writeFileSync(path.join(tree, '-x.c'), DRIVER);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(tree, 'sock.c'), resolve));
    try {
      const r = run(['index', '--json', '--', 'odd'], tmp);
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(r.stdout) as {
        files: number;
        drivers: { entry: { file: string } }[];
      };
      assert.equal(json.files, 1);
      assert.equal(json.drivers[0].entry.file, '-x.c');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a stdout that cannot be written (/dev/full): exit 2 and one line, no stack trace', () => {
    const fd = fs.openSync('/dev/full', 'w');
    try {
      for (const args of [
        ['index', 'tree', '--json'],
        ['check', 'tree'],
      ]) {
        const r = run(args, tmp, fd);
        assertOneLineError(r, /^wdm-dispatch: cannot write the output: ENOSPC\n$/, args.join(' '));
      }
    } finally {
      fs.closeSync(fd);
    }
  });
});
