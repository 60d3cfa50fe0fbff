// flush-without-shutdown: the storage rule of the IRP table: a driver that caches data handles
// IRP_MJ_FLUSH_BUFFERS and IRP_MJ_SHUTDOWN together. Reported in either direction; file systems,
// which are not under this rule, are left alone.
import { checkPair } from './pairedSlots';
import { isFileSystem } from './ruleHelpers';
import type { Rule } from './ruleTypes';

export const flushWithoutShutdown: Rule = {
  id: 'flush-without-shutdown',
  defaultSeverity: 'information',
  title: 'IRP_MJ_FLUSH_BUFFERS handled without IRP_MJ_SHUTDOWN, or the reverse',
  docAnchor: 'flush-without-shutdown',
  check: (driver, model) =>
    isFileSystem(driver, model)
      ? []
      : [
          ...checkPair(
            'flush-without-shutdown',
            driver,
            model,
            'IRP_MJ_FLUSH_BUFFERS',
            'IRP_MJ_SHUTDOWN',
            'drivers that cache data flush it on IRP_MJ_FLUSH_BUFFERS and on IRP_MJ_SHUTDOWN',
          ),
          ...checkPair(
            'flush-without-shutdown',
            driver,
            model,
            'IRP_MJ_SHUTDOWN',
            'IRP_MJ_FLUSH_BUFFERS',
            'drivers that cache data flush it on IRP_MJ_SHUTDOWN and on IRP_MJ_FLUSH_BUFFERS',
          ),
        ],
};
