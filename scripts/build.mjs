// Bundles the three shipped programs with esbuild: dist/client.js (VS Code extension),
// dist/server.js (language server, also bin wdm-dispatch-lsp) and dist/cli.js (bin wdm-dispatch).
// esbuild does not typecheck: `npm run typecheck` (tsc) does that separately.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  keepNames: true,
  logLevel: 'warning',
};

const shebang = { js: '#!/usr/bin/env node' };
const targets = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: shebang },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: shebang },
  // Worker thread of the background scan, loaded by server.js and cli.js from their own folder.
  { entryPoints: ['server/src/index/scanWorker.ts'], outfile: 'dist/scanWorker.js' },
].filter((t) => existsSync(t.entryPoints[0]));

if (watch) {
  for (const t of targets) {
    const ctx = await esbuild.context({ ...common, ...t });
    await ctx.watch();
  }
  console.log('[watch] esbuild is watching client/src and server/src');
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
  for (const t of targets) if (t.banner) chmodSync(t.outfile, 0o755);
}
