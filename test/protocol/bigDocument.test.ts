// Big open documents are parsed when a request needs them (or typing pauses), not per keystroke:
// a request sent right after an edit still answers for the edited text, for diagnostics, hover
// and the driver model of other documents alike.
import * as assert from 'node:assert/strict';
import { Project } from './harness';
import { DRIVER_C, FILES, codes } from './faultsSupport';

/** Helper routines after the driver's code: makes the document bigger than the parse-later limit. */
const FILLER = Array.from(
  { length: 9000 },
  (_, i) => `static int Helper${i}(int value) { return value + ${i}; }\n`,
).join('');

const BIG = DRIVER_C + FILLER;
const CLOSE_LINE = '    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleCreate;\n';
const WITH_CLOSE = BIG.replace(
  '    return STATUS_SUCCESS;',
  CLOSE_LINE + '    return STATUS_SUCCESS;',
);

suite('protocol: big open documents', function () {
  this.timeout(60_000);
  let project: Project | undefined;
  teardown(async () => {
    await project?.dispose();
    project = undefined;
  });

  test('a request right after an edit of a big document sees the edited text', async () => {
    assert.ok(BIG.length > 300_000, `${BIG.length} characters`);
    project = await Project.start({ files: { ...FILES, 'drv/driver.c': BIG } });
    await project.waitUntilIndexed();
    await project.open('drv/driver.c', BIG);
    await project.open('drv/dispatch.c');
    assert.ok(
      codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );

    // No waiting between the edit and the requests: they must not answer for the old text.
    await project.change('drv/driver.c', WITH_CLOSE);
    assert.ok(
      !codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
      'the added IRP_MJ_CLOSE registration counts at once',
    );
    const line = WITH_CLOSE.split('\n').findIndex((l) => l.includes('IRP_MJ_CLOSE'));
    const hover = await project.hover('drv/driver.c', { line, character: 36 });
    assert.match(hover ?? '', /IRP_MJ_CLOSE/);

    // And back, typed as many quick edits: the last text wins.
    for (let i = 0; i < 6; i++) {
      await project.change('drv/driver.c', i % 2 === 0 ? BIG : WITH_CLOSE);
    }
    assert.ok(
      !codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );
    await project.change('drv/driver.c', BIG);
    assert.ok(
      codes(await project.pullDiagnostics('drv/driver.c')).includes('create-without-close'),
    );
  });
});
