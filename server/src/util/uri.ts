// The only place that converts between file-system paths and `file://` URIs. URIs are written the
// way VS Code writes them (lower-case drive letter, `:` as `%3A`, every byte outside the unreserved
// set percent-encoded) so that URIs from the client and from the scanner compare equal.
import * as path from 'node:path';

const UNRESERVED = /[A-Za-z0-9\-._~/]/;

function encodePath(p: string): string {
  let out = '';
  for (const ch of p) {
    if (UNRESERVED.test(ch)) out += ch;
    else {
      for (const byte of Buffer.from(ch, 'utf8')) {
        out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
      }
    }
  }
  return out;
}

/** A file-system path (absolute, either platform's separators) as a `file://` URI. */
export function pathToUri(fsPath: string, windows = process.platform === 'win32'): string {
  let p = windows ? fsPath.replace(/\\/g, '/') : fsPath;
  let authority = '';
  if (windows && p.startsWith('//')) {
    // UNC path: //server/share/rest
    const end = p.indexOf('/', 2);
    authority = end < 0 ? p.slice(2) : p.slice(2, end);
    p = end < 0 ? '/' : p.slice(end);
  }
  const drive = /^([A-Za-z]):(\/|$)/.exec(p);
  if (drive) p = '/' + drive[1].toLowerCase() + '%3A' + encodePath(p.slice(2));
  else p = encodePath(p.startsWith('/') ? p : '/' + p);
  return `file://${authority}${p}`;
}

/** A `file://` URI as a file-system path; undefined for other schemes. */
export function uriToPath(uri: string, windows = process.platform === 'win32'): string | undefined {
  const m = /^file:\/\/([^/]*)(\/.*)?$/i.exec(uri);
  if (!m) return undefined;
  let p: string;
  try {
    p = decodeURIComponent(m[2] ?? '/');
  } catch {
    return undefined;
  }
  const authority = m[1];
  if (windows) {
    const drive = /^\/([A-Za-z]):/.exec(p);
    if (drive) p = drive[1].toLowerCase() + p.slice(2);
    p = p.replace(/\//g, '\\');
    if (authority && authority !== 'localhost') p = `\\\\${authority}${p}`;
    return p;
  }
  return authority && authority !== 'localhost' ? `//${authority}${p}` : p;
}

/** The same URI in the canonical spelling of pathToUri, so that differently encoded URIs compare equal. */
export function normalizeUri(uri: string): string {
  const p = uriToPath(uri);
  return p === undefined ? uri : pathToUri(p);
}

/** `rel` relative to `root`, with forward slashes ('' for the root itself). */
export function relativePath(root: string, fsPath: string): string {
  const rel = path.relative(root, fsPath);
  return rel.split(path.sep).join('/');
}
