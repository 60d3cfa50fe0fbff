// Every diagnostic rule, in the order of the README's diagnostics reference.
import { closeWithoutCreate } from './closeWithoutCreate';
import { createWithoutClose } from './createWithoutClose';
import { dispatchAnnotationMismatch } from './dispatchAnnotationMismatch';
import { dispatchNaming } from './dispatchNaming';
import { dispatchSignature } from './dispatchSignature';
import { duplicateRegistration } from './duplicateRegistration';
import { flushWithoutShutdown } from './flushWithoutShutdown';
import { handlerNotFound } from './handlerNotFound';
import { invalidMajorFunctionIndex } from './invalidMajorFunctionIndex';
import { missingDispatchAnnotation } from './missingDispatchAnnotation';
import { missingRequiredHandler } from './missingRequiredHandler';
import { missingUseDeclAnnotations } from './missingUseDeclAnnotations';
import type { Rule } from './ruleTypes';
import { shutdownHandlerMissing } from './shutdownHandlerMissing';
import { shutdownNotRegistered } from './shutdownNotRegistered';
import { unregisteredDispatchRoutine } from './unregisteredDispatchRoutine';

export const RULES: readonly Rule[] = [
  createWithoutClose,
  closeWithoutCreate,
  missingRequiredHandler,
  shutdownNotRegistered,
  shutdownHandlerMissing,
  flushWithoutShutdown,
  unregisteredDispatchRoutine,
  missingDispatchAnnotation,
  dispatchAnnotationMismatch,
  dispatchSignature,
  duplicateRegistration,
  invalidMajorFunctionIndex,
  handlerNotFound,
  missingUseDeclAnnotations,
  dispatchNaming,
];

const byId = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

export type { Finding, FixData, Rule, RuleSettings, Severity } from './ruleTypes';
