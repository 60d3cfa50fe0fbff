// Quick fix for shutdown-not-registered: call IoRegisterShutdownNotification(<device object>)
// right after the device object is created; when the code checks the creation's status, after
// that check (`if (!NT_SUCCESS(status)) ...`) or at the start of its success block.
import type { Located } from '../../index/modelTypes';
import type { CallFact } from '../../syntax/factTypes';
import { EditSet, type Fix, type FixContext } from './fixContext';
import type { FixText } from './fixText';

/** The device object IoCreateDevice writes: its last argument without `&` (`*pp` for a pointer parameter). */
export function createdDevice(call: CallFact): string | undefined {
  const arg = call.args[call.args.length - 1]?.trim();
  if (!arg) return undefined;
  const m = /^&\s*\(?\s*([\w.>\-[\]]+?)\s*\)?$/.exec(arg);
  if (m) return m[1];
  return /^\w+$/.test(arg) ? `*${arg}` : undefined;
}

interface Placement {
  offset: number;
  indent: string;
}

function placement(text: FixText, call: Located<CallFact>): Placement | undefined {
  const callEnd = text.offsetAt(call.range.end);
  const callLine = call.range.start.line;
  const next = text.skipSpace(callEnd);
  let stmtEnd: number;
  let indent = text.indentOf(callLine);
  if (text.text[next] === ';') {
    stmtEnd = next + 1;
  } else {
    // The call sits in a condition (`if (!NT_SUCCESS(IoCreateDevice(...)))`): after the whole if.
    const ifStart = text.text.lastIndexOf(
      'if',
      text.offsetAt({ line: callLine, character: 0 }) + call.range.start.character,
    );
    if (ifStart < 0) return undefined;
    const end = text.statementAfter(ifStart);
    if (end < 0) return undefined;
    indent = text.indentOf(text.positionAt(ifStart).line);
    return { offset: text.lines.lineEnd(text.positionAt(end - 1).line), indent };
  }
  // Look at the statement after the creation: a status check decides where the call goes.
  const after = text.skipSpace(stmtEnd);
  const m = /^if\s*\(/.exec(text.text.slice(after, after + 8));
  if (m) {
    const open = text.text.indexOf('(', after);
    const close = text.matchBracket(open);
    const condition = close > 0 ? text.text.slice(open, close) : '';
    if (/NT_SUCCESS/.test(condition)) {
      if (/!\s*NT_SUCCESS/.test(condition)) {
        const end = text.statementAfter(after);
        if (end > 0) {
          return { offset: text.lines.lineEnd(text.positionAt(end - 1).line), indent };
        }
      } else {
        const body = text.skipSpace(close);
        if (text.text[body] === '{') {
          const bodyLine = text.positionAt(body).line;
          let inner = text.indentOf(bodyLine) + text.unit;
          const nextLine = bodyLine + 1;
          if (text.lines.lineText(nextLine).trim() !== '') inner = text.indentOf(nextLine);
          return { offset: text.lines.lineEnd(bodyLine), indent: inner };
        }
      }
    }
  }
  return { offset: text.lines.lineEnd(text.positionAt(stmtEnd - 1).line), indent };
}

export function shutdownRegistrationFix(ctx: FixContext): Fix | undefined {
  const call = ctx.driver.deviceCreations.find((c) => c.active);
  if (!call) return undefined;
  const device = createdDevice(call);
  const text = ctx.textOf(call.uri);
  if (!device || !text) return undefined;
  const where = placement(text, call);
  if (!where) return undefined;
  const edits = new EditSet();
  edits.insert(
    call.uri,
    text.positionAt(where.offset),
    text.eol + where.indent + `IoRegisterShutdownNotification(${device});`,
  );
  return {
    title: `Call IoRegisterShutdownNotification(${device}) after ${call.callee}`,
    isPreferred: true,
    edits,
  };
}
