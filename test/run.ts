// Test runner for the unit, manifest, protocol and compile tiers: runs mocha (tdd UI) over the
// compiled tests in out/test and ends with the plain "N passed, N failed" line CI reads.
// Usage: node out/test/run.js [tier ...] [--grep pattern]
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const TIERS = ['unit', 'manifest', 'protocol', 'compile'];

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

function main(): void {
  const tiers: string[] = [];
  let grep: string | undefined;
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--grep') grep = args[++i];
    else tiers.push(args[i]);
  }
  const selected = tiers.length > 0 ? tiers : TIERS;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (grep) mocha.grep(grep);
  for (const tier of selected) {
    for (const file of findTests(path.join(__dirname, tier))) mocha.addFile(file);
  }
  let passed = 0;
  let failed = 0;
  const runner = mocha.run((failures) => {
    const total = passed + failed;
    if (total === 0) {
      console.log('no test was executed');
      console.log('0 passed, 1 failed');
      process.exitCode = 1;
      return;
    }
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failures > 0 ? 1 : 0;
  });
  runner.on('pass', () => passed++);
  runner.on('fail', () => failed++);
}

main();
