// Reading one source file for the scanner, in the main thread or in a scan worker: bytes with a
// size cap, decoding, the prefilter, full facts or nothing, and the name-driven definition pass.
// Errors become values (never exceptions) so one bad file never stops a scan.
import * as buffer from 'node:buffer';
import * as fs from 'node:fs';
import { decodeSource } from '../syntax/decode';
import {
  emptyFacts,
  extractDefinitions,
  extractFacts,
  mayContainFacts,
  mayContainFactsLatin1,
} from '../syntax/dispatchFacts';
import type { FileFacts, FunctionFact } from '../syntax/factTypes';
import { mentionedNames } from './nameMatch';

/** A file the walk found. */
export interface SourceFile {
  fsPath: string;
  /** Path relative to its folder (forward slashes). */
  relPath: string;
  uri: string;
}

export interface ScanIssue {
  /** Path relative to its folder (forward slashes). */
  relPath: string;
  /** Error code (`EACCES`, `ELOOP`, `ENOENT`, ...) or `too-large`, `binary`, `symlink-loop`. */
  code: string;
  message: string;
}

export type ReadResult =
  | { ok: true; text: string; bytes: number }
  | { ok: false; kind: 'skipped' | 'error'; issue: ScanIssue };

/** What the first pass learnt of one file. */
export interface FirstPassOutcome {
  uri: string;
  relPath: string;
  fsPath: string;
  /** Facts to store (empty facts for files the prefilter passed over); absent when unreadable. */
  facts?: FileFacts;
  bytes: number;
  /** The prefilter matched and the file was tokenized. */
  withFacts: boolean;
  /** Passed over, but mentions IRPs: it may define a handler (the second pass looks again). */
  candidate: boolean;
  /** The text of a candidate, when the caller asked to keep it. */
  text?: string;
  /** `text` is the file's undecoded bytes as Latin-1 (see definitionPass), not its decoded text. */
  textIsLatin1?: boolean;
  skipped?: ScanIssue;
  error?: ScanIssue;
}

export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The facts of every file the prefilter passes over: one shared, frozen object instead of eight
 * empty arrays per file keeps a 50,000-file tree within the memory goal. Nobody may mutate facts.
 */
export const NO_FACTS: FileFacts = freezeFacts(emptyFacts());

function freezeFacts(facts: FileFacts): FileFacts {
  for (const value of Object.values(facts)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(facts);
}

let readBuffer = Buffer.allocUnsafe(1 << 20);

/**
 * Open flags for reading a source: non-blocking where the platform has it, so that a FIFO put
 * where a file was (after the walk, or named by a file event) reads as empty or fails at once
 * instead of waiting forever for a writer. Regular files read the same either way.
 */
export const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

type ByteRead =
  { ok: true; bytes: Buffer } | { ok: false; kind: 'skipped' | 'error'; issue: ScanIssue };

/**
 * Reads one file into the shared buffer (the view is valid until the next read). No fstat: its
 * Stats object is costly in a fresh process (over 2,274 files, about 35 ms with it and 22 ms
 * without), so the file is read until a read returns 0 bytes, which also takes in a file that
 * grows while it is read. The size is asked for only to report a file over the limit.
 */
function readBytes(file: SourceFile, maxBytes: number): ByteRead {
  let fd: number | undefined;
  const fail = (kind: 'skipped' | 'error', code: string, message: string): ByteRead => ({
    ok: false,
    kind,
    issue: { relPath: file.relPath, code, message },
  });
  try {
    fd = fs.openSync(file.fsPath, READ_FLAGS);
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      // Never more than one byte past the limit: that byte is enough to know the file is too large.
      const wanted = Math.min(readBuffer.length - length, maxBytes + 1 - length);
      const n = fs.readSync(fd, readBuffer, length, wanted, null);
      length += n;
      if (length > maxBytes) {
        const size = Math.max(length, fs.fstatSync(fd).size);
        return fail(
          'skipped',
          'too-large',
          `file has ${size} bytes, more than the ${maxBytes}-byte limit`,
        );
      }
      if (n === 0) break;
    }
    return { ok: true, bytes: readBuffer.subarray(0, length) };
  } catch (error) {
    return fail('error', errorCode(error), errorMessage(error));
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Closing a descriptor we opened cannot usefully fail; nothing to recover.
      }
    }
  }
}

function decodeRead(file: SourceFile, bytes: Buffer): ReadResult {
  const decoded = decodeSource(bytes);
  if (decoded.skippedReason !== undefined) {
    return {
      ok: false,
      kind: 'skipped',
      issue: { relPath: file.relPath, code: 'binary', message: decoded.skippedReason },
    };
  }
  return { ok: true, text: decoded.text, bytes: bytes.length };
}

