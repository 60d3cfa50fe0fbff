// Helpers of the extension-host suite: the run's config (written by test/e2e/run.mjs), polling with
// deadlines instead of sleeps, opening sample files, reading diagnostics and reverting edits.
'use strict';
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const REPO = path.resolve(__dirname, '../../..');
const CONFIG = JSON.parse(
  fs.readFileSync(path.join(REPO, '.e2e-out/ext-tests/e2e-config.json'), 'utf8'),
);
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const EXTENSION_ID = `${PACKAGE.publisher}.${PACKAGE.name}`;

/** Calls fn until it returns a truthy value or the deadline passes (then throws with the last value). */
async function poll(fn, what, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = `error: ${e && e.message}`;
    }
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(
    `timed out after ${ms} ms waiting for ${what}; last=${JSON.stringify(last)}`.slice(0, 2000),
  );
}

function folderUri(name) {
  const f = (vscode.workspace.workspaceFolders || []).find((w) => w.name === name);
  if (!f) throw new Error(`workspace folder ${name} not open`);
  return f.uri;
}

const sampleUri = (file) => vscode.Uri.joinPath(folderUri('wdm-sample'), file);
const secondUri = (file) => vscode.Uri.joinPath(folderUri('second-driver'), file);

async function openSample(file, show = true) {
  const doc = await vscode.workspace.openTextDocument(sampleUri(file));
  if (show) await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Every wdm diagnostic under a folder, as { uri, file, diag }. */
function wdmDiagnostics(folder) {
  const root = folder.toString() + '/';
  const out = [];
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    if (!uri.toString().startsWith(root)) continue;
    for (const d of diags) {
      if (d.source === 'wdm') out.push({ uri, file: path.basename(uri.path), diag: d });
    }
  }
  return out;
}

const codeOf = (d) =>
  d.code && typeof d.code === 'object' ? String(d.code.value) : String(d.code);

// Once a wait has seen no wdm diagnostic at all, the server is not producing any: later waits
// give up quickly so a broken build fails in seconds, not minutes.
let serverSilent = false;

async function waitForCode(folder, code, ms = 30000, filter = () => true) {
  try {
    return await poll(
      () => wdmDiagnostics(folder).find((x) => codeOf(x.diag) === code && filter(x)),
      `diagnostic ${code}`,
      serverSilent ? 2000 : ms,
    );
  } catch (e) {
    if (wdmDiagnostics(folder).length === 0) serverSilent = true;
    throw e;
  }
}

function hoverText(hovers) {
  return (hovers || [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n');
}

/** Reverts every dirty document so one test's edits never leak into the next. */
async function revertAll() {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isUntitled) continue;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await poll(
    () => vscode.workspace.textDocuments.every((d) => d.isUntitled || !d.isDirty),
    'documents reverted',
    10000,
  );
}

/** Concatenated text of every open sample document (a fix may edit another file than the diagnostic's). */
function sampleText() {
  const root = folderUri('wdm-sample').toString() + '/';
  return vscode.workspace.textDocuments
    .filter((d) => d.uri.toString().startsWith(root))
    .map((d) => d.getText())
    .join('\n');
}

module.exports = {
  CONFIG,
  PACKAGE,
  EXTENSION_ID,
  REPO,
  poll,
  folderUri,
  sampleUri,
  secondUri,
  openSample,
  wdmDiagnostics,
  codeOf,
  waitForCode,
  hoverText,
  revertAll,
  sampleText,
};
