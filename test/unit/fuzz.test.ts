// Fuzzing the lexer, the fact recognizers and the features downstream of them: random code units,
// random C token soup, mutated fixture drivers and every truncation of a fixture. Seeded, bounded,
// a few seconds in all. Asserts no exception (the catch-all in extractFacts would hide one, so an
// "internal error" skip counts as a failure) and well-formed facts.
import * as assert from 'node:assert/strict';
import { computeCodeActions } from '../../server/src/features/codeActions';
import { computeCompletion } from '../../server/src/features/completion';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { computeHover } from '../../server/src/features/hover';
import { isInCommentOrString } from '../../server/src/features/tokenAt';
import { WorkspaceIndex } from '../../server/src/index/workspaceIndex';
import {
  extractDefinitions,
  extractFacts,
  mayContainFacts,
} from '../../server/src/syntax/dispatchFacts';
import type { FileFacts } from '../../server/src/syntax/factTypes';
import type { TextEdit } from 'vscode-languageserver';
import { lex } from '../../server/src/syntax/lexer';
import { assertWellFormed, countRecognizerWork, prng, randInt, robustFixture } from './fuzzSupport';

/** C tokens and fragments the recognizers react to: soup made of them reaches every recognizer. */
const VOCABULARY = [
  'DriverObject',
  '->',
  'MajorFunction',
  '[',
  ']',
  '=',
  'IRP_MJ_READ',
  'IRP_MJ_CREATE',
  '0x0e',
  '28',
  'Handler',
  '(',
  ')',
  '{',
  '}',
  ';',
  ',',
  '&',
  '*',
  '::',
  '.',
  'for',
  'i',
  '<',
  '<=',
  '++',
  'IRP_MJ_MAXIMUM_FUNCTION',
  'DriverEntry',
  'NTSTATUS',
  'PDRIVER_OBJECT',
  'PIRP',
  'DRIVER_DISPATCH',
  '_Dispatch_type_',
  '__drv_dispatchType',
  '_Use_decl_annotations_',
  '_Function_class_',
  'DRIVER_INITIALIZE',
  'IoRegisterShutdownNotification',
  'FltRegisterFilter',
  'AddDevice',
  'DriverExtension',
  'DriverUnload',
  'static',
  'const',
  'PDRIVER_DISPATCH',
  'auto',
  ':',
  'R"x(',
  ')x"',
  '"',
  "'",
  'L"s"',
  '/*',
  '*/',
  '//',
  '\\\n',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '#if 0\n',
  '#if 1\n',
  '#ifdef X\n',
  '#else\n',
  '#elif Y\n',
  '#endif\n',
  '#define M(d) ',
  '#pragma prefast(suppress: 28168)\n',
  '#pragma warning(disable: 28169)\n',
  '// wdm-ignore missing-required-handler\n',
  '#',
  '##',
  'class',
  'namespace',
  'template',
  '>',
  'extern "C"',
  'return',
  'STATUS_SUCCESS',
  'case',
  'switch',
  'FLT_OPERATION_REGISTRATION',
  'IRP_MJ_OPERATION_END',
  'NULL',
  'sizeof',
  'ARRAYSIZE',
  '\u00e9',
  '\ud800',
  '\ufeff',
];

function soup(rand: () => number, tokens: number): string {
  let out = '';
  for (let i = 0; i < tokens; i++) {
    out += VOCABULARY[randInt(rand, VOCABULARY.length)];
    if (rand() < 0.5) out += ' ';
  }
  return out;
}

/** Random UTF-16 code units, mostly printable ASCII so that the binary sniffing lets them through. */
function codeUnits(rand: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const r = rand();
    if (r < 0.85) out += String.fromCharCode(32 + randInt(rand, 95));
    else if (r < 0.93) out += '\n';
    else if (r < 0.97) out += String.fromCharCode(randInt(rand, 0x10000));
    else out += String.fromCharCode(randInt(rand, 32));
  }
  return out;
}

/** Splits text into tokens and the gaps between them, so token mutations keep the rest intact. */
function pieces(text: string): string[] {
  return text.match(/[A-Za-z_]\w*|\d\w*|\s+|->|::|<=|>=|==|\+\+|\/\*|\*\/|\/\/|[\s\S]/g) ?? [];
}

