// Include/exclude globs of the index as plain regular expressions, tested many thousand times per
// scan. Paths are relative to their workspace folder with forward slashes; matching ignores case
// and lets `*` match dot files, as the settings document.
import picomatch from 'picomatch';

const OPTIONS = { dot: true, nocase: true };

/**
 * A test for "matches any of `globs`". It runs each glob's regular expression directly: picomatch's
 * own matcher builds a result object per call, which cost more than the match in a walk that tests
 * every entry of the tree.
 */
export function globTest(globs: readonly string[]): (relPath: string) => boolean {
  const regexps = globs.map((glob) => picomatch.makeRe(glob, OPTIONS));
  return (relPath) => {
    for (const re of regexps) if (re.test(relPath)) return true;
    return false;
  };
}

/**
 * Exclude globs as a walk applies them: `folder` tests a folder (with and without its trailing
 * slash), `file` a file found in a folder the walk entered. Globs ending in `/**` stand for
 * everything under a folder they match, and the walk never enters such a folder, so `file` skips
 * them: a file that is merely named like such a folder stays in.
 */
export function excludeTests(globs: readonly string[]): {
  folder: (relPath: string) => boolean;
  file: (relPath: string) => boolean;
} {
  const any = globTest(globs);
  return {
    folder: (relPath) => any(relPath) || any(relPath + '/'),
    file: globTest(globs.filter((glob) => !glob.endsWith('/**'))),
  };
}
