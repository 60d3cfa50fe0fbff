// `npm run package`: builds wdm-dispatch-<version>.vsix with @vscode/vsce. The .vscodeignore
// allow-list keeps only the bundles, snippets, grammar, docs and icon; vsce's own
// `vscode:prepublish` hook typechecks and builds the minified bundles first.
// Usage: node scripts/package.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out =
  outIndex > 0
    ? path.resolve(process.argv[outIndex + 1])
    : path.join(repo, `${pkg.name}-${pkg.version}.vsix`);

// README images use relative paths (docs/*.png); the Marketplace needs absolute URLs, which vsce
// derives from these bases (the repository's raw files on the main branch).
const repoUrl = pkg.repository.url.replace(/\.git$/, '').replace(/^git\+/, '');
const raw = repoUrl.replace('https://github.com/', 'https://raw.githubusercontent.com/') + '/main/';
const vsce = path.join(repo, 'node_modules/@vscode/vsce/vsce');
const r = spawnSync(
  process.execPath,
  [
    vsce,
    'package',
    '--no-dependencies',
    '--out',
    out,
    '--baseContentUrl',
    `${repoUrl}/blob/main/`,
    '--baseImagesUrl',
    raw,
  ],
  { cwd: repo, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