function mutate(rand: () => number, text: string): string {
  const parts = pieces(text);
  const edits = 1 + randInt(rand, 6);
  for (let e = 0; e < edits && parts.length > 0; e++) {
    const at = randInt(rand, parts.length);
    switch (randInt(rand, 8)) {
      case 0: // delete a token
        parts.splice(at, 1);
        break;
      case 1: // duplicate a run of tokens
        parts.splice(at, 0, ...parts.slice(at, at + 1 + randInt(rand, 12)));
        break;
      case 2: {
        // swap two tokens
        const other = randInt(rand, parts.length);
        [parts[at], parts[other]] = [parts[other], parts[at]];
        break;
      }
      case 3: // insert a vocabulary token
        parts.splice(at, 0, VOCABULARY[randInt(rand, VOCABULARY.length)]);
        break;
      case 4: {
        // delete one character inside a token
        const p = parts[at];
        const c = randInt(rand, p.length);
        parts[at] = p.slice(0, c) + p.slice(c + 1);
        break;
      }
      case 5: {
        // insert a random character
        const p = parts[at];
        const c = randInt(rand, p.length + 1);
        parts[at] = p.slice(0, c) + String.fromCharCode(randInt(rand, 128)) + p.slice(c);
        break;
      }
      case 6: // delete a long run (a whole brace or directive may go)
        parts.splice(at, 1 + randInt(rand, 40));
        break;
      default: {
        // move a run elsewhere
        const run = parts.splice(at, 1 + randInt(rand, 20));
        parts.splice(randInt(rand, parts.length + 1), 0, ...run);
      }
    }
  }
  return parts.join('');
}

function checkFacts(text: string, label: string): FileFacts {
  mayContainFacts(text);
  const facts = extractFacts(text);
  assert.ok(
    !facts.skippedReason?.startsWith('internal error'),
    `${label}: a recognizer threw: ${facts.skippedReason} (input ${JSON.stringify(text.slice(0, 200))})`,
  );
  assertWellFormed(facts, text, label);
  const names = new Set([
    'RobustRead',
    'Create',
    'robust::Device::Close',
    'Handler',
    'DriverEntry',
  ]);
  const definitions = extractDefinitions(text, names);
  assertWellFormed({ ...facts, functions: definitions }, text, `${label} (definitions)`);
  return facts;
}

/** Applies LSP text edits (sorted, non-overlapping, inside the text: asserted) to `text`. */
function applyEdits(text: string, edits: TextEdit[], label: string): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => {
    assert.ok(
      p.line >= 0 && p.line < lines.length,
      `${label}: edit line ${p.line} outside the text`,
    );
    const lineText = lines[p.line].replace(/\r$/, '');
    assert.ok(
      p.character >= 0 && p.character <= lineText.length,
      `${label}: edit column ${p.character}`,
    );
    let at = p.character;
    for (let l = 0; l < p.line; l++) at += lines[l].length + 1;
    return at;
  };
  const spans = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start);
  for (let k = 0; k < spans.length; k++) {
    assert.ok(spans[k].start <= spans[k].end, `${label}: edit ends before it starts`);
    if (k > 0) assert.ok(spans[k - 1].end <= spans[k].start, `${label}: edits overlap`);
  }
  let out = text;
  for (const span of [...spans].reverse()) {
    out = out.slice(0, span.start) + span.text + out.slice(span.end);
  }
  return out;
}

/** Runs the features the server answers with over the text: none may throw; fixes apply cleanly. */
function checkFeatures(text: string, rand: () => number, label: string): number {
  let fixesApplied = 0;
  const uri = 'file:///ws/drv/driver.c';
  const index = new WorkspaceIndex(['file:///ws']);
  index.setOpen(uri, text, 1);
  const model = index.model;
  const diagnostics = computeDiagnostics(model, uri, { severities: {} });
  for (const d of diagnostics.slice(0, 6)) {
    const actions = computeCodeActions(model, { uri, version: 1, text }, d.range, [d]);
    for (const action of actions) {
      for (const change of action.edit?.documentChanges ?? []) {
        if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
        assert.equal(change.textDocument.version, 1, `${label}: fix for the document's version`);
        const fixed = applyEdits(text, change.edits as TextEdit[], `${label} ${action.title}`);
        checkFacts(fixed, `${label} after "${action.title}"`);
        fixesApplied++;
      }
    }
  }
  const lines = text.split('\n');
  for (let k = 0; k < 4; k++) {
    const line = randInt(rand, lines.length + 1);
    const position = { line, character: randInt(rand, (lines[line]?.length ?? 0) + 2) };
    try {
      computeHover(model, uri, text, position);
      computeCompletion(model, uri, text, position);
      computeCodeActions(
        model,
        { uri, version: 1, text },
        { start: position, end: position },
        diagnostics,
      );
    } catch (error) {
      assert.fail(`${label}: a feature threw at ${JSON.stringify(position)}: ${String(error)}`);
    }
  }
  return fixesApplied;
}