/** Reads and decodes one file; too large, binary and unreadable files come back as issues. */
export function readSourceText(file: SourceFile, maxBytes: number): ReadResult {
  const raw = readBytes(file, maxBytes);
  return raw.ok ? decodeRead(file, raw.bytes) : raw;
}

/**
 * 8-bit text (no BOM, no NUL): its bytes viewed as Latin-1 hold every ASCII word at the same
 * place as the decoded text, which is all the prefilter and the name search look for.
 */
function isPlain8Bit(bytes: Buffer): boolean {
  const n = bytes.length;
  if (n >= 2) {
    const b0 = bytes[0];
    const b1 = bytes[1];
    if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return false;
    if (n >= 3 && b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return false;
  }
  return bytes.indexOf(0) < 0;
}

const NON_ASCII_BYTE = /[\u0080-\u00ff]/;

/** No byte above 0x7F (Node's SIMD check when it has one). */
function isAscii(bytes: Buffer): boolean {
  const native = (buffer as { isAscii?: (b: Uint8Array) => boolean }).isAscii;
  return native ? native(bytes) : !NON_ASCII_BYTE.test(bytes.toString('latin1'));
}

/** Read, prefilter (on the bytes when it can), decode, extract: the first pass over one file. */
export function firstPass(file: SourceFile, maxBytes: number, keepText: boolean): FirstPassOutcome {
  const base = { uri: file.uri, relPath: file.relPath, fsPath: file.fsPath };
  const raw = readBytes(file, maxBytes);
  if (!raw.ok) {
    return { ...base, bytes: 0, withFacts: false, candidate: false, [raw.kind]: raw.issue };
  }
  const size = raw.bytes.length;
  if (isPlain8Bit(raw.bytes)) {
    const latin1 = raw.bytes.toString('latin1');
    // Most files hold no fact: they are never decoded.
    const verdict = mayContainFactsLatin1(latin1);
    if (verdict === false) return passedOver(base, size, latin1, true, keepText);
    // ASCII decodes to itself: the Latin-1 view is the text, no decoding pass.
    if (verdict === true && isAscii(raw.bytes)) {
      return {
        ...base,
        facts: extractFacts(latin1),
        bytes: size,
        withFacts: true,
        candidate: false,
      };
    }
  }
  const read = decodeRead(file, raw.bytes);
  if (!read.ok) {
    return { ...base, bytes: 0, withFacts: false, candidate: false, [read.kind]: read.issue };
  }
  if (mayContainFacts(read.text)) {
    return {
      ...base,
      facts: extractFacts(read.text),
      bytes: read.bytes,
      withFacts: true,
      candidate: false,
    };
  }
  return passedOver(base, size, read.text, false, keepText);
}

function passedOver(
  base: Pick<FirstPassOutcome, 'uri' | 'relPath' | 'fsPath'>,
  bytes: number,
  text: string,
  textIsLatin1: boolean,
  keepText: boolean,
): FirstPassOutcome {
  // Only files that mention IRPs can define a dispatch routine: the second pass looks at them.
  const candidate = text.includes('IRP');
  const outcome: FirstPassOutcome = {
    ...base,
    facts: NO_FACTS,
    bytes,
    withFacts: false,
    candidate,
  };
  if (candidate && keepText) {
    outcome.text = text;
    if (textIsLatin1) outcome.textIsLatin1 = true;
  }
  return outcome;
}

/**
 * The second pass over one candidate: definitions of the handler names it mentions, or undefined
 * when it mentions none (or cannot be read any more). `text` spares a second read when kept; an
 * 8-bit file is searched on its bytes and decoded only when it mentions a name.
 */
export function definitionPass(
  file: SourceFile,
  text: string | undefined,
  names: ReadonlySet<string>,
  maxBytes: number,
  textIsLatin1 = false,
): FunctionFact[] | undefined {
  let source = text;
  let latin1 = textIsLatin1;
  if (source === undefined) {
    const raw = readBytes(file, maxBytes);
    if (!raw.ok) return undefined;
    if (isPlain8Bit(raw.bytes)) {
      source = raw.bytes.toString('latin1');
      latin1 = true;
    } else {
      const read = decodeRead(file, raw.bytes);
      if (!read.ok) return undefined;
      source = read.text;
    }
  }
  const wanted = mentionedNames(source, names);
  if (wanted.size === 0) return undefined;
  // Names are ASCII identifiers: found in the Latin-1 view iff found in the decoded text.
  if (latin1) source = decodeSource(Buffer.from(source, 'latin1')).text;
  return extractDefinitions(source, wanted);
}
