// decodeSource: BOMs, UTF-16 with and without BOM, Windows-1252 fallback, binary detection, CRLF kept.
import * as assert from 'node:assert/strict';
import { decodeSource } from '../../server/src/syntax/decode';

const C_TEXT =
  'NTSTATUS DriverEntry(PDRIVER_OBJECT d)\r\n{\r\n  d->MajorFunction[IRP_MJ_READ] = R;\r\n}\r\n';

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  if (bigEndian) le.swap16();
  const prefix = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
  return Uint8Array.from([...prefix, ...le]);
}

suite('decode', () => {
  test('plain UTF-8 keeps CRLF and non-ASCII text', () => {
    const text = C_TEXT + '// größe — naïve\r\n';
    const r = decodeSource(Buffer.from(text, 'utf8'));
    assert.equal(r.encoding, 'utf-8');
    assert.equal(r.text, text);
    assert.equal(r.skippedReason, undefined);
  });

  test('UTF-8 BOM is removed from the text', () => {
    const r = decodeSource(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(C_TEXT)]));
    assert.equal(r.encoding, 'utf-8-bom');
    assert.equal(r.text, C_TEXT);
  });

  test('UTF-16 LE and BE with BOM', () => {
    const le = decodeSource(utf16(C_TEXT, false, true));
    assert.equal(le.encoding, 'utf-16le');
    assert.equal(le.text, C_TEXT);
    const be = decodeSource(utf16(C_TEXT, true, true));
    assert.equal(be.encoding, 'utf-16be');
    assert.equal(be.text, C_TEXT);
  });

  test('UTF-16 without BOM is recognised from the NUL pattern', () => {
    const le = decodeSource(utf16(C_TEXT, false, false));
    assert.equal(le.encoding, 'utf-16le');
    assert.equal(le.text, C_TEXT);
    const be = decodeSource(utf16(C_TEXT, true, false));
    assert.equal(be.encoding, 'utf-16be');
    assert.equal(be.text, C_TEXT);
  });

  test('invalid UTF-8 falls back to Windows-1252', () => {
    // 0x93/0x94 are curly quotes and 0xE9 is é in Windows-1252; alone they are invalid UTF-8.
    const bytes = Uint8Array.from([
      ...Buffer.from('// '),
      0x93,
      0x63,
      0x61,
      0x66,
      0xe9,
      0x94,
      0x0d,
      0x0a,
    ]);
    const r = decodeSource(bytes);
    assert.equal(r.encoding, 'windows-1252');
    assert.equal(r.text, '// \u201ccaf\u00e9\u201d\r\n');
  });

  test('binary content with a C name is skipped with a reason', () => {
    const bytes = Uint8Array.from([
      0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0,
    ]);
    const r = decodeSource(bytes);
    assert.equal(r.text, '');
    assert.equal(r.encoding, 'binary');
    assert.match(r.skippedReason ?? '', /binary/);
  });

  test('a stray NUL in 8-bit text marks it binary, not UTF-16', () => {
    const r = decodeSource(
      Uint8Array.from([...Buffer.from('int x;\n'), 0, ...Buffer.from('int y;\n')]),
    );
    assert.equal(r.encoding, 'binary');
  });

  test('odd lengths, empty input and lone BOMs never throw', () => {
    assert.equal(decodeSource(new Uint8Array(0)).text, '');
    assert.equal(decodeSource(Uint8Array.from([0xff, 0xfe])).text, '');
    assert.equal(decodeSource(Uint8Array.from([0xff, 0xfe, 0x41])).text, '');
    assert.equal(decodeSource(Uint8Array.from([0xef, 0xbb])).encoding, 'windows-1252');
    for (let seed = 1; seed < 200; seed++) {
      const bytes = new Uint8Array(seed * 7);
      let x = seed;
      for (let i = 0; i < bytes.length; i++) {
        bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
      }
      const r = decodeSource(bytes);
      assert.equal(typeof r.text, 'string');
    }
  });
});