suite('fuzz: lexer and recognizers', () => {
  test('random code units: no exception, tokens inside the text and in order', () => {
    const rand = prng(0x5eed01);
    for (let iteration = 0; iteration < 300; iteration++) {
      const text = codeUnits(rand, randInt(rand, 1500));
      const stream = lex(text, { keepComments: true });
      let previousEnd = 0;
      for (let i = 0; i < stream.count; i++) {
        const s = stream.start[i];
        const e = stream.end[i];
        assert.ok(
          s >= previousEnd && e > s && e <= text.length,
          `token ${i} of input ${iteration}`,
        );
        previousEnd = e;
      }
      checkFacts(text, `random input ${iteration}`);
    }
  });

  test('random C token soup: no exception, well-formed facts, features answer', () => {
    const rand = prng(0x5eed02);
    for (let iteration = 0; iteration < 400; iteration++) {
      const text = soup(rand, randInt(rand, 400));
      checkFacts(text, `soup ${iteration}`);
      if (iteration % 8 === 0) checkFeatures(text, rand, `soup ${iteration}`);
    }
  });

  test('mutated fixture drivers (C and C++): no exception, well-formed facts, features answer', () => {
    const rand = prng(0x5eed03);
    const sources = [robustFixture('driver.c'), robustFixture('driver.cpp')];
    let withRegistrations = 0;
    let fixesApplied = 0;
    for (let iteration = 0; iteration < 400; iteration++) {
      const text = mutate(rand, sources[iteration % sources.length]);
      const facts = checkFacts(text, `mutant ${iteration}`);
      if (facts.registrations.length > 0) withRegistrations++;
      if (iteration % 10 === 0) fixesApplied += checkFeatures(text, rand, `mutant ${iteration}`);
    }
    // Small mutations leave most registrations readable: the fuzzer reaches the recognizers.
    assert.ok(withRegistrations > 300, `only ${withRegistrations} mutants kept a registration`);
    assert.ok(fixesApplied > 10, `only ${fixesApplied} quick fixes were applied to mutants`);
  });

  test('every truncation of the C fixture: no exception, well-formed facts', () => {
    const text = robustFixture('driver.c');
    assert.ok(text.length > 3000, 'the fixture is the ~3 KB driver');
    const full = extractFacts(text);
    assert.ok(full.registrations.length >= 5, 'the whole fixture has its registrations');
    for (let cut = 0; cut <= text.length; cut++) {
      const prefix = text.slice(0, cut);
      const facts = checkFacts(prefix, `prefix of ${cut} characters`);
      // A prefix never holds more registrations than the whole file (nothing is invented).
      assert.ok(facts.registrations.length <= full.registrations.length + 1, `prefix ${cut}`);
    }
  });

  test('comment and string detection with cached scan checkpoints answers like a fresh scan', () => {
    const rand = prng(0x5eed04);
    const pieces = [
      '/*',
      '*/',
      '//',
      '\n',
      '"',
      "'",
      '\\',
      'R"x(',
      ')x"',
      'abc ',
      '\\\n',
      '\r\n',
      ' x = 1;',
    ];
    for (let round = 0; round < 6; round++) {
      let text = '';
      while (text.length < 20_000) text += pieces[randInt(rand, pieces.length)];
      for (let q = 0; q < 150; q++) {
        const offset = randInt(rand, text.length + 2);
        const warm = isInCommentOrString(text, offset);
        isInCommentOrString('reset', 0); // another text drops the checkpoints
        const fresh = isInCommentOrString(text, offset);
        assert.equal(warm, fresh, `round ${round}, offset ${offset}`);
        // Warm the checkpoints again at a random place before the next query.
        isInCommentOrString(text, randInt(rand, text.length));
      }
    }
    // A checkpoint can fall on a line comment's end, where the cursor counts as inside it.
    const text = 'x'.repeat(4090) + '// comment\n' + 'y'.repeat(5000);
    const commentEnd = text.indexOf('\n');
    isInCommentOrString('reset', 0);
    isInCommentOrString(text, text.length);
    assert.equal(isInCommentOrString(text, commentEnd), true);
    assert.equal(isInCommentOrString(text, commentEnd + 1), false);
  });

  test('every truncation of the C++ fixture from the front: no exception', () => {
    const text = robustFixture('driver.cpp');
    for (let cut = 0; cut < text.length; cut += 3) {
      checkFacts(text.slice(cut), `suffix from ${cut}`);
    }
  });
});

