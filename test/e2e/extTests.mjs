// Runs test/e2e/suite (mocha) inside code-server's Node extension host: the web equivalent of
// --extensionDevelopmentPath/--extensionTestsPath. code-server is started with the smoke-test driver
// so that the workbench honours the dev/test `payload`; headless Chromium opens it and
// codeAutomationExit/codeAutomationLog report the result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  REPO,
  Tally,
  copyWorkspace,
  freshRunDir,
  log,
  startCodeServer,
} from './lib.mjs';

export async function runExtensionTests({ irpFacts, timeoutMs = 240_000 }) {
  const tally = new Tally('ext-host');
  const runDir = freshRunDir('ext-tests');
  const { workspaceFile } = copyWorkspace(runDir);
  fs.writeFileSync(path.join(runDir, 'e2e-config.json'), JSON.stringify(irpFacts, null, 2));
  const extensionsDir = path.join(runDir, 'extensions'); // empty: the extension comes from the repo
  fs.mkdirSync(extensionsDir, { recursive: true });
  const cs = await startCodeServer({
    runDir,
    extensionsDir,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  });
  log(`code-server for extension tests on http://${cs.authority} (pid ${cs.child.pid})`);
  let browser;
  let passing = 0;
  let failing = 0;
  let livePassed = 0;
  const failures = [];
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage();
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    const mochaLog = fs.openSync(path.join(runDir, 'mocha.log'), 'w');
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...[].concat(args));
      fs.writeSync(mochaLog, line + '\n');
      let m;
      if ((m = /^\s*(\d+) passing/.exec(line))) passing = Number(m[1]);
      if ((m = /^\s*(\d+) failing/.exec(line))) failing = Number(m[1]);
      // Only mocha's own lines: the spec reporter indents them.
      if (
        /^\s+(✓|✔|\d+\)|\d+ (passing|failing|pending))|^\s{2,}\S/.test(line) &&
        !/^\s*at /.test(line)
      ) {
        console.log(`    ${line.trimEnd()}`);
      }
      // Live counts, so a run that hangs still reports what passed and failed so far.
      if (/^\s+(✓|✔) /.test(line)) livePassed++;
      if (/^\s+\d+\) /.test(line) && !/passing|failing/.test(line)) failures.push(line.trim());
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    page.on('console', (m) =>
      fs.appendFileSync(path.join(runDir, 'browser-console.log'), `${m.type()}: ${m.text()}\n`),
    );
    const remote = (p) => `vscode-remote://${cs.authority}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(path.join(REPO, 'test/e2e/suite/index.js'))],
    ];
    const url =
      `http://${cs.authority}/?workspace=${encodeURIComponent(workspaceFile)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    log('workbench loaded; mocha runs in the extension host');
    const code = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r('timeout'), timeoutMs).unref()),
    ]);
    log(`extension tests finished: codeAutomationExit(${code})`);
    if (code !== 0)
      await page.screenshot({ path: path.join(runDir, 'failure.png') }).catch(() => {});
    const finished = passing + failing > 0;
    tally.passed = finished ? passing : livePassed;
    // Mocha prints every failure twice (live and in the summary): count the numbered entries once.
    const uniqueFailures = [...new Set(failures)];
    tally.failed = finished ? failing : new Set(uniqueFailures.map((f) => f.split(')')[0])).size;
    tally.failures.push(
      ...uniqueFailures.filter(
        (f, i, a) => a.findIndex((g) => g.split(')')[0] === f.split(')')[0]) === i,
      ),
    );
    if (code !== 0 && failing === 0)
      tally.fail('extension test run', `exit ${code} (see ${runDir})`);
  } catch (e) {
    tally.fail('extension test run', e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    await cs.stop();
  }
  return tally;
}
