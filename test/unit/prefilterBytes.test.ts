// The prefilter taken on undecoded bytes (mayContainFactsLatin1) and the first pass that uses it:
// same verdicts and outcomes as decoding first, for ASCII, UTF-8, Windows-1252 and UTF-16 files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { definitionPass, firstPass } from '../../server/src/index/readSource';
import { decodeSource } from '../../server/src/syntax/decode';
import { mayContainFacts, mayContainFactsLatin1 } from '../../server/src/syntax/dispatchFacts';

const DRIVER =
  'NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n' +
  '    d->MajorFunction[IRP_MJ_CREATE] = MyCreate;\n    return 0;\n}\n';
const HANDLER = 'NTSTATUS MyCreate(PDEVICE_OBJECT o, PIRP Irp)\n{\n    return 0;\n}\n';

function latin1(text: string, encoding: BufferEncoding = 'utf8'): string {
  return Buffer.from(text, encoding).toString('latin1');
}

suite('prefilter on bytes', () => {
  test('ASCII texts: the byte verdict equals the decoded verdict', () => {
    const texts = [
      DRIVER,
      HANDLER,
      'DRIVER_DISPATCH X;',
      'if (s->MajorFunction == IRP_MJ_READ) return;',
      '// the Driver is Initialized\nint x;',
      'status = NdisMRegisterMiniportDriver(d, r, 0, &c, &h);',
      'x = Register(Initialize(1));',
    ];
    for (const t of texts) assert.equal(mayContainFactsLatin1(latin1(t)), mayContainFacts(t), t);
  });

  test('an exact word past multi-byte characters: unsure on bytes, not a wrong "no"', () => {
    // 40 characters after `Driver` reach `IRP_MJ_`, but the UTF-8 bytes of the é's push it out.
    const text = 'Driver ' + '\u00e9'.repeat(20) + ' = IRP_MJ_';
    assert.equal(mayContainFacts(text), true);
    assert.equal(mayContainFactsLatin1(latin1(text)), undefined);
    // Without non-ASCII bytes in the window the byte verdict is final.
    assert.equal(mayContainFactsLatin1(latin1('Driver is here;' + ' '.repeat(60) + 'café')), false);
  });

  test('Windows-1252 bytes are one character each: same verdict', () => {
    const text = '/* \u00e9t\u00e9 */ NTSTATUS DriverEntry(PDRIVER_OBJECT d) {}';
    assert.equal(mayContainFactsLatin1(latin1(text, 'latin1')), true);
  });
});

suite('first pass on bytes', () => {
  let dir: string;
  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wdm-prefilter-'));
  });
  teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  function file(name: string, bytes: Buffer): { fsPath: string; relPath: string; uri: string } {
    const fsPath = path.join(dir, name);
    fs.writeFileSync(fsPath, bytes);
    return { fsPath, relPath: name, uri: `file:///x/${name}` };
  }

  test('facts come from the decoded text whatever the encoding', () => {
    const ascii = firstPass(file('a.c', Buffer.from(DRIVER)), 1 << 20, true);
    const utf16 = firstPass(
      file('b.c', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DRIVER, 'utf16le')])),
      1 << 20,
      true,
    );
    const utf8 = firstPass(file('c.c', Buffer.from('// caf\u00e9\n' + DRIVER)), 1 << 20, true);
    for (const o of [ascii, utf16, utf8]) {
      assert.equal(o.withFacts, true);
      assert.equal(o.facts?.registrations.length, 1);
      assert.equal(o.facts?.registrations[0].handler, 'MyCreate');
    }
    assert.equal(utf8.facts?.registrations[0].lvalueRange.start.line, 3);
    // The ASCII file skips decoding (its Latin-1 view is the text): same facts as UTF-16.
    assert.deepEqual(ascii.facts, utf16.facts);
  });

  test('a passed-over candidate keeps its bytes; the definition pass decodes them', () => {
    const text = '// r\u00e9sum\u00e9 \u00e0 la carte\n' + HANDLER;
    const f = file('h.c', Buffer.from(text));
    const o = firstPass(f, 1 << 20, true);
    assert.equal(o.withFacts, false);
    assert.equal(o.candidate, true);
    assert.equal(o.textIsLatin1, true);
    const names = new Set(['MyCreate']);
    const kept = definitionPass(f, o.text, names, 1 << 20, o.textIsLatin1);
    const reread = definitionPass(f, undefined, names, 1 << 20);
    const decoded = decodeSource(Buffer.from(text));
    assert.equal(kept?.length, 1);
    assert.deepEqual(kept, reread);
    // Positions are those of the decoded text (the accented line is shorter in characters).
    assert.equal(kept?.[0].nameRange.start.line, 1);
    assert.equal(
      decoded.text.split('\n')[1].indexOf('MyCreate'),
      kept?.[0].nameRange.start.character,
    );
    assert.equal(definitionPass(f, o.text, new Set(['Other']), 1 << 20, true), undefined);
  });

  test('NUL bytes that are not UTF-16 are still skipped as binary', () => {
    const o = firstPass(
      file('bin.c', Buffer.from([0x44, 0, 0x01, 0x02, 0x44, 0x44, 0, 7])),
      1 << 20,
      true,
    );
    assert.equal(o.skipped?.code, 'binary');
  });
});
