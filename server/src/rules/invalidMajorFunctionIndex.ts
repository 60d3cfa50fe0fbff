// invalid-major-function-index: a constant index into MajorFunction that is no IRP_MJ code: out of
// 0x00..0x1b (writes past the array) or a code of another kind such as IRP_MN_START_DEVICE.
import {
  IRP_MJ_MAXIMUM_FUNCTION,
  SLOT_COUNT,
  canonicalSlot,
  irpByName,
  parseCInteger,
} from '../irpTable';
import { isFillCall } from '../syntax/registrations';
import type { Driver } from '../index/modelTypes';
import { driverName, isNullHandler } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

/**
 * The value of a constant index expression made of IRP_MJ names, IRP_MJ_MAXIMUM_FUNCTION, integer
 * literals, `+`, `-` and parentheses (`IRP_MJ_MAXIMUM_FUNCTION + 1`); undefined for anything else.
 */
export function constantIndexValue(written: string): number | undefined {
  const tokens = written.match(/[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[-+()]|\S/g) ?? [];
  let expr = '';
  for (const tok of tokens) {
    if (/^[-+()]$/.test(tok)) expr += tok;
    else if (tok === 'IRP_MJ_MAXIMUM_FUNCTION') expr += String(IRP_MJ_MAXIMUM_FUNCTION);
    else if (irpByName(tok)) expr += String(irpByName(tok)?.value);
    else {
      const n = parseCInteger(tok);
      if (n === undefined) return undefined;
      expr += String(n);
    }
  }
  if (!/^[-+()0-9]+$/.test(expr)) return undefined;
  // A tiny evaluator for + and - over integers and parentheses.
  let i = 0;
  const term = (): number | undefined => {
    if (expr[i] === '(') {
      i++;
      const v = sum();
      if (expr[i] !== ')') return undefined;
      i++;
      return v;
    }
    if (expr[i] === '-') {
      i++;
      const v = term();
      return v === undefined ? undefined : -v;
    }
    const m = /^\d+/.exec(expr.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return Number(m[0]);
  };
  const sum = (): number | undefined => {
    let v = term();
    while (v !== undefined && (expr[i] === '+' || expr[i] === '-')) {
      const op = expr[i++];
      const r = term();
      if (r === undefined) return undefined;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const value = sum();
  return i === expr.length ? value : undefined;
}

/** Why an index as written is invalid, or undefined when it is valid or not a constant. */
export function invalidIndexReason(written: string): string | undefined {
  const w = written.trim();
  if (/^IRP_MN_\w+$/.test(w)) return `${w} is a minor function code, not an IRP_MJ code`;
  if (/^IRP_MJ_\w+$/.test(w) && w !== 'IRP_MJ_MAXIMUM_FUNCTION' && !canonicalSlot(w)) {
    return `${w} is not an IRP_MJ code defined by wdm.h`;
  }
  const value = constantIndexValue(w);
  if (value !== undefined && (value < 0 || value > IRP_MJ_MAXIMUM_FUNCTION)) {
    return `${w} is outside 0x00..0x1b (IRP_MJ_MAXIMUM_FUNCTION)`;
  }
  return undefined;
}

function check(driver: Driver): Finding[] {
  const findings: Finding[] = [];
  for (const r of driver.registrations) {
    if (r.target !== 'driver_object' && r.target !== 'ndis_dispatch_table') continue;
    // Loops are reported only when their bound runs past the array (`<= IRP_MJ_MAXIMUM_FUNCTION + 1`).
    if (!r.active || (r.inLoop && !r.invalidIndex)) continue;
    const fill = isFillCall(r.written);
    const reason = fill
      ? `the count handed to ${r.written} runs past the array's ${SLOT_COUNT} slots, so it writes past its end`
      : r.inLoop
        ? `the loop runs ${r.written} past IRP_MJ_MAXIMUM_FUNCTION (0x1b), so its last pass writes past the array`
        : (invalidIndexReason(r.written) ??
          (r.invalidIndex ? `${r.written} is not a valid IRP_MJ index (0x00..0x1b)` : undefined));
    if (!reason) continue;
    findings.push({
      ruleId: 'invalid-major-function-index',
      uri: r.uri,
      range: r.indexRange,
      message: fill
        ? `${r.written} of MajorFunction in driver ${driverName(driver)}: ${reason}`
        : `MajorFunction[${r.written}] in driver ${driverName(driver)}: ${reason}`,
      related: isNullHandler(r.handler)
        ? []
        : [{ uri: r.uri, range: r.handlerRange, message: `${r.handler} is stored here` }],
      data: { ruleId: 'invalid-major-function-index', driver: driver.rootUri, handler: r.handler },
    });
  }
  return findings;
}

export const invalidMajorFunctionIndex: Rule = {
  id: 'invalid-major-function-index',
  defaultSeverity: 'error',
  title: 'MajorFunction index that is not an IRP_MJ code',
  docAnchor: 'invalid-major-function-index',
  check,
};
