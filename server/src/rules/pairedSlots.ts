// Shared logic of the rules about slots that come in pairs (Create/Close, Flush/Shutdown): one slot
// is registered explicitly, its partner has no handler at all in the driver.
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import {
  annotatedSlots,
  driverName,
  entryRelated,
  explicitWrites,
  findHandler,
  isHandled,
  registrationRelated,
} from './ruleHelpers';
import type { Finding } from './ruleTypes';

/** True when a handler is meant for both slots: annotated for both, or named for both (`XxxCreateClose`). */
export function servesBoth(
  model: WorkspaceModel,
  driver: Driver,
  handler: string,
  slot: string,
  partner: string,
): boolean {
  const annotated = annotatedSlots(findHandler(model, driver, handler));
  if (annotated.has(slot) && annotated.has(partner)) return true;
  const word = (s: string): string =>
    s
      .replace(/^IRP_MJ_/, '')
      .replace(/_/g, '')
      .toLowerCase();
  const name = handler.toLowerCase();
  return name.includes(word(slot)) && name.includes(word(partner));
}

export function checkPair(
  ruleId: string,
  driver: Driver,
  model: WorkspaceModel,
  present: string,
  missing: string,
  why: string,
): Finding[] {
  const writes = explicitWrites(driver, present);
  if (writes.length === 0 || isHandled(driver, missing)) return [];
  const first = writes[0];
  const reuse = writes.find((w) => servesBoth(model, driver, w.handler, present, missing));
  return [
    {
      ruleId,
      uri: first.uri,
      range: first.indexRange,
      message: `${present} is handled by ${first.handler} but ${missing} has no handler in driver ${driverName(driver)}: ${why}`,
      related: [
        registrationRelated(first, `${present} is registered here`),
        ...entryRelated(driver),
      ],
      data: {
        ruleId,
        driver: driver.rootUri,
        slot: missing,
        ...(reuse ? { reuseHandler: reuse.handler } : {}),
      },
    },
  ];
}
