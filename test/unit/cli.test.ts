// The wdm-dispatch CLI run in-process with captured streams: schema 1 on the fixture tree, the
// text table, check in text/json/SARIF, exit codes 0/1/2 and usage errors on stderr only.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../server/src/cli';
import type { IndexJsonRegistration } from '../../server/src/cli/indexReport';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'cli');
const TWO = path.join(FIXTURES, 'two-drivers');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

suite('cli', () => {
  test('index --json prints schema 1 with the fields in DESIGN order', async () => {
    const { code, stdout, stderr } = await run('index', TWO, '--json');
    assert.equal(code, 0);
    assert.equal(stderr, '');
    const json = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['schema', 'root', 'files', 'drivers', 'registrations']);
    assert.equal(json.schema, 1);
    assert.equal(json.root, TWO);
    assert.equal(json.files, 6);
    const drivers = json.drivers as Record<string, unknown>[];
    assert.deepEqual(Object.keys(drivers[0]), [
      'root',
      'entry',
      'frameworks',
      'addDevice',
      'shutdownNotification',
    ]);
    assert.deepEqual(
      drivers.map((d) => d.root),
      ['alpha/sys', 'beta'],
    );
    assert.deepEqual(drivers[0].entry, {
      file: 'alpha/sys/driver.c',
      line: 6,
      function: 'DriverEntry',
    });
    assert.deepEqual(drivers[0].addDevice, {
      file: 'alpha/sys/driver.c',
      line: 24,
      handler: 'AlphaAddDevice',
    });
    assert.deepEqual(drivers[0].shutdownNotification, [
      { file: 'alpha/sys/driver.c', line: 41, api: 'IoRegisterShutdownNotification' },
    ]);
    assert.equal(drivers[1].addDevice, null);
    const regs = json.registrations as IndexJsonRegistration[];
    assert.deepEqual(Object.keys(regs[0]), [
      'driver',
      'file',
      'line',
      'slot',
      'covers',
      'written',
      'handler',
      'function',
      'target',
      'active',
      'definition',
    ]);
    const loop = regs[0];
    assert.equal(loop.slot, 'ALL');
    assert.equal(loop.covers.length, 28);
    assert.equal(loop.written, 'i');
    assert.deepEqual(loop.definition, { file: 'alpha/sys/dispatch.c', line: 49 });
    // The two drivers share the name DispatchCreate: each resolves its own definition.
    const creates = regs.filter((r) => r.slot === 'IRP_MJ_CREATE');
    assert.deepEqual(
      creates.map((r) => [r.driver, r.file, r.line, r.definition?.file]),
      [
        ['alpha/sys', 'alpha/sys/driver.c', 19, 'alpha/sys/dispatch.c'],
        ['beta', 'beta/helper.c', 10, 'beta/helper.c'],
      ],
    );
    // The helper's chained write gives one registration per lvalue, attributed to beta.
    const close = regs.find((r) => r.driver === 'beta' && r.slot === 'IRP_MJ_CLOSE');
    assert.equal(close?.line, 11);
    assert.equal(close?.function, 'BetaInitDispatch');
    // The user-mode tool's counters and the commented-out write are not registrations.
    assert.equal(
      regs.some((r) => r.file.startsWith('tools/')),
      false,
    );
  });

  test('index without --json prints a table per driver', async () => {
    const { code, stdout } = await run('index', TWO);
    assert.equal(code, 0);
    assert.match(stdout, /^driver alpha\/sys$/m);
    assert.match(stdout, /^ {2}IRP_MJ_CREATE +DispatchCreate +alpha\/sys\/driver\.c:19$/m);
    assert.match(
      stdout,
      /^ {2}ALL +AlphaPassThrough +alpha\/sys\/driver\.c:16 {2}\(covers 28 slots\)$/m,
    );
    assert.match(stdout, /^driver beta$/m);
    assert.match(stdout, /^6 files read, 2 drivers, \d+ registrations$/m);
  });

  test('the README shows the real index output of the fixture tree', async () => {
    const readme = fs.readFileSync(path.join(FIXTURES, '..', '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('$ wdm-dispatch index two-drivers\n');
    assert.ok(start >= 0, 'README has the index example');
    const shown = readme.slice(start, readme.indexOf('```', start)).split('\n').slice(1).join('\n');
    const { stdout } = await run('index', TWO);
    assert.equal(shown, stdout);
  });

  test('check prints findings as text, JSON and SARIF 2.1.0', async () => {
    const text = await run('check', TWO);
    assert.equal(text.stderr, '');
    assert.match(text.stdout, /files checked/);
    const json = await run('check', TWO, '--format', 'json');
    const parsed = JSON.parse(json.stdout) as {
      schema: number;
      findings: { code: string; file: string; line: number; severity: string }[];
    };
    assert.equal(parsed.schema, 1);
    assert.ok(parsed.findings.every((f) => f.line >= 1 && !f.file.startsWith('/')));
    const sarif = await run('check', TWO, '--format=sarif');
    const log = JSON.parse(sarif.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; helpUri: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: {
              artifactLocation: { uri: string };
              region: { startLine: number; startColumn: number };
            };
          }[];
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.equal(run0.tool.driver.name, 'wdm-dispatch');
    assert.ok(run0.tool.driver.rules.length > 0);
    assert.ok(run0.tool.driver.rules.every((r) => /^https:\/\/.+#.+/.test(r.helpUri)));
    assert.equal(run0.results.length, parsed.findings.length);
    for (const r of run0.results) {
      assert.ok(run0.tool.driver.rules.some((rule) => rule.id === r.ruleId));
      const loc = r.locations[0].physicalLocation;
      assert.ok(!loc.artifactLocation.uri.startsWith('/'));
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
    const errors = parsed.findings.filter((f) => f.severity === 'error').length;
    assert.equal(json.code, errors > 0 ? 1 : 0);
  });

  test('check exits 1 when a finding is at error level, 0 when none is', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-cli-'));
    try {
      // A dispatch routine whose signature is not DRIVER_DISPATCH's: an error-level finding.
      fs.writeFileSync(
        path.join(tmp, 'bad.c'),
        `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = BadCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BadCreate;
    return STATUS_SUCCESS;
}

VOID BadCreate(PDEVICE_OBJECT DeviceObject)
{
}
`,
      );
      const bad = await run('check', tmp, '--format', 'json');
      const findings = (JSON.parse(bad.stdout) as { findings: { severity: string }[] }).findings;
      assert.ok(
        findings.some((f) => f.severity === 'error'),
        bad.stdout,
      );
      assert.equal(bad.code, 1);
      fs.rmSync(path.join(tmp, 'bad.c'));
      fs.writeFileSync(path.join(tmp, 'util.c'), 'int add(int a, int b) { return a + b; }\n');
      const clean = await run('check', tmp);
      assert.equal(clean.code, 0);
      assert.match(clean.stdout, /1 files checked, no findings/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('unreadable and skipped files are reported on stderr; the result still goes to stdout', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-cli-'));
    try {
      fs.copyFileSync(path.join(TWO, 'beta', 'driver.c'), path.join(tmp, 'driver.c'));
      fs.symlinkSync(path.join(tmp, 'gone.c'), path.join(tmp, 'dangling.c'));
      fs.writeFileSync(
        path.join(tmp, 'blob.h'),
        Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]),
      );
      const r = await run('index', tmp, '--json');
      assert.equal(r.code, 0);
      assert.equal((JSON.parse(r.stdout) as { files: number }).files, 1);
      assert.match(r.stderr, /1 file or folder could not be read \(first: dangling\.c: ENOENT\)/);
      assert.match(r.stderr, /1 file skipped as too large or binary \(first: blob\.h: binary\)/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('bad usage and unreadable folders exit 2 with a message on stderr only', async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [['frobnicate', TWO], /unknown command 'frobnicate'/],
      [['index'], /index: missing DIR/],
      [['index', TWO, '--bogus'], /unknown option '--bogus'/],
      [['check', TWO, '--format', 'xml'], /unknown format 'xml'/],
      [['check', TWO, '--format'], /--format needs a value/],
      [['index', TWO, '--format', 'json'], /index takes --json/],
      [['index', TWO, 'extra'], /unexpected argument 'extra'/],
      [['index', path.join(TWO, 'does-not-exist')], /does not exist/],
      [['check', path.join(TWO, 'beta', 'driver.c')], /is not a folder/],
      [['index', TWO, '--max-files', 'ten'], /whole number/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.stdout, '', argv.join(' '));
      assert.match(r.stderr, message);
    }
  });

  test('--help prints usage on stdout and exits 0; --max-files caps and warns on stderr', async () => {
    const help = await run('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: wdm-dispatch index DIR/);
    const capped = await run('index', TWO, '--json', '--max-files', '2');
    assert.equal(capped.code, 0);
    assert.equal((JSON.parse(capped.stdout) as { files: number }).files, 2);
    assert.match(capped.stderr, /stopped after 2 files/);
  });
});

suite('cli progress', () => {
  test('progress goes to stderr only when stderr is a terminal, and is erased at the end', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['index', TWO, '--json'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s), isTTY: true },
    });
    assert.equal(code, 0);
    assert.equal((JSON.parse(stdout) as { files: number }).files, 6);
    assert.match(stderr, /wdm-dispatch: reading \d+\/6/);
    assert.ok(stderr.endsWith('\r\x1b[K'), JSON.stringify(stderr.slice(-20)));
  });
});

suite('cli bundle', () => {
  const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

  test('dist/cli.js runs as a program: result on stdout, exit codes from the process', () => {
    assert.ok(fs.existsSync(CLI), 'run `npm run build` first');
    const ok = spawnSync(process.execPath, [CLI, 'index', TWO, '--json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { schema: number }).schema, 1);
    assert.equal(ok.stderr, '');
    const missing = spawnSync(process.execPath, [CLI, 'check', path.join(TWO, 'nope')], {
      encoding: 'utf8',
    });
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /wdm-dispatch: folder .* does not exist/);
  });
});
