// The token under the cursor (features/tokenAt.ts) and position arithmetic (util/positions.ts):
// comments, strings, raw strings and line splices hide tokens; bad positions are clamped.
import * as assert from 'node:assert/strict';
import { isInCommentOrString, tokenAt } from '../../server/src/features/tokenAt';
import { LineIndex } from '../../server/src/util/positions';

function wordAt(text: string): string | null {
  const at = text.indexOf('$0');
  const clean = text.slice(0, at) + text.slice(at + 2);
  return tokenAt(clean, new LineIndex(clean).positionAt(at))?.word ?? null;
}

suite('hover tokens', () => {
  test('identifiers in code, including the cursor just after the word', () => {
    assert.equal(wordAt('x = IRP_MJ_$0READ;'), 'IRP_MJ_READ');
    assert.equal(wordAt('x = IRP_MJ_READ$0;'), 'IRP_MJ_READ');
    assert.equal(wordAt('x = $0 ;'), null);
  });

  test('nothing inside comments, strings and character literals', () => {
    assert.equal(wordAt('// IRP_MJ_$0READ'), null);
    assert.equal(wordAt('/* a\n IRP_MJ_$0READ */ x'), null);
    assert.equal(wordAt('s = "IRP_MJ_$0READ";'), null);
    assert.equal(wordAt("c = 'I$0';"), null);
    assert.equal(wordAt('s = "a\\"b"; IRP_MJ_$0READ'), 'IRP_MJ_READ');
    assert.equal(wordAt('s = R"x(IRP_MJ_$0READ)x";'), null);
    assert.equal(wordAt('s = R"x( " )x"; IRP_MJ_$0READ'), 'IRP_MJ_READ');
  });

  test('a line comment continued with a backslash hides the next line too', () => {
    assert.equal(wordAt('// note \\\nIRP_MJ_$0READ\n'), null);
    assert.equal(wordAt('// note\nIRP_MJ_$0READ\n'), 'IRP_MJ_READ');
    assert.equal(isInCommentOrString('/* open', 5), true);
  });

  test('positions past the end of a line or the text are clamped; CRLF lines count once', () => {
    const lines = new LineIndex('ab\r\ncd\n');
    assert.equal(lines.lineCount, 3);
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(lines.offsetAt({ line: 1, character: 1 }), 5);
    assert.equal(lines.offsetAt({ line: 50, character: 0 }), 7);
    assert.equal(lines.offsetAt({ line: -1, character: 3 }), 0);
    assert.deepEqual(lines.positionAt(5), { line: 1, character: 1 });
    assert.deepEqual(lines.positionAt(999), { line: 2, character: 0 });
    assert.equal(tokenAt('abc', { line: 7, character: 7 })?.word, 'abc');
  });
});
