// Runs test/e2e/nvim/probe.lua in headless Neovim against `node dist/server.js --stdio` on a copy of
// the sample driver; each "ok"/"FAIL" line of the probe counts as one test.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO, Tally, copyWorkspace, freshRunDir, log } from './lib.mjs';

export async function runNeovimProbe() {
  const tally = new Tally('neovim');
  const runDir = freshRunDir('nvim');
  const { sample } = copyWorkspace(runDir);
  const env = {
    ...process.env,
    NODE_BIN: process.execPath,
    LSP_SERVER_JS: path.join(REPO, 'dist/server.js'),
    SAMPLE_DIR: sample,
  };
  log('Neovim probe (built-in LSP client, stdio)');
  const child = spawn(
    'nvim',
    [
      '--headless',
      '-u',
      'NONE',
      '-i',
      'NONE',
      '-n',
      '-c',
      `luafile ${path.join(REPO, 'test/e2e/nvim/probe.lua')}`,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => {
    child.once('error', (e) => resolve(`spawn error: ${e.message}`));
    child.once('exit', (c) => resolve(c));
  });
  try {
    process.kill(-child.pid, 'SIGKILL'); // the language server child, if it outlived nvim
  } catch {
    /* group already gone */
  }
  for (const line of stdout.split('\n')) {
    if (line.startsWith('ok ')) tally.pass(line.slice(3));
    else if (line.startsWith('FAIL ')) tally.fail(line.slice(5), 'see above');
    else if (line.trim()) console.log(`    ${line}`);
  }
  if (code !== 0 && tally.failed === 0) tally.fail('nvim exit', `${code} ${stderr.slice(0, 500)}`);
  return tally;
}
