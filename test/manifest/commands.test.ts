// Every contributed command is registered by the client (and the reverse), with category "WDM";
// the Dispatch Table view and its menus refer to known ids.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const clientSources = fs
  .readdirSync(path.join(root, 'client/src'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => fs.readFileSync(path.join(root, 'client/src', f), 'utf8'))
  .join('\n');

/** Command ids the client registers: the string values of its COMMANDS table. */
function registeredCommands(): string[] {
  const table = /export const COMMANDS = \{([^}]*)\}/.exec(clientSources);
  assert.ok(table, 'client/src declares a COMMANDS table');
  return [...table[1].matchAll(/'(wdm\.[A-Za-z]+)'/g)].map((m) => m[1]).sort();
}

suite('manifest: commands', () => {
  test('contributed commands equal the commands the client registers', () => {
    const contributed = manifest.contributes.commands
      .map((c: { command: string }) => c.command)
      .sort();
    assert.deepEqual(contributed, registeredCommands());
    assert.ok(contributed.includes('wdm.showDispatchTable'));
    assert.ok(contributed.includes('wdm.restartServer'));
    assert.ok(/registerCommand\(COMMANDS\.showDispatchTable/.test(clientSources));
    assert.ok(/registerCommand\(COMMANDS\.restartServer/.test(clientSources));
  });

  test('every command has the WDM category and a title', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'WDM', c.command);
      assert.ok(c.title.length > 0, c.command);
    }
  });

  test('the Dispatch Table view lives in the Explorer and its menus use contributed commands', () => {
    const views = manifest.contributes.views.explorer as { id: string; name: string }[];
    const view = views.find((v) => v.id === 'wdm.dispatchTable');
    assert.ok(view);
    assert.equal(view.name, 'Dispatch Table');
    assert.ok(clientSources.includes(`'${view.id}'`), 'the client creates the view by its id');
    const commands = new Set(
      manifest.contributes.commands.map((c: { command: string }) => c.command),
    );
    for (const entries of Object.values(manifest.contributes.menus) as { command: string }[][]) {
      for (const entry of entries) assert.ok(commands.has(entry.command), entry.command);
    }
  });

  test('the language client id is the settings prefix, so wdm.trace.server works', () => {
    assert.match(clientSources, /CLIENT_ID = 'wdm'/);
    assert.ok(manifest.contributes.configuration.properties['wdm.trace.server']);
  });
});
