// UI test on the real workbench: installs the packaged .vsix into code-server, opens a copy of the
// sample driver in headless Chromium (playwright-core) and drives it like a user: status item,
// squiggle, hover widget, Problems panel, Ctrl+. quick fix, the suggest widget for a snippet,
// saving, and the Dispatch Table view. Screenshots go to .e2e-out/ui/shots (and, with
// --update-docs, the README's pictures in docs/).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  REPO,
  Tally,
  copyWorkspace,
  freshRunDir,
  installVsix,
  log,
  startCodeServer,
} from './lib.mjs';

/** Screen rectangle of the first rendered occurrence of `needle` in the active editor. */
async function rectOfText(page, needle) {
  return page.evaluate((needle) => {
    const lines = document.querySelectorAll(
      '.editor-instance .monaco-editor .view-lines .view-line',
    );
    for (const line of lines) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let n;
      while ((n = walker.nextNode())) {
        const i = n.data.indexOf(needle);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + needle.length);
          const b = r.getBoundingClientRect();
          return { x: b.x, y: b.y, width: b.width, height: b.height };
        }
      }
    }
    return null;
  }, needle);
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

export async function runUiTest({ vsix }) {
  const tally = new Tally('ui');
  const runDir = freshRunDir('ui');
  const shots = path.join(runDir, 'shots');
  fs.mkdirSync(shots, { recursive: true });
  const { sample } = copyWorkspace(runDir);
  const driverC = path.join(sample, 'driver.c');
  const extensionsDir = path.join(runDir, 'extensions');

  const packaged = await tally.check('npm run package builds the .vsix (vsce, allow-list)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/package.mjs'), '--out', vsix], {
      cwd: REPO,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error((r.stdout + r.stderr).split('\n').slice(-15).join('\n'));
    const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout || '';
    for (const f of [
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/package.json',
    ]) {
      if (!listing.includes(f)) throw new Error(`${f} missing from the .vsix`);
    }
    const stray = listing
      .split('\n')
      .filter((f) => /\/(src|test|node_modules|samples|out)\//.test(f) || f.endsWith('.map'));
    if (stray.length)
      throw new Error(`files outside the allow-list: ${stray.slice(0, 5).join(', ')}`);
    return true;
  });
  if (!packaged) return tally;
  const installed = await tally.check('code-server --install-extension installs the .vsix', () => {
    installVsix(vsix, extensionsDir, runDir);
    return true;
  });
  if (!installed) return tally;

  const cs = await startCodeServer({ runDir, extensionsDir, folder: sample });
  log(`code-server for the UI test on http://${cs.authority} (pid ${cs.child.pid})`);
  let browser;
  let page;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 680 } });
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => {
      if (m.type() === 'error')
        fs.appendFileSync(path.join(runDir, 'browser-console.log'), m.text() + '\n');
    });
    // Every failing step leaves a screenshot named after it.
    const check = async (what, fn) => {
      const ok = await tally.check(what, fn);
      if (!ok) {
        const name = `failed-${tally.failed}.png`;
        await page.screenshot({ path: path.join(shots, name) }).catch(() => {});
        log(`screenshot of the failure: ${path.join(shots, name)}`);
      }
      return ok;
    };
    const authority = cs.authority;
    // payload openFile opens driver.c at startup (honoured by the built workbench without flags).
    const payload = JSON.stringify([['openFile', `vscode-remote://${authority}${driverC}`]]);
    await page.goto(
      `http://${authority}/?folder=${encodeURIComponent(sample)}&payload=${encodeURIComponent(payload)}`,
    );
    const editor = page.locator('.editor-instance .monaco-editor').first();

    const opened = await check('the workbench opens driver.c of the sample', async () => {
      await editor
        .locator('.view-lines', { hasText: 'MajorFunction' })
        .waitFor({ timeout: 60_000 });
    });
    if (!opened) throw new Error('workbench did not open the sample');

    await check('the installed extension activates: status item "WDM: 1 driver"', async () => {
      await page
        .locator('.statusbar-item', { hasText: /WDM: \d+ drivers?/ })
        .first()
        .waitFor({ timeout: 60_000 });
    });

    await check('a squiggle marks the Create-without-Close registration', async () => {
      await editor.locator('.squiggly-warning').first().waitFor();
    });

    await check(
      'hover on IRP_MJ_READ shows the IRP documentation and SampleDispatchRead',
      async () => {
        // Code lenses arrive late and shift the lines: aim again until the right hover shows.
        const hover = page
          .locator('.monaco-hover:not(.hidden) .monaco-hover-content', {
            hasText: 'SampleDispatchRead',
          })
          .first();
        const deadline = Date.now() + 30_000;
        for (;;) {
          const box = await rectOfText(page, 'IRP_MJ_READ');
          if (!box) throw new Error('IRP_MJ_READ not rendered');
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          try {
            await hover.waitFor({ timeout: 3000 });
            break;
          } catch (e) {
            if (Date.now() > deadline) throw e;
            await page.mouse.move(5, 5);
            await page.keyboard.press('Escape');
          }
        }
        const text = await hover.innerText();
        if (!text.includes('IRP_MJ_READ')) throw new Error(`hover text: ${text}`);
        await page.locator('.part.editor').screenshot({ path: path.join(shots, 'hover.png') });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
      },
    );

    await check('the Problems panel lists the findings with their codes', async () => {
      await page.keyboard.press('Control+Shift+M');
      const row = page
        .locator('.markers-panel .monaco-list-row', { hasText: 'create-without-close' })
        .first();
      await row.waitFor();
      await page.screenshot({ path: path.join(shots, 'problems.png') });
      await page.keyboard.press('Control+J'); // hide the panel again: the editor needs the room
      await page.locator('.markers-panel').waitFor({ state: 'hidden' });
    });

    await check(
      'Ctrl+. on the finding offers the fix; Enter applies it; Ctrl+S saves it',
      async () => {
        const box = await rectOfText(page, 'IRP_MJ_CREATE');
        if (!box) throw new Error('IRP_MJ_CREATE not rendered');
        await page.mouse.click(box.x + 3, box.y + box.height / 2);
        const row = page
          .locator('.action-widget .monaco-list-row', { hasText: 'IRP_MJ_CLOSE' })
          .first();
        // Code actions are computed asynchronously: Ctrl+. before they arrive shows nothing.
        const menuDeadline = Date.now() + 30_000;
        for (;;) {
          await page.keyboard.press('Control+.');
          try {
            await row.waitFor({ timeout: 3000 });
            break;
          } catch (e) {
            if (Date.now() > menuDeadline) throw e;
            await page.keyboard.press('Escape');
          }
        }
        await page.screenshot({ path: path.join(shots, 'quickfix.png') });
        // The repairing fix is preferred, so it comes first and is focused: Enter applies it.
        await page.keyboard.press('Enter');
        await editor.locator('.view-lines', { hasText: 'MajorFunction[IRP_MJ_CLOSE]' }).waitFor();
        await page.keyboard.press('Control+S');
        const deadline = Date.now() + 15_000;
        while (
          !/MajorFunction\[IRP_MJ_CLOSE\]\s*=\s*SampleDispatchClose;/.test(
            fs.readFileSync(driverC, 'utf8'),
          )
        ) {
          if (Date.now() > deadline)
            throw new Error('driver.c on disk lacks the registration after Ctrl+S');
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    );

    await check(
      'typing "dispatch" offers the snippets; choosing dispatchCleanup inserts it; saved',
      async () => {
        await editor.click({ position: { x: 300, y: 20 } });
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Enter');
        await page.keyboard.type('dispatch', { delay: 30 });
        // The whole family is offered: wait for several dispatchXxx snippet rows.
        const snippetRows = page.locator('.suggest-widget .monaco-list-row', {
          hasText: /dispatch(Cleanup|Close|Create)/,
        });
        await snippetRows.nth(2).waitFor();
        await page.locator('.part.editor').screenshot({ path: path.join(shots, 'snippets.png') });
        await page.keyboard.type('Clea', { delay: 30 });
        const row = page
          .locator('.suggest-widget .monaco-list-row', { hasText: 'dispatchCleanup' })
          .first();
        await row.waitFor();
        await page.keyboard.press('Enter');
        await editor.locator('.view-lines', { hasText: 'DRIVER_DISPATCH' }).waitFor();
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+S');
        const deadline = Date.now() + 15_000;
        while (!/_Dispatch_type_\(IRP_MJ_CLEANUP\)/.test(fs.readFileSync(driverC, 'utf8'))) {
          if (Date.now() > deadline)
            throw new Error('driver.c on disk lacks the snippet after Ctrl+S');
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    );

    await check('"WDM: Show Dispatch Table" shows the slots and handlers in the view', async () => {
      await runCommand(page, 'WDM: Show Dispatch Table');
      const view = page.locator('.pane', { hasText: /dispatch table/i });
      await view.locator('.monaco-list-row', { hasText: 'IRP_MJ_READ' }).first().waitFor();
      // Expand the driver/slot rows when the view shows them collapsed.
      await view.locator('.monaco-list-row', { hasText: 'SampleDispatch' }).first().waitFor();
      // Give the table the room of the file tree for the picture.
      const filesHeader = page.locator('.pane-header', { hasText: 'wdm-sample' }).first();
      if ((await filesHeader.getAttribute('aria-expanded')) === 'true') await filesHeader.click();
      // ...and a wider side bar, so handler names are not cut off.
      const side = await page.locator('.part.sidebar').boundingBox();
      await page.mouse.move(side.x + side.width + 1, side.y + 200);
      await page.mouse.down();
      await page.mouse.move(side.x + side.width + 260, side.y + 200, { steps: 5 });
      await page.mouse.up();
      await view.locator('.monaco-list-row', { hasText: 'SampleDispatchRead' }).first().waitFor();
      await page
        .locator('.part.sidebar')
        .screenshot({ path: path.join(shots, 'dispatch-table.png') });
    });
  } catch (e) {
    tally.fail('UI test', e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    await cs.stop();
  }
  if (process.argv.includes('--update-docs')) {
    for (const f of [
      'hover.png',
      'problems.png',
      'quickfix.png',
      'snippets.png',
      'dispatch-table.png',
    ]) {
      const src = path.join(shots, f);
      if (fs.existsSync(src)) fs.copyFileSync(src, path.join(REPO, 'docs', f));
    }
    log('copied the screenshots to docs/');
  }
  return tally;
}
