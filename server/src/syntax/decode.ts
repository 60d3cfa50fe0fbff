// Bytes -> text for the source files a Windows driver tree holds: UTF-8 (BOM or not), UTF-16 LE/BE
// (BOM, or no BOM when the NUL pattern says so), Windows-1252 when the bytes are not valid UTF-8.
// Binary files are recognised and skipped with a reason. Pure and total: it never throws.

/** The decoded text of one file, or why it was not decoded. */
export interface DecodedSource {
  /** The text, line endings kept as they are (CRLF stays CRLF). Empty when skipped. */
  text: string;
  /** `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `windows-1252`, or `binary` when skipped. */
  encoding: string;
  /** Set when the bytes are not text (a binary file with a C name): why nothing was decoded. */
  skippedReason?: string;
}

/** How many leading bytes the UTF-16 and binary heuristics look at (git looks at 8000). */
const SNIFF_BYTES = 8000;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { fatal: false, ignoreBOM: true });
const latin1 = new TextDecoder('latin1', { fatal: false });

// 0x80..0x9F of Windows-1252 (Node's 'windows-1252' decoder is plain Latin-1 on some versions).
// Undefined code points (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the same C1 control, as WHATWG does.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const text = latin1.decode(bytes);
  return /[\u0080-\u009f]/.test(text)
    ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80])
    : text;
}

/** Decodes a source file's bytes; see the file comment for the encodings it recognises. */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  try {
    return decode(bytes);
  } catch (error) {
    // TextDecoder only throws in fatal mode, which is caught below; this guards the promise.
    return { text: '', encoding: 'binary', skippedReason: `could not decode: ${String(error)}` };
  }
}

function decode(bytes: Uint8Array): DecodedSource {
  const n = bytes.length;
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: utf8Lenient.decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: utf16le.decode(bytes.subarray(2, 2 + ((n - 2) & ~1))), encoding: 'utf-16le' };
  }
  if (n >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: utf16be.decode(bytes.subarray(2, 2 + ((n - 2) & ~1))), encoding: 'utf-16be' };
  }
  // Most files hold no NUL at all: one native memchr-like search decides that cheaply.
  if (bytes.indexOf(0) >= 0) {
    const utf16 = sniffUtf16(bytes);
    if (utf16 === 'utf-16le') {
      return { text: utf16le.decode(bytes.subarray(0, n & ~1)), encoding: utf16 };
    }
    if (utf16 === 'utf-16be') {
      return { text: utf16be.decode(bytes.subarray(0, n & ~1)), encoding: utf16 };
    }
    return { text: '', encoding: 'binary', skippedReason: 'binary file (NUL bytes in 8-bit text)' };
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: Windows trees hold many files saved in the ANSI code page.
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * UTF-16 without a BOM: ASCII-range text has a NUL in every other byte. Looks at the first
 * SNIFF_BYTES bytes and wants NULs in most odd (LE) or even (BE) positions and few in the other.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const limit = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (limit < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < limit; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = limit / 2;
  if (oddNul >= pairs * 0.6 && evenNul <= pairs * 0.05) return 'utf-16le';
  if (evenNul >= pairs * 0.6 && oddNul <= pairs * 0.05) return 'utf-16be';
  return undefined;
}
