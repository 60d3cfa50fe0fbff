// shutdown-handler-missing: the driver registers for shutdown notification but has no
// IRP_MJ_SHUTDOWN handler, so the I/O manager sends the IRP to a slot that fails it.
import type { Driver } from '../index/modelTypes';
import { driverName, isHandled, slotFinding } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

function check(driver: Driver): Finding[] {
  const calls = driver.shutdownNotifications.filter((c) => c.active);
  if (calls.length === 0 || isHandled(driver, 'IRP_MJ_SHUTDOWN')) return [];
  const call = calls[0];
  return [
    slotFinding(
      'shutdown-handler-missing',
      driver,
      'IRP_MJ_SHUTDOWN',
      call,
      `Driver ${driverName(driver)} calls ${call.callee} but registers no IRP_MJ_SHUTDOWN handler; the shutdown IRP fails with STATUS_INVALID_DEVICE_REQUEST`,
      [{ uri: call.uri, range: call.range, message: `${call.callee} is called here` }],
    ),
  ];
}

export const shutdownHandlerMissing: Rule = {
  id: 'shutdown-handler-missing',
  defaultSeverity: 'error',
  title: 'Shutdown notification registered without an IRP_MJ_SHUTDOWN handler',
  docAnchor: 'shutdown-handler-missing',
  check,
};
