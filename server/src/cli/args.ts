// Command-line argument parsing for `wdm-dispatch`: commands, options and the usage text.
// Bad usage is reported as a UsageError, which the CLI turns into exit code 2.

export const USAGE = `usage: wdm-dispatch index DIR [--json]
       wdm-dispatch check DIR [--format text|json|sarif]

commands:
  index DIR        list every driver and MajorFunction registration found under DIR
  check DIR        run the diagnostic rules over DIR and report findings

options:
  --json                 (index) print schema 1 JSON instead of a table
  --format FORMAT        (check) text (default), json or sarif (SARIF 2.1.0)
  --max-files N          index at most N files (default: no limit)
  --exclude GLOB         skip files and folders matching GLOB (repeatable; adds to the defaults)
  -h, --help             print this help
  --version              print the version

exit codes: 0 clean, 1 findings at error level (check), 2 bad usage or unreadable DIR
`;

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CliArgs {
  command: 'index' | 'check' | 'help' | 'version';
  dir: string;
  format: OutputFormat;
  maxFiles: number;
  exclude: string[];
}

export class UsageError extends Error {}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

/** Parses `argv` (without node and the script); throws UsageError on anything it does not know. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { command: 'help', dir: '', format: 'text', maxFiles: 0, exclude: [] };
  const positional: string[] = [];
  let sawFormat = false;
  let sawJson = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const inlineValue = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`option ${name} needs a value`);
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { ...args, command: 'help' };
      case '--version':
        return { ...args, command: 'version' };
      case '--json':
        if (inlineValue !== undefined) throw new UsageError('option --json takes no value');
        sawJson = true;
        break;
      case '--format': {
        const f = value();
        if (!FORMATS.includes(f as OutputFormat)) {
          throw new UsageError(`unknown format '${f}' (expected text, json or sarif)`);
        }
        // Two different formats are a mistake in a script; say so instead of picking one.
        if (sawFormat && f !== args.format) {
          throw new UsageError(`--format given twice ('${args.format}' and '${f}')`);
        }
        args.format = f as OutputFormat;
        sawFormat = true;
        break;
      }
      case '--max-files': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-files wants a whole number, not '${v}'`);
        args.maxFiles = Number(v);
        break;
      }
      case '--exclude': {
        // An empty glob matches nothing and the glob compiler rejects it: a usage error.
        const glob = value();
        if (glob.trim() === '') throw new UsageError('--exclude needs a non-empty GLOB');
        args.exclude.push(glob);
        break;
      }
      case '--':
        positional.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (raw.startsWith('-') && raw !== '-') throw new UsageError(`unknown option '${raw}'`);
        positional.push(raw);
    }
  }
  if (positional.length === 0) throw new UsageError('missing command (index or check)');
  const [command, dir, ...rest] = positional;
  if (command !== 'index' && command !== 'check') {
    throw new UsageError(`unknown command '${command}'`);
  }
  if (dir === undefined) throw new UsageError(`${command}: missing DIR`);
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
  if (command === 'index' && sawFormat) throw new UsageError('index takes --json, not --format');
  if (command === 'check' && sawJson) throw new UsageError('check takes --format json, not --json');
  args.command = command;
  args.dir = dir;
  if (command === 'index') args.format = sawJson ? 'json' : 'text';
  return args;
}
