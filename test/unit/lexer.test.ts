// The lexer: token kinds and offsets, comments, literals (raw, unterminated), line splices, CRLF,
// preprocessor branches (which are on by default and their ids) and the line map.
import * as assert from 'node:assert/strict';
import { T_CHAR, T_IDENT, T_NUMBER, T_PUNCT, T_STRING, lex } from '../../server/src/syntax/lexer';
import { LineMap } from '../../server/src/syntax/lineMap';
import { conditionIsOn } from '../../server/src/syntax/preprocessor';
import { Tokens } from '../../server/src/syntax/tokens';

function tokens(text: string): string[] {
  const t = new Tokens(lex(text));
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) out.push(t.text(i));
  return out;
}

suite('lexer', () => {
  test('identifiers, numbers, punctuators including :: -> and compound operators', () => {
    assert.deepEqual(tokens('a->b[0x0e] = Foo::Bar; i <= 1.5e+3f; x <<= 2; p->*q; ++i;'), [
      'a',
      '->',
      'b',
      '[',
      '0x0e',
      ']',
      '=',
      'Foo',
      '::',
      'Bar',
      ';',
      'i',
      '<=',
      '1.5e+3f',
      ';',
      'x',
      '<<=',
      '2',
      ';',
      'p',
      '->*',
      'q',
      ';',
      '++',
      'i',
      ';',
    ]);
    const s = lex(`x "s" 'c' 42 +`);
    assert.deepEqual(Array.from(s.kind.slice(0, s.count)), [
      T_IDENT,
      T_STRING,
      T_CHAR,
      T_NUMBER,
      T_PUNCT,
    ]);
  });

  test('comments vanish, including unterminated ones and // comments continued by a splice', () => {
    assert.deepEqual(tokens('a /* b */ c // d \\\n e\nf /* g'), ['a', 'c', 'f']);
  });

  test('string and character literals: escapes, prefixes, raw strings, unterminated', () => {
    assert.deepEqual(tokens('L"a\\"b" u8"x" \'\\\'\' R"d(a )" b)d" z'), [
      'L"a\\"b"',
      'u8"x"',
      "'\\''",
      'R"d(a )" b)d"',
      'z',
    ]);
    assert.deepEqual(tokens('"open\nnext'), ['"open', 'next']);
  });

  test('an identifier split by a line splice is one token named without the splice', () => {
    assert.deepEqual(tokens('Major\\\r\nFunction[1]'), ['MajorFunction', '[', '1', ']']);
  });

  test('directives are not tokens; splices continue them; #pragma kept with its body', () => {
    const s = lex(
      '#define X(a) \\\n  a->MajorFunction[0] = 0\n#pragma prefast(suppress: 28169)\ny',
    );
    assert.deepEqual(
      s.directives.map((d) => `${d.name}: ${d.body}`),
      ['define: X(a)    a->MajorFunction[0] = 0', 'pragma: prefast(suppress: 28169)'],
    );
    assert.equal(s.count, 1);
  });

  test('conditional branches: #ifdef of an unknown macro off, #ifndef on, #if 0 off, nested ids', () => {
    const s = lex(`a
#ifdef X
b
#else
c
#endif
#if 0
d
#if 1
e
#endif
#elif defined(Y)
f
#else
g
#endif
#ifndef Z
h
#endif`);
    const t = new Tokens(s);
    const state: string[] = [];
    for (let i = 0; i < t.count; i++) {
      state.push(`${t.text(i)}${t.active(i) ? '' : '-off'}@${s.branches[s.branch[i]]}`);
    }
    assert.deepEqual(state, [
      'a@',
      'b-off@/1.0',
      'c@/1.1',
      'd-off@/2.0',
      'e-off@/2.0/3.0',
      'f-off@/2.1',
      'g@/2.2',
      'h@/4.0',
    ]);
  });

  test('#if conditions: constants and defined() by value, undecidable ones on', () => {
    assert.equal(conditionIsOn('defined(X)'), false);
    assert.equal(conditionIsOn('!defined X'), true);
    assert.equal(conditionIsOn('defined(ALLOC_PRAGMA) && 1'), true);
    assert.equal(conditionIsOn('defined(X)', new Set(['X'])), true);
    assert.equal(conditionIsOn('0'), false);
    assert.equal(conditionIsOn('(0)'), false);
    assert.equal(conditionIsOn('0 && defined(X)'), false);
    assert.equal(conditionIsOn('1'), true);
    assert.equal(conditionIsOn('defined(X) || Y > 2'), true);
    assert.equal(conditionIsOn('DBG'), true);
  });

  test('brackets match within on and off branches separately', () => {
    const t = new Tokens(lex('#ifdef A\nif (a) {\n#else\nif (b) {\n#endif\n x; }'));
    const open = [...Array(t.count).keys()].find((i) => t.is(i, '{') && t.active(i))!;
    assert.equal(t.text(open - 2), 'b');
    assert.equal(t.text(t.match[open]), '}');
  });

  test('line map: LF, CRLF and lone CR; UTF-16 columns', () => {
    const map = new LineMap('a\r\nb\nc\rd😀e');
    assert.deepEqual(map.position(3), { line: 1, character: 0 });
    assert.deepEqual(map.position(5), { line: 2, character: 0 });
    assert.deepEqual(map.position(10), { line: 3, character: 3 });
    assert.equal(map.lines, 4);
  });

  test('never throws and stays bounded on hostile input', () => {
    const hostile =
      '('.repeat(20000) +
      '"'.repeat(3) +
      '#if\n'.repeat(500) +
      '\\'.repeat(100) +
      '\u0000\uffff\ud800';
    const s = lex(hostile);
    assert.ok(s.count >= 20000);
    const t = new Tokens(s);
    assert.equal(t.match[0], -1);
  });
});
