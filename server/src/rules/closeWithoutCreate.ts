// close-without-create: IRP_MJ_CLOSE is registered but IRP_MJ_CREATE is not, so no handle can ever
// be opened and the close handler never runs.
import { checkPair } from './pairedSlots';
import type { Rule } from './ruleTypes';

export const closeWithoutCreate: Rule = {
  id: 'close-without-create',
  defaultSeverity: 'warning',
  title: 'IRP_MJ_CLOSE registered without IRP_MJ_CREATE',
  docAnchor: 'close-without-create',
  check: (driver, model) =>
    checkPair(
      'close-without-create',
      driver,
      model,
      'IRP_MJ_CLOSE',
      'IRP_MJ_CREATE',
      'opens fail with STATUS_INVALID_DEVICE_REQUEST, so the close handler never runs',
    ),
};
