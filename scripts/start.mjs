// `npm start`: builds and packages the extension, installs it into a private code-server (a real
// VS Code workbench, Node 24, tools cached outside the repo) and opens samples/wdm-sample in it on
// 127.0.0.1; prints the URL and runs until Ctrl+C.
//   npm start -- --open        also opens the URL in the local browser (xdg-open / open)
//   npm start -- --no-editor   prints the sample's dispatch table and findings with the CLI instead
//   npm start -- --port 8080   fixed port instead of a free one
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  PACKAGE,
  REPO,
  ensureTools,
  freshRunDir,
  installVsix,
  log,
  startCodeServer,
} from '../test/e2e/lib.mjs';

const args = process.argv.slice(2);
const SAMPLE = path.join(REPO, 'samples/wdm-sample');

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${cmd} ${cmdArgs.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
}

function noEditor() {
  run('npm', ['run', '--silent', 'build']);
  const rel = path.relative(REPO, SAMPLE);
  console.log(`\n$ wdm-dispatch index ${rel}`);
  run(process.execPath, ['dist/cli.js', 'index', rel]);
  console.log(`\n$ wdm-dispatch check ${rel}`);
  // check exits non-zero when it finds something: that is the point of the sample.
  spawnSync(process.execPath, ['dist/cli.js', 'check', rel], { cwd: REPO, stdio: 'inherit' });
}

function openInBrowser(url) {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const found = spawnSync('sh', ['-c', `command -v ${opener}`]).status === 0;
  if (!found) {
    log(`--open: ${opener} is not available; open ${url} yourself`);
    return;
  }
  spawn(opener, [url], { stdio: 'ignore', detached: true }).unref();
}

async function editor() {
  ensureTools();
  const runDir = freshRunDir('start');
  const vsix = path.join(runDir, `${PACKAGE.name}-${PACKAGE.version}.vsix`);
  log('building and packaging the extension (npm run package)');
  run(process.execPath, [path.join(REPO, 'scripts/package.mjs'), '--out', vsix]);
  const extensionsDir = path.join(runDir, 'extensions');
  installVsix(vsix, extensionsDir, runDir);
  log(`installed ${path.basename(vsix)} into a private extensions folder`);
  const portIndex = args.indexOf('--port');
  const port = portIndex >= 0 ? Number(args[portIndex + 1]) : undefined;
  const cs = await startCodeServer({ runDir, extensionsDir, folder: SAMPLE, port });
  const openFile = JSON.stringify([
    ['openFile', `vscode-remote://${cs.authority}${path.join(SAMPLE, 'driver.c')}`],
  ]);
  const url = `http://${cs.authority}/?folder=${encodeURIComponent(SAMPLE)}&payload=${encodeURIComponent(openFile)}`;
  console.log(
    `\nVS Code (code-server) with wdm-dispatch, showing samples/wdm-sample:\n\n  ${url}\n`,
  );
  console.log(
    'Edits are saved to samples/wdm-sample (git checkout samples/ restores it). Ctrl+C stops.',
  );
  console.log(`code-server log: ${path.relative(REPO, cs.logFile)}`);
  if (args.includes('--open')) openInBrowser(url);
  const stop = async () => {
    await cs.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise((resolve) => cs.child.once('exit', resolve));
  log('code-server exited');
}

if (args.includes('--no-editor')) noEditor();
else
  editor().catch((e) => {
    console.error(e && e.message ? e.message : e);
    process.exit(1);
  });
