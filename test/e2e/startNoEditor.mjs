// `npm start -- --no-editor` prints the sample's dispatch table and findings with the CLI: checks
// that the newcomer's terminal path shows the same deliberate mistakes as the editor.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO, Tally, log } from './lib.mjs';

export async function runStartNoEditor() {
  const tally = new Tally('start --no-editor');
  log('npm start -- --no-editor');
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/start.mjs'), '--no-editor'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  const out = r.stdout + r.stderr;
  await tally.check('prints the dispatch table of the sample', () => {
    for (const re of [
      /IRP_MJ_CREATE\s+SampleDispatchCreate\s+driver\.c:\d+/,
      /IRP_MJ_POWER\s+SampleDispatchPower/,
    ]) {
      if (!re.test(out)) throw new Error(`no match for ${re} in:\n${out.slice(0, 1500)}`);
    }
  });
  await tally.check('prints the findings with their codes', () => {
    for (const code of [
      'create-without-close',
      'missing-required-handler',
      'unregistered-dispatch-routine',
      'missing-dispatch-annotation',
    ]) {
      if (!out.includes(code)) throw new Error(`${code} missing from:\n${out.slice(0, 1500)}`);
    }
  });
  return tally;
}
