// `npm run start:desktop`: builds, then opens samples/wdm-sample in a desktop VS Code with this
// repository as the extension under development (`code --extensionDevelopmentPath`).
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const code = process.env.WDM_VSCODE_CLI || 'code';
if (spawnSync('sh', ['-c', `command -v ${code}`]).status !== 0) {
  console.log(
    `"${code}" is not on PATH: install VS Code (and its "code" command), or use npm start (code-server).`,
  );
  process.exit(1);
}
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repo, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const sample = path.join(repo, 'samples/wdm-sample');
spawn(code, [`--extensionDevelopmentPath=${repo}`, sample, path.join(sample, 'driver.c')], {
  stdio: 'inherit',
  detached: true,
}).unref();
console.log(
  `opened ${path.relative(repo, sample)} in VS Code with the extension under development`,
);
