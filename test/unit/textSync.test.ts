// didChange content changes applied in one pass (textSync.ts) give exactly the text the library's
// one-by-one update gives, for random backwards edits, CRLF text and edits it must decline.
import * as assert from 'node:assert/strict';
import {
  TextDocument,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-textdocument';
import { applyBackwards, textDocumentSync } from '../../server/src/textSync';
import { prng } from './fuzzSupport';

const PIECES = ['a', 'bc', ' ', '\n', '\r\n', 'Major', 'Function', '[', ']', ';', '\t'];

function randomText(rand: () => number, length: number): string {
  let s = '';
  while (s.length < length) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

/** Up to `count` non-overlapping ranges over `doc`, from the end backwards (as VS Code sends them). */
function backwardsChanges(
  rand: () => number,
  doc: TextDocument,
  count: number,
): TextDocumentContentChangeEvent[] {
  const cuts = Array.from({ length: count * 2 }, () =>
    Math.floor(rand() * (doc.getText().length + 1)),
  ).sort((a, b) => b - a);
  const changes: TextDocumentContentChangeEvent[] = [];
  for (let i = 0; i + 1 < cuts.length; i += 2) {
    const range = { start: doc.positionAt(cuts[i + 1]), end: doc.positionAt(cuts[i]) };
    changes.push({ range, text: randomText(rand, Math.floor(rand() * 6)) });
  }
  return changes;
}

/** A fresh document with the same text: the library's update changes its document in place. */
function copyOf(doc: TextDocument): TextDocument {
  return TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
}

function oneByOne(doc: TextDocument, changes: TextDocumentContentChangeEvent[]): string {
  return TextDocument.update(copyOf(doc), changes, doc.version + 1).getText();
}

suite('textSync', () => {
  test('backwards edits in one pass give the text of the one-by-one update', () => {
    const rand = prng(7);
    for (let round = 0; round < 300; round++) {
      const doc = TextDocument.create('file:///t.c', 'c', 1, randomText(rand, 40 + round * 3));
      const changes = backwardsChanges(rand, doc, 1 + Math.floor(rand() * 20));
      const expected = oneByOne(doc, changes);
      assert.equal(applyBackwards(doc, changes), expected, `round ${round}`);
      const synced = textDocumentSync.update(copyOf(doc), changes, 2);
      assert.equal(synced.getText(), expected);
      assert.equal(synced.version, 2);
      // The line index of the result is right too.
      const last = synced.positionAt(expected.length);
      assert.equal(synced.offsetAt(last), expected.length);
    }
  });

  test('forward, overlapping, full-text and past-the-line edits are left to the library', () => {
    const doc = TextDocument.create('file:///t.c', 'c', 1, 'ab\ncd\nef\n');
    const at = (line: number, character: number) => ({ line, character });
    const forward = [
      { range: { start: at(0, 0), end: at(0, 1) }, text: 'X' },
      { range: { start: at(2, 0), end: at(2, 1) }, text: 'Y' },
    ];
    const overlapping = [
      { range: { start: at(1, 0), end: at(1, 2) }, text: 'X' },
      { range: { start: at(0, 1), end: at(1, 1) }, text: 'Y' },
    ];
    const pastLineEnd = [
      { range: { start: at(1, 1), end: at(1, 1) }, text: 'XYZ' },
      { range: { start: at(0, 9), end: at(0, 9) }, text: 'Q' },
    ];
    for (const changes of [forward, overlapping, pastLineEnd, [{ text: 'whole' }]]) {
      assert.equal(applyBackwards(doc, changes), undefined);
      const many = Array.from({ length: 4 }, () => changes).flat();
      // Through the server's configuration: the library's result, whatever the count.
      assert.equal(textDocumentSync.update(copyOf(doc), many, 2).getText(), oneByOne(doc, many));
    }
  });
});
