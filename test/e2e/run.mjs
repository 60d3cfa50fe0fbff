// `npm run test:e2e`: builds and packages the extension, then runs every E2E part against it:
// the Neovim probe (stdio server), the mocha suite in code-server's extension host, the Chromium UI
// test on the workbench (with the installed .vsix) and, opt-in, @vscode/test-electron.
// Ends with "N passed, N failed" and a non-zero exit code on failure.
// Usage: node test/e2e/run.mjs [--only cli,nvim,ext,ui,electron] [--no-build] [--update-docs]
// (WDM_E2E_GREP=pattern selects extension-host tests by title.)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { PACKAGE, REPO, ensureTools, freshRunDir, log } from './lib.mjs';

const onlyArg = process.argv.indexOf('--only');
const only =
  onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : ['cli', 'nvim', 'ext', 'ui', 'electron'];

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

/** The IRP facts the tests compare hovers with, taken from the single source (irpTable.ts). */
async function irpFacts(outDir) {
  const outfile = path.join(outDir, 'irpTable.cjs');
  await esbuild.build({
    entryPoints: [path.join(REPO, 'server/src/irpTable.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  const { createRequire } = await import('node:module');
  const table = createRequire(import.meta.url)(outfile);
  const irp = {};
  for (const f of table.IRP_MAJOR_FUNCTIONS) irp[f.name] = f;
  return { irp, slots: table.IRP_MAJOR_FUNCTIONS.map((f) => f.name) };
}

async function main() {
  const t0 = Date.now();
  const results = [];
  ensureTools();
  const outDir = freshRunDir('build');
  if (!process.argv.includes('--no-build')) {
    log('building the bundles (npm run build)');
    sh('npm', ['run', '--silent', 'build']);
  }
  const vsix = path.join(outDir, `${PACKAGE.name}-${PACKAGE.version}.vsix`);
  const facts = await irpFacts(outDir);

  if (only.includes('cli')) {
    const { runStartNoEditor } = await import('./startNoEditor.mjs');
    results.push(await runStartNoEditor());
  }
  if (only.includes('nvim')) {
    const { runNeovimProbe } = await import('./nvim.mjs');
    results.push(await runNeovimProbe());
  }
  if (only.includes('ext')) {
    const { runExtensionTests } = await import('./extTests.mjs');
    results.push(await runExtensionTests({ irpFacts: facts }));
  }
  if (only.includes('ui')) {
    const { runUiTest } = await import('./ui.mjs');
    results.push(await runUiTest({ vsix, noBuild: process.argv.includes('--no-build') }));
  }
  if (only.includes('electron')) {
    const { runElectron } = await import('./electron.mjs');
    const r = await runElectron({ irpFacts: facts });
    if (r) results.push(r);
  }

  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log('');
  for (const r of results) {
    console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
    for (const f of r.failures) console.log(`  - ${f}`);
  }
  log(`E2E finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
