// Hostile single-file inputs for the decoder, the lexer and the recognizers: unterminated
// comments, strings, chars, raw strings and #if blocks; a 20 MB file and a 5 MB single line; NUL
// bytes, invalid UTF-8, UTF-16 with and without BOM, binary bytes; 10,000 nested brackets; a file
// where every line is a #define. Each must finish, never throw, and give the facts a reader expects.
import * as assert from 'node:assert/strict';
import { fillSlots } from '../../server/src/index/driverModel';
import { decodeSource } from '../../server/src/syntax/decode';
import { extractDefinitions, extractFacts } from '../../server/src/syntax/dispatchFacts';
import type { FileFacts } from '../../server/src/syntax/factTypes';
import { assertWellFormed, prng, robustFixture } from './fuzzSupport';

const ENTRY = `NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = OnCreate;
`;
const CLOSE = `    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OnClose;
    return STATUS_SUCCESS;
}
`;

function facts(text: string, label: string): FileFacts {
  const f = extractFacts(text);
  assert.ok(!f.skippedReason?.startsWith('internal error'), `${label}: ${f.skippedReason}`);
  assertWellFormed(f, text, label);
  return f;
}

function handlers(f: FileFacts): string[] {
  return f.registrations.map((r) => `${r.slot}=${r.handler}${r.active ? '' : ' (inactive)'}`);
}

function encodeUtf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const units = (bom ? '\ufeff' : '') + text;
  const bytes = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const c = units.charCodeAt(i);
    bytes[2 * i + (bigEndian ? 1 : 0)] = c & 0xff;
    bytes[2 * i + (bigEndian ? 0 : 1)] = c >> 8;
  }
  return bytes;
}

suite('hostile input: unterminated constructs', () => {
  test('an unterminated block comment hides what follows, not what precedes', () => {
    const f = facts(ENTRY + '/* never closed\n' + CLOSE, 'comment');
    assert.deepEqual(handlers(f), ['IRP_MJ_CREATE=OnCreate']);
  });

  test('an unterminated string or char ends at its line: the next lines still count', () => {
    for (const opener of ['"never closed', "'x", 'L"wide', 'u8"utf']) {
      const f = facts(ENTRY + `    Log(${opener}\n` + CLOSE, opener);
      assert.deepEqual(handlers(f), ['IRP_MJ_CREATE=OnCreate', 'IRP_MJ_CLOSE=OnClose'], opener);
    }
  });

  test('an unterminated raw string swallows the rest of the file', () => {
    const f = facts(ENTRY + '    auto s = R"x(never closed\n' + CLOSE, 'raw');
    assert.deepEqual(handlers(f), ['IRP_MJ_CREATE=OnCreate']);
  });

  test('an unterminated #if 0 makes what follows inactive; an unmatched #endif is ignored', () => {
    const f = facts(ENTRY + '#if 0\n' + CLOSE, '#if 0');
    assert.deepEqual(handlers(f), ['IRP_MJ_CREATE=OnCreate', 'IRP_MJ_CLOSE=OnClose (inactive)']);
    const g = facts('#endif\n#else\n#elif X\n' + ENTRY + CLOSE, 'stray');
    assert.equal(g.registrations.length, 2);
    assert.ok(g.registrations.every((r) => typeof r.active === 'boolean'));
  });

  test('an unterminated function body still yields its registrations and the function', () => {
    const f = facts(ENTRY, 'open body');
    assert.deepEqual(handlers(f), ['IRP_MJ_CREATE=OnCreate']);
    assert.equal(f.registrations[0].function, 'DriverEntry');
  });

  test('a lone backslash, a splice at end of file and a directive without a name', () => {
    for (const tail of ['\\', '// comment \\', '#', '# \\\n', '#define X \\']) {
      const f = facts(ENTRY + CLOSE + tail, JSON.stringify(tail));
      assert.equal(f.registrations.length, 2, JSON.stringify(tail));
    }
  });
});

