// Reading one source file for the scanner, in the main thread or in a scan worker: bytes with a
// size cap, decoding, the prefilter, full facts or nothing, and the name-driven definition pass.
// Errors become values (never exceptions) so one bad file never stops a scan.
import * as fs from 'node:fs';
import { decodeSource } from '../syntax/decode';
import { extractDefinitions, extractFacts, mayContainFacts } from '../syntax/dispatchFacts';
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
export const NO_FACTS: FileFacts = Object.freeze({
  registrations: Object.freeze([]) as unknown as FileFacts['registrations'],
  declarations: Object.freeze([]) as unknown as FileFacts['declarations'],
  functions: Object.freeze([]) as unknown as FileFacts['functions'],
  calls: Object.freeze([]) as unknown as FileFacts['calls'],
  memberAssignments: Object.freeze([]) as unknown as FileFacts['memberAssignments'],
  minifilterCallbacks: Object.freeze([]) as unknown as FileFacts['minifilterCallbacks'],
  suppressions: Object.freeze([]) as unknown as FileFacts['suppressions'],
  frameworks: Object.freeze([]) as unknown as FileFacts['frameworks'],
});

let readBuffer = Buffer.allocUnsafe(1 << 20);

/** Reads and decodes one file; too large, binary and unreadable files come back as issues. */
export function readSourceText(file: SourceFile, maxBytes: number): ReadResult {
  let fd: number | undefined;
  const fail = (kind: 'skipped' | 'error', code: string, message: string): ReadResult => ({
    ok: false,
    kind,
    issue: { relPath: file.relPath, code, message },
  });
  try {
    fd = fs.openSync(file.fsPath, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) {
      return fail(
        'skipped',
        'too-large',
        `file has ${size} bytes, more than the ${maxBytes}-byte limit`,
      );
    }
    if (readBuffer.length < size + 1) {
      readBuffer = Buffer.allocUnsafe(Math.max(size + 1, readBuffer.length * 2));
    }
    // Read until EOF: the file may have grown since fstat.
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const n = fs.readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) {
        return fail('skipped', 'too-large', `file grew beyond ${maxBytes} bytes`);
      }
    }
    const decoded = decodeSource(readBuffer.subarray(0, length));
    if (decoded.skippedReason !== undefined) {
      return fail('skipped', 'binary', decoded.skippedReason);
    }
    return { ok: true, text: decoded.text, bytes: length };
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

/** Read, decode, prefilter, extract: the first pass over one file. */
export function firstPass(file: SourceFile, maxBytes: number, keepText: boolean): FirstPassOutcome {
  const base = { uri: file.uri, relPath: file.relPath, fsPath: file.fsPath };
  const read = readSourceText(file, maxBytes);
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
  // Only files that mention IRPs can define a dispatch routine: the second pass looks at them.
  const candidate = read.text.includes('IRP');
  const outcome: FirstPassOutcome = {
    ...base,
    facts: NO_FACTS,
    bytes: read.bytes,
    withFacts: false,
    candidate,
  };
  if (candidate && keepText) outcome.text = read.text;
  return outcome;
}

/**
 * The second pass over one candidate: definitions of the handler names it mentions, or undefined
 * when it mentions none (or cannot be read any more). `text` spares a second read when kept.
 */
export function definitionPass(
  file: SourceFile,
  text: string | undefined,
  names: ReadonlySet<string>,
  maxBytes: number,
): FunctionFact[] | undefined {
  let source = text;
  if (source === undefined) {
    const read = readSourceText(file, maxBytes);
    if (!read.ok) return undefined;
    source = read.text;
  }
  const wanted = mentionedNames(source, names);
  return wanted.size > 0 ? extractDefinitions(source, wanted) : undefined;
}
