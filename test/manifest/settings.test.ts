// package.json declares exactly the settings server/src/settings.ts knows, with the same defaults,
// enums and scopes, and normalizeSettings turns malformed values into the defaults.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, SETTINGS_SCHEMA, normalizeSettings } from '../../server/src/settings';

interface DeclaredSetting {
  type: string;
  default: unknown;
  enum?: string[];
  scope?: string;
  minimum?: number;
  markdownDescription?: string;
  description?: string;
}

function declaredSettings(): Record<string, DeclaredSetting> {
  const root = path.resolve(__dirname, '../../..');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return manifest.contributes.configuration.properties;
}

suite('manifest: settings', () => {
  test('package.json declares exactly the settings of settings.ts', () => {
    const declared = Object.keys(declaredSettings()).sort();
    assert.deepEqual(declared, SETTINGS_SCHEMA.map((s) => s.key).sort());
    for (const key of declared) assert.match(key, /^wdm\./);
  });

  test('types, defaults, enums, scopes and minimums agree', () => {
    const declared = declaredSettings();
    for (const schema of SETTINGS_SCHEMA) {
      const d = declared[schema.key];
      assert.equal(d.type, schema.type, schema.key);
      assert.deepEqual(d.default, schema.default, schema.key);
      assert.deepEqual(d.enum, schema.enum ? [...schema.enum] : undefined, schema.key);
      assert.equal(d.scope, schema.scope, schema.key);
      assert.equal(d.minimum, schema.minimum, schema.key);
      assert.ok(
        (d.markdownDescription ?? d.description ?? '').length > 20,
        `${schema.key} has a description`,
      );
    }
  });

  test('the schema defaults are the normalized defaults', () => {
    const normalized = normalizeSettings(undefined);
    assert.deepEqual(normalized, DEFAULT_SETTINGS);
    const byKey = (settings: unknown, key: string): unknown =>
      key
        .split('.')
        .slice(1)
        .reduce((node: unknown, part) => (node as Record<string, unknown>)[part], settings);
    for (const schema of SETTINGS_SCHEMA) {
      assert.deepEqual(byKey(normalized, schema.key), schema.default, schema.key);
    }
  });

  test('malformed values fall back to the defaults; valid ones are kept', () => {
    const s = normalizeSettings({
      enable: 'yes',
      hover: { enable: false },
      diagnostics: {
        severity: { 'create-without-close': 'error', 'dispatch-naming': 'loud', x: 3 },
      },
      index: { include: 'src/**', exclude: [1, '**/gen/**'], maxFiles: -5 },
      trace: { server: 'everything' },
    });
    assert.equal(s.enable, true);
    assert.equal(s.hover.enable, false);
    assert.deepEqual(s.diagnostics.severity, { 'create-without-close': 'error' });
    assert.deepEqual(s.index.include, DEFAULT_SETTINGS.index.include);
    assert.deepEqual(s.index.exclude, ['**/gen/**']);
    assert.equal(s.index.maxFiles, DEFAULT_SETTINGS.index.maxFiles);
    assert.equal(s.trace.server, 'off');
    assert.deepEqual(normalizeSettings(null), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings([1, 2]), DEFAULT_SETTINGS);
  });

  test('dotted keys, as flat settings files send them, are understood', () => {
    const s = normalizeSettings({
      'hover.enable': false,
      'index.maxFiles': 10,
      'wdm.codeLens.enable': false,
    });
    assert.equal(s.hover.enable, false);
    assert.equal(s.index.maxFiles, 10);
    assert.equal(s.codeLens.enable, false);
  });
});
