// The wdm-dispatch CLI as a program in hostile conditions: missing, unreadable (for real, run as
// an unprivileged user) and looping folders, a file instead of a folder, bad options; a tree with
// FIFOs and binaries; stdout closed early. Exit code 2 with one clear line on stderr for the
// errors, and never a file written: the working folder and the scanned tree stay as they were.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.join(__dirname, '..', '..', 'server', 'src', 'cli.js');

const DRIVER = `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = MyCreate;
    return STATUS_SUCCESS;
}
NTSTATUS MyCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }
`;

let tmp: string;
let cwd: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { uid?: number } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, HOME: cwd },
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  if (r.error) assert.fail(`the CLI did not finish: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every path under `dir` with its size and modification time: what "nothing written" compares. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const st = fs.lstatSync(full);
      out.push(`${path.relative(dir, full)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out.sort();
}

function assertUsageError(r: Run, pattern: RegExp, label: string): void {
  assert.equal(r.code, 2, `${label}: exit code`);
  assert.equal(r.stdout, '', `${label}: nothing on stdout`);
  assert.match(r.stderr, pattern, label);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${label}: no stack trace`);
}

suite('cli robustness', function () {
  this.timeout(60_000);
  setup(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-cli-robust-'));
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-cli-cwd-'));
    fs.chmodSync(tmp, 0o755);
    fs.chmodSync(cwd, 0o777);
  });
  teardown(() => {
    for (const d of [tmp, cwd]) fs.rmSync(d, { recursive: true, force: true });
  });

  test('a missing folder, a file, a dangling link and a link loop: exit 2 and one clear line', () => {
    fs.writeFileSync(path.join(tmp, 'file.c'), DRIVER);
    fs.symlinkSync(path.join(tmp, 'nowhere'), path.join(tmp, 'dangling'));
    fs.symlinkSync(path.join(tmp, 'loop'), path.join(tmp, 'loop'));
    const cases: [string, RegExp][] = [
      [path.join(tmp, 'missing'), /does not exist/],
      [path.join(tmp, 'file.c'), /is not a folder/],
      [path.join(tmp, 'dangling'), /does not exist/],
      [path.join(tmp, 'dangling', 'below'), /does not exist/],
      [path.join(tmp, 'loop'), /cannot be read \(ELOOP\)/],
    ];
    for (const [dir, pattern] of cases) {
      for (const command of [
        ['index', dir, '--json'],
        ['check', dir, '--format', 'sarif'],
      ]) {
        const r = run(command);
        assertUsageError(r, pattern, command.join(' '));
        assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
        assert.ok(r.stderr.includes(dir), 'the message names the folder');
      }
    }
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  test('an unreadable folder (run as an unprivileged user): exit 2, permission denied', () => {
    fs.mkdirSync(path.join(tmp, 'closed'));
    fs.writeFileSync(path.join(tmp, 'closed', 'driver.c'), DRIVER);
    fs.chmodSync(path.join(tmp, 'closed'), 0o000);
    try {
      const asUser = process.getuid?.() === 0 ? 65534 : undefined;
      const r = run(['check', path.join(tmp, 'closed')], { uid: asUser });
      assertUsageError(r, /cannot be read \(permission denied\)/, 'closed folder');
    } finally {
      fs.chmodSync(path.join(tmp, 'closed'), 0o755);
    }
  });

  test('bad options and commands: exit 2, the reason and the usage on stderr only', () => {
    fs.writeFileSync(path.join(tmp, 'driver.c'), DRIVER);
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [['scan', tmp], /unknown command 'scan'/],
      [['index'], /missing DIR/],
      [['index', tmp, 'extra'], /unexpected argument 'extra'/],
      [['index', tmp, '--bogus'], /unknown option '--bogus'/],
      [['check', tmp, '--format', 'xml'], /unknown format 'xml'/],
      [['check', tmp, '--format'], /needs a value/],
      [['check', tmp, '--max-files', 'lots'], /whole number/],
      [['check', tmp, '--max-files=-1'], /whole number/],
      [['index', tmp, '--json=yes'], /takes no value/],
      [['index', tmp, '--format', 'json'], /index takes --json/],
      [['check', tmp, '--json'], /check takes --format json/],
      [['check', tmp, '--exclude'], /needs a value/],
    ];
    for (const [args, pattern] of cases) {
      const r = run(args);
      assertUsageError(r, pattern, JSON.stringify(args));
      assert.match(r.stderr, /usage: wdm-dispatch/, `${JSON.stringify(args)}: usage shown`);
    }
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  test('a tree with FIFOs, binaries and loops is reported, and nothing is written anywhere', () => {
    fs.mkdirSync(path.join(tmp, 'drv'));
    fs.writeFileSync(path.join(tmp, 'drv', 'driver.c'), DRIVER);
    fs.writeFileSync(
      path.join(tmp, 'drv', 'blob.c'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 0]),
    );
    execFileSync('mkfifo', [path.join(tmp, 'drv', 'pipe.c')]);
    fs.symlinkSync(path.join(tmp, 'drv'), path.join(tmp, 'drv', 'again'));
    fs.symlinkSync(path.join(tmp, 'missing.h'), path.join(tmp, 'drv', 'dangling.h'));
    const treeBefore = snapshot(tmp);
    const outputs = new Map<string, string>();
    for (const args of [
      ['index', tmp],
      ['index', tmp, '--json'],
      ['check', tmp],
      ['check', tmp, '--format', 'json'],
      ['check', tmp, '--format', 'sarif'],
      ['check', tmp, '--max-files', '1', '--exclude', '**/blob.c'],
    ]) {
      const r = run(args);
      assert.ok(r.code === 0 || r.code === 1, `${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      outputs.set(args.join(' '), r.stdout);
    }
    const json = JSON.parse(outputs.get(`index ${tmp} --json`)!) as { schema: number };
    assert.equal(json.schema, 1);
    assert.match(outputs.get(`index ${tmp}`)!, /MyCreate/);
    assert.deepEqual(snapshot(tmp), treeBefore, 'the scanned tree is unchanged');
    assert.deepEqual(fs.readdirSync(cwd), [], 'nothing written to the working folder');
  });

  test('stdout closed early (piped into head): no crash, no stack trace', () => {
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(tmp, `d${i}.c`), DRIVER);
    const r = spawnSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" "${CLI}" index "${tmp}" --json | head -c 1 >/dev/null`],
      { cwd, encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(r.error, undefined);
    assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|\n\s+at /, r.stderr);
  });
});
