// Executing each quick fix the server offers for the sample's findings changes the files as expected
// and removes the finding; every test reverts its edits afterwards.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const {
  poll,
  openSample,
  folderUri,
  wdmDiagnostics,
  codeOf,
  waitForCode,
  revertAll,
  sampleText,
} = require('./helpers');

const CASES = [
  {
    code: 'create-without-close',
    expect: /MajorFunction\s*\[\s*IRP_MJ_CLOSE\s*\]\s*=\s*SampleDispatchClose\s*;/,
  },
  {
    code: 'missing-required-handler',
    expect: /MajorFunction\s*\[\s*IRP_MJ_SYSTEM_CONTROL\s*\]\s*=\s*\w+\s*;/,
  },
  {
    code: 'unregistered-dispatch-routine',
    mentions: 'SampleDispatchCleanup',
    expect: /MajorFunction\s*\[\s*IRP_MJ_CLEANUP\s*\]\s*=\s*SampleDispatchCleanup\s*;/,
  },
  {
    code: 'missing-dispatch-annotation',
    mentions: 'SampleDispatchDeviceControl',
    expect: /_Dispatch_type_\s*\(\s*IRP_MJ_DEVICE_CONTROL\s*\)/,
  },
];

async function actionsFor(hit) {
  const actions = await vscode.commands.executeCommand(
    'vscode.executeCodeActionProvider',
    hit.uri,
    hit.diag.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return (actions || []).filter(
    (a) =>
      !a.diagnostics ||
      a.diagnostics.length === 0 ||
      a.diagnostics.some((d) => codeOf(d) === codeOf(hit.diag)),
  );
}

async function execute(action) {
  if (action.edit)
    assert.ok(await vscode.workspace.applyEdit(action.edit), `applyEdit of "${action.title}"`);
  if (action.command)
    await vscode.commands.executeCommand(
      action.command.command,
      ...(action.command.arguments || []),
    );
}

suite('quick fixes', () => {
  suiteSetup(async () => {
    for (const f of ['driver.h', 'dispatch.c', 'pnp.c', 'driver.c']) await openSample(f);
  });
  teardown(revertAll);

  for (const c of CASES) {
    test(`${c.code}: the preferred fix repairs the driver`, async () => {
      const folder = folderUri('wdm-sample');
      const filter = (x) => !c.mentions || x.diag.message.includes(c.mentions);
      await waitForCode(folder, c.code, 30000, filter);
      assert.ok(!c.expect.test(sampleText()), 'the fix is not there before');
      // The previous test's revert re-publishes diagnostics asynchronously: re-read the finding
      // each time, so a stale range (shifted by the reverted edit) is not asked about.
      const actions = await poll(
        async () => {
          const hit = await waitForCode(folder, c.code, 5000, filter);
          const a = await actionsFor(hit);
          return a.length ? a : null;
        },
        `code actions for ${c.code}`,
        15000,
      );
      const preferred = actions.find((a) => a.isPreferred);
      assert.ok(
        preferred,
        `one fix is preferred among: ${actions.map((a) => a.title).join(' | ')}`,
      );
      assert.ok(
        !/wdm-ignore|suppress/i.test(preferred.title),
        `the preferred fix repairs, not suppresses: ${preferred.title}`,
      );
      await execute(preferred);
      await poll(
        () => c.expect.test(sampleText()),
        `text matching ${c.expect} after "${preferred.title}"`,
        10000,
      );
      await poll(
        () => !wdmDiagnostics(folder).some((x) => codeOf(x.diag) === c.code && filter(x)),
        `${c.code} to disappear after "${preferred.title}"`,
      );
    });
  }

  test('create-without-close: the suppress fix adds "wdm-ignore create-without-close" and silences it', async () => {
    const folder = folderUri('wdm-sample');
    const suppress = await poll(
      async () => {
        const hit = await waitForCode(folder, 'create-without-close', 5000);
        return (await actionsFor(hit)).find((a) => /wdm-ignore|suppress/i.test(a.title));
      },
      'a suppress fix for create-without-close',
      15000,
    );
    assert.ok(!suppress.isPreferred, 'suppression is not the preferred fix');
    await execute(suppress);
    await poll(
      () => /wdm-ignore\s+create-without-close/.test(sampleText()),
      'wdm-ignore comment',
      10000,
    );
    await poll(
      () => !wdmDiagnostics(folder).some((x) => codeOf(x.diag) === 'create-without-close'),
      'the finding to be suppressed',
    );
  });
});
