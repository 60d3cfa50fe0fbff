// Command line front end (bin `wdm-dispatch`): `index DIR [--json]`, `check DIR [--format ...]`.
// Scans DIR with the same scanner, index, driver model and rules as the language server; prints the
// result alone on stdout, progress on stderr only when stderr is a terminal. Exit 0/1/2.
// First: engine settings apply to the code compiled after them.
import './engineTuning';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_EXCLUDE, scanFolders, type ScanReport } from './index/backgroundScan';
import { WorkspaceIndex } from './index/workspaceIndex';
import { collectFindings } from './features/diagnostics';
import { parseArgs, USAGE, UsageError, type CliArgs } from './cli/args';
import { buildFindingsJson, buildSarif, formatFindingsText, hasErrors } from './cli/checkReport';
import { buildIndexJson, formatIndexText, type IndexedFileFacts } from './cli/indexReport';
import { pathToUri } from './util/uri';

/** Where the CLI writes; tests pass their own to run it in-process. */
export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

declare const WDM_VERSION: string | undefined;

function version(): string {
  if (typeof WDM_VERSION === 'string') return WDM_VERSION;
  for (const candidate of ['../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, candidate), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'wdm-dispatch' && pkg.version) return pkg.version;
    } catch {
      // Not there in this layout (bundle vs tsc output): try the next one.
    }
  }
  return '0.0.0';
}

function checkFolder(dir: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `folder '${dir}' does not exist`;
    if (code === 'EACCES' || code === 'EPERM') {
      return `folder '${dir}' cannot be read (permission denied)`;
    }
    return `folder '${dir}' cannot be read (${code ?? String(error)})`;
  }
  if (!st.isDirectory()) return `'${dir}' is not a folder`;
  try {
    fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `folder '${dir}' cannot be read (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code})`;
  }
  return undefined;
}

function progressWriter(
  io: CliIo,
): ((p: { phase: string; done: number; total: number }) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.done !== p.total) return;
    last = now;
    const count = p.total > 0 ? `${p.done}/${p.total}` : `${p.done}`;
    io.stderr.write(
      `\r\x1b[Kwdm-dispatch: ${p.phase === 'walk' ? 'finding files' : p.phase === 'read' ? 'reading' : 'resolving handlers'} ${count}`,
    );
  };
}

async function scan(
  args: CliArgs,
  io: CliIo,
): Promise<{ index: WorkspaceIndex; report: ScanReport }> {
  const abs = path.resolve(args.dir);
  const rootUri = pathToUri(abs);
  const index = new WorkspaceIndex([rootUri]);
  const onProgress = progressWriter(io);
  const report = await scanFolders([{ fsPath: abs, uri: rootUri }], index, {
    exclude: [...DEFAULT_EXCLUDE, ...args.exclude],
    maxFiles: args.maxFiles,
    onProgress,
  });
  if (onProgress) io.stderr.write('\r\x1b[K');
  // Unreadable and skipped files do not stop the run; say so on stderr, stdout keeps the result.
  const first = (list: ScanReport['errors']): string =>
    list.length > 0 ? ` (first: ${list[0].relPath}: ${list[0].code})` : '';
  if (report.errors.length > 0) {
    io.stderr.write(
      `wdm-dispatch: ${report.errors.length} file${report.errors.length === 1 ? '' : 's'} or folder${report.errors.length === 1 ? '' : 's'} could not be read${first(report.errors)}\n`,
    );
  }
  if (report.skipped.length > 0) {
    io.stderr.write(
      `wdm-dispatch: ${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'} skipped as too large or binary${first(report.skipped)}\n`,
    );
  }
  if (report.capped) {
    io.stderr.write(
      `wdm-dispatch: stopped after ${args.maxFiles} files (--max-files); the rest of '${args.dir}' was not indexed\n`,
    );
  }
  return { index, report };
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`wdm-dispatch: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    io.stdout.write(version() + '\n');
    return 0;
  }
  const problem = checkFolder(args.dir);
  if (problem) {
    io.stderr.write(`wdm-dispatch: ${problem}\n`);
    return 2;
  }
  const { index, report } = await scan(args, io);
  const model = index.model;
  const rel = (uri: string): string => index.relPathOf(uri);

  if (args.command === 'index') {
    const unowned: IndexedFileFacts[] = [];
    for (const f of index.files()) {
      if (f.facts.registrations.length > 0 && !model.driverOf(f.uri)) {
        unowned.push({ uri: f.uri, registrations: f.facts.registrations });
      }
    }
    const json = buildIndexJson(args.dir, report.filesRead, model, rel, unowned);
    io.stdout.write(
      args.format === 'json' ? JSON.stringify(json, null, 2) + '\n' : formatIndexText(json),
    );
    return 0;
  }

  const findings = collectFindings(model);
  if (args.format === 'sarif') {
    io.stdout.write(JSON.stringify(buildSarif(findings, rel, version()), null, 2) + '\n');
  } else if (args.format === 'json') {
    io.stdout.write(
      JSON.stringify(buildFindingsJson(args.dir, report.filesRead, findings, rel), null, 2) + '\n',
    );
  } else io.stdout.write(formatFindingsText(findings, rel, report.filesRead));
  return hasErrors(findings) ? 1 : 0;
}

if (require.main === module) {
  // `wdm-dispatch index DIR | head`: the reader went away; stop quietly instead of dying on an
  // unhandled EPIPE with a stack trace.
  // Any other write failure (a full disk, `> /dev/full`) is one clear line on stderr and exit 2,
  // not a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`wdm-dispatch: cannot write the output: ${error.code ?? error.message}\n`);
    process.exit(2);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `wdm-dispatch: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 2;
    },
  );
}