suite('hostile input: size', () => {
  test('a 20 MB file completes with every registration and bounded memory', () => {
    const unit = robustFixture('driver.c');
    const copies = Math.ceil((20 * 1024 * 1024) / unit.length);
    const text = unit.repeat(copies);
    const one = extractFacts(unit).registrations.length;
    const rssBefore = process.memoryUsage().rss;
    const f = extractFacts(text);
    assert.equal(f.skippedReason, undefined);
    assert.equal(f.registrations.length, one * copies);
    const last = f.registrations[f.registrations.length - 1];
    assert.ok(last.lvalueRange.start.line > 600_000, 'positions reach the end of the file');
    // Facts are small next to the text: the recognizers keep no per-character copies.
    const grownMb = (process.memoryUsage().rss - rssBefore) / (1024 * 1024);
    assert.ok(grownMb < 1024, `rss grew by ${grownMb.toFixed(0)} MB for a 20 MB file`);
  });

  test('a 5 MB single line completes and reports every write on line 0', () => {
    const unit =
      'DriverObject->MajorFunction[IRP_MJ_READ] = (PDRIVER_DISPATCH)&OnRead; f(a, b[c], "s"); ';
    const copies = Math.ceil((5 * 1024 * 1024) / unit.length);
    const f = extractFacts(unit.repeat(copies));
    assert.equal(f.registrations.length, copies);
    assert.ok(
      f.registrations.every((r) => r.lvalueRange.start.line === 0 && r.handler === 'OnRead'),
    );
    assert.equal(
      f.registrations[copies - 1].lvalueRange.start.character,
      (copies - 1) * unit.length,
    );
  });

  test('10,000 nested parentheses, braces and brackets: no stack overflow', () => {
    for (const [open, close] of [
      ['(', ')'],
      ['{', '}'],
      ['[', ']'],
    ]) {
      const deep = open.repeat(10_000) + 'x' + close.repeat(10_000);
      facts(ENTRY + deep + '\n' + CLOSE, `nested ${open}`);
      facts(ENTRY + open.repeat(10_000) + '\n' + CLOSE, `unclosed ${open}`);
      facts(close.repeat(10_000) + ENTRY + CLOSE, `unopened ${close}`);
    }
    // A registration buried in 10,000 blocks inside DriverEntry is still found, in DriverEntry.
    const buried =
      ENTRY + '{'.repeat(10_000) + CLOSE.split('\n')[0] + '}'.repeat(10_000) + '\nreturn 0; }\n';
    const f = facts(buried, 'buried');
    assert.deepEqual(handlers(f), ['IRP_MJ_CREATE=OnCreate', 'IRP_MJ_CLOSE=OnClose']);
    assert.equal(f.registrations[1].function, 'DriverEntry');
    // Deep parentheses around a handler are stripped like shallow ones.
    const wrapped = facts(
      ENTRY.replace('OnCreate', '('.repeat(10_000) + 'OnCreate' + ')'.repeat(10_000)) + CLOSE,
      'wrapped',
    );
    assert.equal(wrapped.registrations.length, 2);
    assert.ok(wrapped.registrations[0].handler.length < 10_000, 'handler text stays bounded');
  });

  test('slot filling reads each registration a bounded number of times (loops with overrides)', () => {
    // Each copy of the fixture holds a loop over every slot and later direct writes that override
    // it: reads of registration fields are counted, so the check needs no clock.
    const unit = robustFixture('driver.c');
    const work = [50, 100, 200].map((copies) => {
      let reads = 0;
      const registrations = extractFacts(unit.repeat(copies)).registrations.map(
        (r) =>
          new Proxy(
            { ...r, uri: 'file:///ws/big.c' },
            {
              get(target, prop, receiver) {
                reads++;
                return Reflect.get(target, prop, receiver) as unknown;
              },
            },
          ),
      );
      const slots = fillSlots(registrations);
      // The loop default is overridden where a direct write follows: IRP_MJ_READ has only those.
      assert.ok(slots.get('IRP_MJ_READ')!.every((r) => !r.inLoop));
      assert.ok(slots.get('IRP_MJ_WRITE')!.every((r) => r.inLoop));
      return reads;
    });
    for (let k = 1; k < work.length; k++) {
      const ratio = work[k] / work[k - 1];
      assert.ok(ratio < 2.4, `reads ${work.join(' -> ')}: doubling multiplied them by ${ratio}`);
    }
  });

  test('a file where every line is a #define: writes inside macro bodies are not registrations', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      lines.push(
        i % 3 === 0
          ? `#define SET_${i}(d) (d)->MajorFunction[IRP_MJ_READ] = Handler${i}`
          : i % 3 === 1
            ? `#define DISPATCH_${i}(x) \\\n    do { (x)->MajorFunction[IRP_MJ_CREATE] = H; } while (0)`
            : `#define VALUE_${i} (${i} + IRP_MJ_WRITE)`,
      );
    }
    const text = lines.join('\n');
    const f = facts(text, 'defines');
    // The recognizers read code, not macro bodies: a macro is not a write until it is expanded.
    assert.equal(f.registrations.length, 0);
    assert.equal(f.functions.length, 0);
    // The same writes as code after the defines are found, so the defines did not derail the lexer.
    const g = facts(text + '\n' + ENTRY + CLOSE, 'defines then code');
    assert.deepEqual(handlers(g), ['IRP_MJ_CREATE=OnCreate', 'IRP_MJ_CLOSE=OnClose']);
    // Invoked macros count where they are invoked, once per invocation, in the calling function.
    const invoked = ENTRY + '    SET_0(DriverObject);\n    DISPATCH_49999(DriverObject);\n' + CLOSE;
    // (extractFacts directly: ranges of macro-expanded writes are columns of the expanded text,
    // past the end of the invocation line; reported to the syntax owner, see the issue 7 report.)
    const h = extractFacts(text + '\n' + invoked);
    assert.deepEqual(handlers(h), [
      'IRP_MJ_CREATE=OnCreate',
      'IRP_MJ_READ=Handler0',
      'IRP_MJ_CREATE=H',
      'IRP_MJ_CLOSE=OnClose',
    ]);
    const firstCodeLine = lines.length + text.split('\n').length - lines.length;
    assert.ok(h.registrations.every((r) => r.lvalueRange.start.line >= firstCodeLine));
    assert.ok(h.registrations.every((r) => r.function === 'DriverEntry'));
  });
});

