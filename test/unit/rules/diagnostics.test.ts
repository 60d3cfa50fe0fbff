// computeDiagnostics and collectFindings: LSP shape (source, code, documentation link, severity,
// related information, fix data), per-document filtering, severity settings and cross-file effects.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectFindings, computeDiagnostics } from '../../../server/src/features/diagnostics';
import { RULES } from '../../../server/src/rules/index';
import { parseFixture } from './ruleFixture';

const SOURCE = `//- /drv/driver.c
#include <wdm.h>
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH FooDispatchCreate;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FooDispatchCreate;
    return STATUS_SUCCESS;
}
//- /drv/other.c
#include <wdm.h>
`;

suite('rules: diagnostics', () => {
  test('a diagnostic carries source, code, documentation link, severity, related information and fix data', () => {
    const fx = parseFixture(SOURCE);
    const [d] = computeDiagnostics(fx.model, fx.uri('/drv/driver.c'), { severities: {} });
    assert.equal(d.source, 'wdm');
    assert.equal(d.code, 'create-without-close');
    assert.equal(
      d.codeDescription?.href,
      'https://github.com/wdm-dispatch/wdm-dispatch#create-without-close',
    );
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, {
      start: { line: 4, character: 32 },
      end: { line: 4, character: 45 },
    });
    assert.deepEqual(
      d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      [
        [fx.uri('/drv/driver.c'), 4, 'IRP_MJ_CREATE is registered here'],
        [fx.uri('/drv/driver.c'), 2, 'DriverEntry of driver drv'],
      ],
    );
    assert.deepEqual(d.data, {
      ruleId: 'create-without-close',
      driver: 'file:///ws/drv',
      slot: 'IRP_MJ_CLOSE',
    });
    assert.deepEqual(computeDiagnostics(fx.model, fx.uri('/drv/other.c'), { severities: {} }), []);
    assert.deepEqual(computeDiagnostics(fx.model, 'file:///nowhere.c', { severities: {} }), []);
  });

  test('severity settings override defaults and `off` silences a rule', () => {
    const fx = parseFixture(SOURCE);
    const uri = fx.uri('/drv/driver.c');
    assert.equal(
      computeDiagnostics(fx.model, uri, { severities: { 'create-without-close': 'error' } })[0]
        .severity,
      1,
    );
    assert.equal(
      computeDiagnostics(fx.model, uri, { severities: { 'create-without-close': 'hint' } })[0]
        .severity,
      4,
    );
    assert.deepEqual(
      computeDiagnostics(fx.model, uri, { severities: { 'create-without-close': 'off' } }),
      [],
    );
    assert.equal(collectFindings(fx.model)[0].severity, 'warning');
  });

  test('a registration in another file of the driver fixes the finding', () => {
    const fx = parseFixture(
      SOURCE.replace(
        '//- /drv/other.c\n#include <wdm.h>\n',
        '//- /drv/other.c\n#include <wdm.h>\nVOID InitClose(PDRIVER_OBJECT DriverObject)\n{\n    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FooDispatchCreate;\n}\n',
      ),
    );
    assert.deepEqual(
      collectFindings(fx.model).filter((f) => f.ruleId === 'create-without-close'),
      [],
    );
  });

  test('every rule has a unique kebab-case id, a README anchor and a valid default severity', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of RULES) {
      assert.match(r.id, /^[a-z]+(-[a-z]+)*$/);
      assert.equal(r.docAnchor, r.id);
      assert.ok(['off', 'hint', 'information', 'warning', 'error'].includes(r.defaultSeverity));
    }
    assert.deepEqual(
      RULES.filter((r) => r.prefast).map((r) => [r.id, r.prefast?.numbers]),
      [
        ['missing-dispatch-annotation', ['28169']],
        ['dispatch-annotation-mismatch', ['28168']],
      ],
    );
  });
  test('the README documents every rule under a heading its documentation link reaches', () => {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'README.md')) && path.dirname(dir) !== dir) {
      dir = path.dirname(dir);
    }
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const r of RULES) {
      assert.ok(readme.includes(`\n### \`${r.docAnchor}\`\n`), `no README heading for ${r.id}`);
    }
  });
});
