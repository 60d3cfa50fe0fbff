// Event storms against the in-process server: 1,000+ watched-file events in one notification and
// 100 rapid edits (typing) settle to the diagnostics a fresh server computes for the final state,
// with driver-model rebuilds and client refreshes coalesced (bounded, not one per event).
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { Project, positionOf } from './harness';
import { CLOSE_C, DRIVER_C, FILES, ModelBuildCounter, codes } from './faultsSupport';

/** Diagnostics as JSON with the project's temp folder URI replaced, to compare two projects. */
function portable(project: Project, diagnostics: Diagnostic[]): unknown {
  return JSON.parse(JSON.stringify(diagnostics).split(project.uri('')).join('ROOT'));
}

/** Pull diagnostics of `rel` from a fresh server over `files` (with `rel` open as `text`). */
async function freshDiagnostics(
  files: Record<string, string>,
  rel: string,
  text?: string,
): Promise<unknown> {
  const fresh = await Project.start({ files });
  try {
    await fresh.waitUntilIndexed();
    await fresh.open(rel, text);
    return portable(fresh, await fresh.pullDiagnostics(rel));
  } finally {
    await fresh.dispose();
  }
}

suite('protocol: event storms', function () {
  this.timeout(60_000);
  let project: Project | undefined;
  let builds: ModelBuildCounter | undefined;
  teardown(async () => {
    builds?.uninstall();
    builds = undefined;
    await project?.dispose();
    project = undefined;
  });

  test('1,000 watched-file events at once settle to the final tree, with bounded rebuilds', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    await project.open('drv/driver.c');
    assert.ok(
      codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );

    const finalFiles: Record<string, string> = { ...FILES, 'drv/close.c': CLOSE_C };
    const changes: { uri: string; type: number }[] = [];
    for (let i = 0; i < 1000; i++) {
      const rel = `drv/gen/f${String(i).padStart(4, '0')}.c`;
      const text = `static int Helper${i}(int x) { return x + ${i}; }\n`;
      project.write(rel, text);
      finalFiles[rel] = text;
      changes.push({ uri: project.uri(rel), type: 1 });
    }
    project.write('drv/close.c', CLOSE_C);
    changes.push({ uri: project.uri('drv/close.c'), type: 1 });
    // Editors send repeats and events for files already gone: 200 changed, 100 deleted-unknown.
    for (let i = 0; i < 200; i++) changes.push({ uri: changes[i].uri, type: 2 });
    for (let i = 0; i < 100; i++) changes.push({ uri: project.uri(`drv/gone${i}.c`), type: 3 });

    builds = new ModelBuildCounter();
    const refreshesBefore = project.refreshRequests;
    await project.notify('workspace/didChangeWatchedFiles', { changes });
    const expectedFiles = Object.keys(finalFiles).length;
    await project.waitFor(async () => {
      const status = await project!.indexStatus();
      return status.state === 'ready' && status.files === expectedFiles ? true : undefined;
    });
    const settled = await project.waitFor(async () => {
      const d = await project!.pullDiagnostics('drv/driver.c');
      return codes(d).includes('create-without-close') ? undefined : d;
    });
    const buildCount = builds.count;
    builds.uninstall();
    builds = undefined;

    assert.deepEqual(
      portable(project, settled),
      await freshDiagnostics(finalFiles, 'drv/driver.c'),
    );
    // 1,300 events; the model is rebuilt when asked for, not per event.
    assert.ok(buildCount < 100, `${buildCount} model rebuilds for one storm`);
    const refreshes = project.refreshRequests - refreshesBefore;
    assert.ok(refreshes < 100, `${refreshes} diagnostic refreshes for one storm`);
  });

  test('100 rapid edits (typing a registration) settle to the diagnostics of the final text', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    const uri = await project.open('drv/driver.c');
    assert.ok(
      codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );

    const typed = '    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleCreate; // typed\n';
    const anchor = DRIVER_C.indexOf('    return STATUS_SUCCESS;');
    const lines = DRIVER_C.slice(0, anchor).split('\n');
    const at = { line: lines.length - 1, character: 0 };
    builds = new ModelBuildCounter();
    const refreshesBefore = project.refreshRequests;
    // One character per didChange, incremental edits, no awaiting the server in between.
    const sends: Promise<void>[] = [];
    let version = 1;
    let text = DRIVER_C;
    for (let i = 0; i < typed.length; i++) {
      const ch = typed[i];
      const offset = anchor + i;
      const before = text.slice(0, offset).split('\n');
      const pos = { line: before.length - 1, character: before[before.length - 1].length };
      text = text.slice(0, offset) + ch + text.slice(offset);
      sends.push(
        project.notify('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: [{ range: { start: pos, end: pos }, text: ch }],
        }),
      );
    }
    // Then 30 whole-text replacements that flip back and forth, ending on the typed text.
    for (let i = 0; i < 30; i++) {
      sends.push(
        project.notify('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: [{ text: i % 2 === 0 ? DRIVER_C : text }],
        }),
      );
    }
    await Promise.all(sends);
    assert.ok(version > 100, `${version - 1} edits sent`);
    assert.ok(at.line > 0);
    const settled = await project.pullDiagnostics('drv/driver.c');
    const buildCount = builds.count;
    builds.uninstall();
    builds = undefined;

    assert.ok(!codes(settled).includes('create-without-close'), 'the typed registration counts');
    assert.deepEqual(
      portable(project, settled),
      await freshDiagnostics(FILES, 'drv/driver.c', text),
    );
    assert.ok(buildCount < 20, `${buildCount} model rebuilds for a burst of ${version - 1} edits`);
    const refreshes = project.refreshRequests - refreshesBefore;
    assert.ok(refreshes < 20, `${refreshes} diagnostic refreshes for one burst`);
    // The server kept the text in step with the edits: a hover on the typed code works.
    const hover = await project.hover('drv/driver.c', { line: at.line, character: 36 });
    assert.match(hover ?? '', /IRP_MJ_CLOSE/);
  });

  test('a 1 MB document opened and edited in a burst: the server keeps up and stays right', async () => {
    project = await Project.start({ files: FILES });
    await project.waitUntilIndexed();
    // Many copies of a DriverEntry with a loop default and overrides, all in one open document.
    const unit = DRIVER_C.replace(
      '    RegisterClose(DriverObject);',
      '    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = SampleRead;\n' +
        '    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleCreate;',
    );
    const copies = Math.ceil((1024 * 1024) / unit.length);
    let text = unit.repeat(copies);
    const uri = await project.open('drv/big.c', text);
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      text = `// edit ${i}\n` + text;
      sends.push(
        project.notify('textDocument/didChange', {
          textDocument: { uri, version: i + 2 },
          contentChanges: [
            {
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
              text: `// edit ${i}\n`,
            },
          ],
        }),
      );
    }
    await Promise.all(sends);
    const lastCopyLine = text.split('\n').length - unit.split('\n').length;
    const read = positionOf(unit, 'IRP_MJ_READ]', 3);
    const hover = await project.hover('drv/big.c', {
      line: lastCopyLine + read.line,
      character: read.character,
    });
    assert.match(
      hover ?? '',
      /0x03/,
      'a hover in the last copy, after the edits shifted every line',
    );
    const table = await project.request<{
      drivers: { slots: { slot: string; handlers: unknown[] }[] }[];
    }>('wdm/dispatchTable', { uri });
    assert.equal(table.drivers.length, 1);
    await project.pullDiagnostics('drv/big.c');
  });
});