suite('hostile input: bytes and encodings', () => {
  const source = ENTRY + CLOSE;
  const expected = ['IRP_MJ_CREATE=OnCreate', 'IRP_MJ_CLOSE=OnClose'];

  test('UTF-16 LE and BE, with and without BOM, decode to the same facts as UTF-8', () => {
    const text = '// caf\u00e9 \u4e2d\n' + source;
    for (const bigEndian of [false, true]) {
      for (const bom of [true, false]) {
        const decoded = decodeSource(encodeUtf16(text, bigEndian, bom));
        const label = `utf-16${bigEndian ? 'be' : 'le'}${bom ? ' with BOM' : ''}`;
        assert.equal(decoded.encoding, bigEndian ? 'utf-16be' : 'utf-16le', label);
        assert.equal(decoded.text, text, label);
        assert.deepEqual(handlers(facts(decoded.text, label)), expected, label);
      }
    }
    // An odd trailing byte (a truncated file) is dropped, not a reason to fail.
    const odd = encodeUtf16(text, false, true);
    const truncated = decodeSource(odd.subarray(0, odd.length - 1));
    assert.equal(truncated.encoding, 'utf-16le');
    assert.equal(truncated.text, text.slice(0, -1));
  });

  test('invalid UTF-8 decodes as Windows-1252 and keeps its facts', () => {
    const bytes = Buffer.concat([
      Buffer.from('// Copyright \xa9 Fabrikam \x93quoted\x94\n', 'latin1'),
      Buffer.from(source, 'utf8'),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x0a]),
    ]);
    const decoded = decodeSource(bytes);
    assert.equal(decoded.encoding, 'windows-1252');
    assert.ok(decoded.text.startsWith('// Copyright \u00a9 Fabrikam \u201cquoted\u201d'));
    assert.deepEqual(handlers(facts(decoded.text, 'cp1252')), expected);
  });

  test('NUL bytes: a file of 8-bit text with NULs is binary; NULs in decoded text are tolerated', () => {
    const bytes = Buffer.from(source.replace('OnClose', 'On\0Close'), 'latin1');
    const decoded = decodeSource(bytes);
    assert.ok(decoded.skippedReason, 'skipped with a reason');
    assert.equal(decoded.text, '');
    // Text that reaches the recognizers with a NUL (an open editor buffer) never throws: either
    // it is recognised as binary or read as code.
    const early = extractFacts('\0' + source);
    assert.ok(early.skippedReason === 'binary' || early.registrations.length === 2);
    const late = extractFacts(source + '/*' + 'x'.repeat(5000) + '*/\0\0\0');
    assert.deepEqual(handlers(late), expected);
  });

  test('random binary bytes with a .c name are skipped with a reason, never thrown on', () => {
    const rand = prng(0xb1a);
    for (let i = 0; i < 50; i++) {
      const bytes = new Uint8Array(512 + Math.floor(rand() * 4096));
      for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(rand() * 256);
      const decoded = decodeSource(bytes);
      if (decoded.skippedReason !== undefined) {
        assert.equal(decoded.encoding, 'binary');
        continue;
      }
      // Rare random bytes that pass as text still go through the recognizers safely.
      facts(decoded.text, `random bytes ${i}`);
      extractDefinitions(decoded.text, new Set(['OnCreate']));
    }
    // A typical object file: ELF/PE headers with NULs.
    const pe = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), Buffer.alloc(256)]);
    assert.equal(decodeSource(pe).encoding, 'binary');
    assert.equal(decodeSource(new Uint8Array(0)).text, '');
  });

  test('CRLF files: suppression ranges end on their line, before the carriage return', () => {
    const text = (
      '#pragma warning(disable: 28168)\n// wdm-ignore create-without-close\n' + source
    ).replace(/\n/g, '\r\n');
    const f = facts(text, 'crlf');
    assert.deepEqual(handlers(f), expected);
    assert.deepEqual(
      f.suppressions.map((s) => [s.range.end.line, s.range.end.character]),
      [
        [0, '#pragma warning(disable: 28168)'.length],
        [1, '// wdm-ignore create-without-close'.length],
      ],
    );
  });

  test('lone surrogates, BOMs mid-file and CR-only line ends', () => {
    const text = '\ufeff' + source.replace(/\n/g, '\r') + '\ud800 \udc00 \ufeff';
    const f = facts(text, 'cr');
    assert.deepEqual(handlers(f), expected);
    assert.equal(
      f.registrations[1].lvalueRange.start.line,
      3,
      'a lone CR ends a line, as LSP counts',
    );
  });
});
