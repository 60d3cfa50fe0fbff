// create-without-close: IRP_MJ_CREATE is registered but IRP_MJ_CLOSE is not, so every close of a
// handle the driver let open fails with STATUS_INVALID_DEVICE_REQUEST.
import { checkPair } from './pairedSlots';
import type { Rule } from './ruleTypes';

export const createWithoutClose: Rule = {
  id: 'create-without-close',
  defaultSeverity: 'warning',
  title: 'IRP_MJ_CREATE registered without IRP_MJ_CLOSE',
  docAnchor: 'create-without-close',
  check: (driver, model) =>
    checkPair(
      'create-without-close',
      driver,
      model,
      'IRP_MJ_CREATE',
      'IRP_MJ_CLOSE',
      'a driver that accepts opens must also handle the close of every handle',
    ),
};
