// Inline fixtures for unit tests: C text where `$0` marks the cursor and `//- /path.c` lines start
// a new file. Builds the WorkspaceModel the features and rules read (extractFacts + buildWorkspaceModel).
import { buildWorkspaceModel } from '../../server/src/index/driverModel';
import type { WorkspaceModel } from '../../server/src/index/modelTypes';
import { extractFacts } from '../../server/src/syntax/dispatchFacts';
import type { Position } from '../../server/src/syntax/factTypes';

/** The workspace folder every fixture lives in. */
export const FIXTURE_ROOT = 'file:///ws';

export interface FixtureFile {
  /** Path as written after `//-`, e.g. `/src/driver.c`. */
  path: string;
  uri: string;
  text: string;
}

export interface Fixture {
  model: WorkspaceModel;
  files: FixtureFile[];
  /** Where `$0` was (absent when the fixture has no marker). */
  cursor?: { uri: string; position: Position; text: string };
  /** URI of a fixture path (`/driver.c`). */
  uri(path: string): string;
  /** Text of a fixture file by path or URI. */
  text(pathOrUri: string): string;
}

const SEPARATOR = /^\/\/- (\S+)[^\n]*$/;

/** Splits fixture text into files; `$0` stays in the text (see parseFixture). */
export function splitFixture(source: string): { path: string; text: string }[] {
  const lines = source.split('\n');
  // A leading newline of a template literal is not part of the first file.
  if (lines[0].trim() === '') lines.shift();
  const files: { path: string; lines: string[] }[] = [];
  for (const line of lines) {
    const m = SEPARATOR.exec(line.trim());
    if (m) files.push({ path: m[1].startsWith('/') ? m[1] : '/' + m[1], lines: [] });
    else {
      if (files.length === 0) files.push({ path: '/driver.c', lines: [] });
      files[files.length - 1].lines.push(line);
    }
  }
  return files.map((f) => ({ path: f.path, text: f.lines.join('\n') }));
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Parses a fixture and builds its model. */
export function parseFixture(source: string): Fixture {
  const files: FixtureFile[] = [];
  let cursor: Fixture['cursor'];
  for (const f of splitFixture(source)) {
    const uri = FIXTURE_ROOT + f.path;
    const at = f.text.indexOf('$0');
    let text = f.text;
    if (at >= 0) {
      text = text.slice(0, at) + text.slice(at + 2);
      cursor = { uri, position: positionOf(text, at), text };
    }
    files.push({ path: f.path, uri, text });
  }
  const model = buildWorkspaceModel(
    files.map((f) => ({ uri: f.uri, relPath: f.path.slice(1), facts: extractFacts(f.text) })),
    [FIXTURE_ROOT],
  );
  const uri = (path: string): string => FIXTURE_ROOT + (path.startsWith('/') ? path : '/' + path);
  const text = (pathOrUri: string): string => {
    const wanted = pathOrUri.startsWith('file:') ? pathOrUri : uri(pathOrUri);
    const file = files.find((f) => f.uri === wanted);
    if (!file) throw new Error(`no fixture file ${pathOrUri}`);
    return file.text;
  };
  return { model, files, cursor, uri, text };
}

/** The cursor of a fixture, failing the test when the fixture has no `$0`. */
export function cursorOf(fixture: Fixture): { uri: string; position: Position; text: string } {
  if (!fixture.cursor) throw new Error('fixture has no $0 cursor marker');
  return fixture.cursor;
}
