// Opt-in runner of the same extension-host suite in a desktop VS Code through @vscode/test-electron.
// Runs only when WDM_VSCODE_PATH names a local VS Code executable (nothing is downloaded); otherwise
// it says it was skipped and is not counted as a pass.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, Tally, copyWorkspace, freshRunDir, log } from './lib.mjs';

export async function runElectron({ irpFacts }) {
  const executable = process.env.WDM_VSCODE_PATH;
  if (!executable) {
    log(
      '@vscode/test-electron: SKIPPED (set WDM_VSCODE_PATH to a local VS Code executable to run it)',
    );
    return null;
  }
  const tally = new Tally('test-electron');
  const runDir = freshRunDir('electron');
  const { workspaceFile } = copyWorkspace(runDir);
  const configFile = path.join(runDir, 'e2e-config.json');
  fs.writeFileSync(configFile, JSON.stringify(irpFacts, null, 2));
  const { runTests } = await import('@vscode/test-electron');
  await tally.check(`extension-host suite in ${executable}`, async () => {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(REPO, 'test/e2e/suite/index.js'),
      extensionTestsEnv: { WDM_E2E_CONFIG: configFile },
      launchArgs: [
        workspaceFile,
        '--user-data-dir',
        path.join(runDir, 'user-data'),
        '--extensions-dir',
        path.join(runDir, 'extensions'),
        '--disable-workspace-trust',
        '--disable-extensions',
      ],
    });
  });
  return tally;
}
