// The Dispatch Table: wdm.showDispatchTable reveals the view, and the table behind it (custom request
// wdm/dispatchTable) lists the sample's 28 slots with its handlers.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { EXTENSION_ID, CONFIG, poll, openSample } = require('./helpers');

/** The table as the extension exposes it: command result, exported API, or the language client. */
async function fetchTable(ext, uri) {
  const viaCommand = await vscode.commands.executeCommand('wdm.showDispatchTable');
  if (viaCommand && typeof viaCommand === 'object') return viaCommand;
  const api = ext.exports || {};
  if (typeof api.dispatchTable === 'function') return api.dispatchTable(uri);
  const client = api.client || (typeof api.getClient === 'function' ? api.getClient() : undefined);
  if (client && typeof client.sendRequest === 'function') {
    return client.sendRequest('wdm/dispatchTable', { uri: uri.toString() });
  }
  throw new Error(
    'the extension exposes no way to read the table (command result, exports.dispatchTable or exports.client)',
  );
}

suite('dispatch table view', () => {
  test('wdm.showDispatchTable runs and the table lists every slot and the sample handlers', async () => {
    const doc = await openSample('driver.c');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await poll(() => ext.isActive, 'activation');
    const table = await poll(async () => {
      const t = JSON.stringify(await fetchTable(ext, doc.uri));
      return t && t.includes('SampleDispatchRead') ? t : null;
    }, 'a table naming SampleDispatchRead');
    for (const slot of CONFIG.slots) assert.ok(table.includes(`"${slot}"`), `slot ${slot} listed`);
    for (const h of [
      'SampleDispatchCreate',
      'SampleDispatchWrite',
      'SampleDispatchDeviceControl',
      'SampleDispatchPnp',
      'SampleDispatchPower',
    ]) {
      assert.ok(table.includes(h), `handler ${h} listed`);
    }
  });
});
