// Suppression matching: rule ids, PREfast numbers (with or without the C prefix) and __WARNING_
// names, next-line/same-line/file scopes, and a bare `wdm-ignore` silencing every rule.
import * as assert from 'node:assert/strict';
import { isSuppressed } from '../../../server/src/features/suppressions';
import { ruleById } from '../../../server/src/rules/index';
import type { Rule } from '../../../server/src/rules/ruleTypes';
import type { SuppressionFact } from '../../../server/src/syntax/factTypes';
import { parseFixture, renderFindings } from './ruleFixture';

function rule(id: string): Rule {
  const r = ruleById(id);
  assert.ok(r, id);
  return r;
}

function at(codes: string[], scope: SuppressionFact['scope'], line: number): SuppressionFact {
  const p = { line, character: 0 };
  return { codes, scope, line, range: { start: p, end: p } };
}

suite('rules: suppressions', () => {
  test('codes name a rule by id, PREfast number or __WARNING_ name', () => {
    const missing = rule('missing-dispatch-annotation');
    assert.equal(isSuppressed([at(['28169'], 'next-line', 4)], missing, 4), true);
    assert.equal(isSuppressed([at(['C28169'], 'next-line', 4)], missing, 4), true);
    assert.equal(
      isSuppressed([at(['__WARNING_DISPATCH_MISSING'], 'next-line', 4)], missing, 4),
      true,
    );
    assert.equal(
      isSuppressed([at(['missing-dispatch-annotation'], 'same-line', 4)], missing, 4),
      true,
    );
    assert.equal(isSuppressed([at(['28168'], 'next-line', 4)], missing, 4), false);
    assert.equal(
      isSuppressed([at(['28169'], 'next-line', 4)], rule('create-without-close'), 4),
      false,
    );
  });

  test('line scopes apply to their line only; disable applies from its line on; a bare wdm-ignore to every rule', () => {
    const close = rule('create-without-close');
    assert.equal(isSuppressed([at(['create-without-close'], 'same-line', 4)], close, 5), false);
    assert.equal(isSuppressed([at(['create-without-close'], 'file', 4)], close, 90), true);
    assert.equal(isSuppressed([at(['create-without-close'], 'file', 4)], close, 3), false);
    assert.equal(isSuppressed([at([], 'same-line', 4)], close, 4), true);
    assert.equal(isSuppressed(undefined, close, 4), false);
  });

  test('#pragma warning(disable) silences a rule for the rest of the file only', () => {
    const fx = parseFixture(`#include <wdm.h>
DRIVER_DISPATCH FooDispatchA;
#pragma warning(disable: 28169)
DRIVER_DISPATCH FooDispatchB;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchA;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = FooDispatchB;
    return STATUS_SUCCESS;
}
`);
    // FooDispatchA is declared above the pragma but registered below it: the registration line counts.
    assert.deepEqual(renderFindings(fx, ['missing-dispatch-annotation']), []);
    const above = parseFixture(`#include <wdm.h>
DRIVER_DISPATCH FooDispatchA;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->MajorFunction[IRP_MJ_READ] = FooDispatchA;
    return STATUS_SUCCESS;
}
#pragma warning(disable: 28169)
`);
    assert.deepEqual(renderFindings(above, ['missing-dispatch-annotation']).length, 1);
  });
});
