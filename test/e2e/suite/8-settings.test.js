// Settings: changing a rule's severity in wdm.* settings changes the published diagnostics live.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const {
  PACKAGE,
  poll,
  openSample,
  folderUri,
  wdmDiagnostics,
  codeOf,
  waitForCode,
} = require('./helpers');

const RULE = 'create-without-close';

/** Finds how package.json declares per-rule severity and returns { key, value(sev), reset }. */
function severitySetting() {
  const conf = [].concat(PACKAGE.contributes.configuration || []);
  const props = Object.assign({}, ...conf.map((c) => c.properties || {}));
  const perRule = Object.keys(props).find((k) => k.startsWith('wdm.') && k.includes(RULE));
  if (perRule) return { key: perRule, value: (sev) => sev };
  const map = Object.keys(props).find(
    (k) => k.startsWith('wdm.') && /severit|rules/i.test(k) && props[k].type === 'object',
  );
  if (map) return { key: map, value: (sev) => ({ [RULE]: sev }) };
  throw new Error(`no per-rule severity setting among ${Object.keys(props).join(', ')}`);
}

async function set(setting, sev) {
  const [section, ...rest] = setting.key.split('.');
  const cfg = vscode.workspace.getConfiguration(section);
  await cfg.update(
    rest.join('.'),
    sev === undefined ? undefined : setting.value(sev),
    vscode.ConfigurationTarget.Workspace,
  );
}

suite('settings', () => {
  let setting;
  suiteSetup(async () => {
    setting = severitySetting();
    await openSample('driver.c');
  });
  suiteTeardown(async () => {
    if (setting) await set(setting, undefined);
  });

  test(`${RULE} severity follows the setting: error, then off, then the default again`, async () => {
    const folder = folderUri('wdm-sample');
    const find = () => wdmDiagnostics(folder).find((x) => codeOf(x.diag) === RULE);
    const before = await waitForCode(folder, RULE);
    assert.strictEqual(
      before.diag.severity,
      vscode.DiagnosticSeverity.Warning,
      'default is warning',
    );

    await set(setting, 'error');
    await poll(
      () => find() && find().diag.severity === vscode.DiagnosticSeverity.Error,
      `${RULE} as error`,
    );

    await set(setting, 'off');
    await poll(() => !find(), `${RULE} gone when off`);

    await set(setting, undefined);
    const after = await waitForCode(folder, RULE);
    assert.strictEqual(after.diag.severity, vscode.DiagnosticSeverity.Warning);
  });
});
