// The compile proof for generated code: builds a set of driver sources with the mingw-w64 DDK
// (-Wall -Wextra -Werror) and links them into a kernel-mode .sys, in C or C++. Used by the snippet
// tests and by any test that wants to show that a quick-fix result compiles. Also expands
// VS Code snippet bodies into plain text with their default placeholder values.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SourceFile {
  /** File name inside the build directory, e.g. `driver.c` or `driver.h` (headers are not compiled). */
  readonly name: string;
  readonly text: string;
}

export interface CompileResult {
  readonly ok: boolean;
  /** The command line and everything the compiler and linker printed (or why they could not run). */
  readonly output: string;
}

export interface CompileOptions {
  /** Extra compiler arguments, e.g. `['-DNTDDI_VERSION=0x0A000000']`. */
  readonly extraArgs?: readonly string[];
  /** Keep the build directory when the build fails, to look at it (default true). */
  readonly keepFailed?: boolean;
}

/** Debian's mingw-w64 packages, which `.ci/run` installs. */
export const MINGW_PACKAGES = 'gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 mingw-w64-x86-64-dev';
const CC = process.env.WDM_MINGW_GCC ?? 'x86_64-w64-mingw32-gcc';
const CXX = process.env.WDM_MINGW_GXX ?? 'x86_64-w64-mingw32-g++';
const DDK_INCLUDE_CANDIDATES = [
  process.env.WDM_DDK_INCLUDE,
  '/usr/share/mingw-w64/include/ddk',
  '/usr/x86_64-w64-mingw32/include/ddk',
].filter((dir): dir is string => !!dir);

const HEADER = /\.(h|hh|hpp|hxx|inl)$/i;

/** The mingw-w64 DDK include directory, or undefined when the headers are not installed. */
export function ddkIncludeDir(): string | undefined {
  return DDK_INCLUDE_CANDIDATES.find((dir) => fs.existsSync(path.join(dir, 'wdm.h')));
}

/** `test/compile/sal-shim.h` in the source tree (the tests run from `out/`, which has no copy). */
export function salShimPath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'compile', 'sal-shim.h');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error('test/compile/sal-shim.h not found above ' + __dirname);
    }
  }
}

/**
 * The compiler arguments for one language, without the sources and the output. C++ needs the two
 * `__INTRINSIC_DEFINED_*` macros because mingw-w64's wdm.h and intrin.h both define
 * InterlockedBitTestAndSet/Reset; kernel C++ has neither exceptions nor RTTI.
 */
export function compilerArgs(lang: 'c' | 'cpp', includeDir: string): string[] {
  const common = ['-Wall', '-Wextra', '-Werror', '-include', salShimPath(), '-I', includeDir];
  return lang === 'c'
    ? ['-std=gnu11', ...common, '-x', 'c']
    : [
        '-std=gnu++17',
        '-fno-exceptions',
        '-fno-rtti',
        '-D__INTRINSIC_DEFINED_InterlockedBitTestAndSet',
        '-D__INTRINSIC_DEFINED_InterlockedBitTestAndReset',
        ...common,
        '-x',
        'c++',
      ];
}

/** Linker arguments that make a kernel-mode driver image entered at DriverEntry. */
export const LINK_ARGS = [
  '-nostdlib',
  '-Wl,--subsystem,native',
  '-e',
  'DriverEntry',
  '-shared',
] as const;

/**
 * Writes `files` to a fresh temporary directory (which is also on the include path), compiles
 * every non-header file as `lang` and links them all into `driver.sys` against ntoskrnl. The
 * directory is removed on success and kept (its path is in the output) on failure. A missing
 * compiler or DDK is a failure with a message naming the packages to install.
 */
export function compileDriver(
  files: readonly SourceFile[],
  lang: 'c' | 'cpp',
  options: CompileOptions = {},
): CompileResult {
  const includeDir = ddkIncludeDir();
  if (!includeDir) {
    return {
      ok: false,
      output: `mingw-w64 DDK headers (wdm.h) not found in ${DDK_INCLUDE_CANDIDATES.join(', ')}; install: apt-get install ${MINGW_PACKAGES}`,
    };
  }
  const sources = files.filter((f) => !HEADER.test(f.name));
  if (sources.length === 0) return { ok: false, output: 'compileDriver: no source file given' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-compile-'));
  for (const file of files) {
    const target = path.join(dir, file.name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
  }
  const compiler = lang === 'c' ? CC : CXX;
  const args = [
    ...compilerArgs(lang, includeDir),
    '-I',
    dir,
    ...(options.extraArgs ?? []),
    ...sources.map((f) => path.join(dir, f.name)),
    ...LINK_ARGS,
    '-o',
    path.join(dir, 'driver.sys'),
    '-lntoskrnl',
  ];
  const run = spawnSync(compiler, args, { encoding: 'utf8', cwd: dir });
  const command = `${compiler} ${args.join(' ')}`;
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      ok: false,
      output: missing
        ? `${compiler} not found: install the mingw-w64 cross compiler (apt-get install ${MINGW_PACKAGES}); .ci/run does this`
        : `${command}\n${run.error.message}`,
    };
  }
  const ok = run.status === 0 && fs.existsSync(path.join(dir, 'driver.sys'));
  const output = `${command}\n${run.stdout}${run.stderr}`;
  if (ok || options.keepFailed === false) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { ok, output };
  }
  return { ok, output: `${output}\n(sources kept in ${dir})` };
}

/**
 * The text a VS Code snippet body inserts when every placeholder keeps its default: `${n:text}`
 * becomes text (nested placeholders expanded too), `${n|a,b|}` the first choice, `$n`/`${n}`
 * nothing, and `\$`, `\}`, `\\` their character. `values` overrides the text of tab stop n.
 */
export function expandSnippet(
  body: string | readonly string[],
  values: Record<number, string> = {},
): string {
  const text = typeof body === 'string' ? body : body.join('\n');
  let pos = 0;
  // Parses until `stop` (a `}` that closes a placeholder) or the end; returns the expansion.
  const parse = (insidePlaceholder: boolean): string => {
    let out = '';
    while (pos < text.length) {
      const ch = text[pos];
      if (ch === '\\' && pos + 1 < text.length && '$}\\'.includes(text[pos + 1])) {
        out += text[pos + 1];
        pos += 2;
      } else if (ch === '}' && insidePlaceholder) {
        return out;
      } else if (ch === '$') {
        out += parseDollar();
      } else {
        out += ch;
        pos++;
      }
    }
    if (insidePlaceholder) throw new Error('unterminated snippet placeholder');
    return out;
  };
  const parseDollar = (): string => {
    const simple = /^\$(\d+)/.exec(text.slice(pos));
    if (simple) {
      pos += simple[0].length;
      return values[Number(simple[1])] ?? '';
    }
    const braced = /^\$\{(\d+)(:|\||\})/.exec(text.slice(pos));
    if (!braced) throw new Error(`unsupported snippet syntax at ${text.slice(pos, pos + 20)}`);
    pos += braced[0].length;
    const index = Number(braced[1]);
    if (braced[2] === '}') return values[index] ?? '';
    if (braced[2] === '|') {
      const end = text.indexOf('|}', pos);
      if (end < 0) throw new Error('unterminated snippet choice');
      const first = text.slice(pos, end).split(',')[0];
      pos = end + 2;
      return values[index] ?? first;
    }
    const inner = parse(true);
    pos++; // the closing brace
    return values[index] ?? inner;
  };
  return parse(false);
}