/**
 * Inputs built from a repeated unit; each stresses one recognizer's scanning (unclosed brackets,
 * chains without a semicolon, directives, annotations without a declaration, ...).
 */
const PATHOLOGICAL: Record<string, (n: number) => string> = {
  'the fixture driver repeated': (n) => robustFixture('driver.c').repeat(Math.ceil(n / 40)),
  'unclosed parentheses': (n) => 'f('.repeat(n),
  'unclosed braces after a DriverEntry header': (n) =>
    'NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject) {'.repeat(n),
  'unclosed MajorFunction brackets': (n) => 'DriverObject->MajorFunction['.repeat(n),
  'writes without semicolons, one per line': (n) =>
    'DriverObject->MajorFunction[IRP_MJ_READ] = H\n'.repeat(n),
  'unclosed loop headers over every slot': (n) =>
    'for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {'.repeat(n),
  'annotations with nothing annotated': (n) => '_Dispatch_type_(IRP_MJ_READ) '.repeat(n),
  prototypes: (n) =>
    '_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH R;\nNTSTATUS f(PIRP Irp);\n'.repeat(n),
  'nested #if 0': (n) => '#if 0\n'.repeat(n),
  'defines of registrations': (n) =>
    '#define SET(d) (d)->MajorFunction[IRP_MJ_READ] = H\n'.repeat(n),
  'unterminated strings and chars': (n) => '"abc\n\'x\n'.repeat(n),
  'invocations of a registering macro': (n) =>
    '#define SET(d, s, h) (d)->MajorFunction[s] = (h)\nNTSTATUS DriverEntry(PDRIVER_OBJECT d) {\n' +
    'SET(d, IRP_MJ_READ, OnRead);\n'.repeat(n),
  'macros invoking macros': (n) =>
    '#define A(d) (d)->MajorFunction[IRP_MJ_READ] = H\n#define B(d) A(d); A(d)\n' +
    'void f(PDRIVER_OBJECT d) {\n' +
    'B(d);\n'.repeat(n),
  'redefined macros': (n) =>
    '#define SET(d) (d)->MajorFunction[IRP_MJ_READ] = H\nSET(x);\n'.repeat(n),
  'registration calls left open': (n) => 'IoRegisterShutdownNotification('.repeat(n),
  'template-like angle brackets': (n) => 'a<b<'.repeat(n),
  'open table initializers': (n) => 'PDRIVER_DISPATCH t[] = {'.repeat(n),
  'raw strings without a delimiter': (n) => 'R"a" '.repeat(n),
  suppressions: (n) => '#pragma warning(disable: 28168)\n// wdm-ignore x\n'.repeat(n),
  'minifilter callbacks': (n) => '{ IRP_MJ_CREATE, 0, Pre, Post },'.repeat(n),
  'qualified names': (n) => 'a::'.repeat(n),
};

suite('fuzz: recognizer work grows linearly with the input', () => {
  for (const [name, make] of Object.entries(PATHOLOGICAL)) {
    test(name, () => {
      const work = [200, 400, 800].map((n) =>
        countRecognizerWork(() => {
          extractFacts(make(n));
          extractDefinitions(make(n), new Set(['H', 'R', 'DriverEntry']));
        }),
      );
      // Doubling the input may not much more than double the work (constant overheads make
      // small inputs relatively dearer, so a ratio below 2 is fine).
      for (let k = 1; k < work.length; k++) {
        const ratio = work[k] / work[k - 1];
        assert.ok(
          ratio < 2.4,
          `work ${work.join(' -> ')}: doubling the input multiplied it by ${ratio.toFixed(2)}`,
        );
      }
    });
  }
});
