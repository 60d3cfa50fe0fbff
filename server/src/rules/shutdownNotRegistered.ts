// shutdown-not-registered: IRP_MJ_SHUTDOWN is handled but no shutdown notification is registered, so
// the IRP never comes. Storage drivers that also handle IRP_MJ_FLUSH_BUFFERS (the file system sends
// them shutdown IRPs down the stack) and file systems and their filters are left alone.
import type { Driver, WorkspaceModel } from '../index/modelTypes';
import {
  driverName,
  explicitWrites,
  isFileSystem,
  isHandled,
  registrationRelated,
  slotFinding,
} from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

function check(driver: Driver, model: WorkspaceModel): Finding[] {
  const writes = explicitWrites(driver, 'IRP_MJ_SHUTDOWN');
  if (writes.length === 0) return [];
  if (driver.shutdownNotifications.some((c) => c.active)) return [];
  if (isHandled(driver, 'IRP_MJ_FLUSH_BUFFERS') || isFileSystem(driver, model)) return [];
  const first = writes[0];
  const creation = driver.deviceCreations.find((c) => c.active);
  return [
    slotFinding(
      'shutdown-not-registered',
      driver,
      'IRP_MJ_SHUTDOWN',
      { uri: first.uri, range: first.indexRange },
      `${first.handler} handles IRP_MJ_SHUTDOWN, but driver ${driverName(driver)} never calls IoRegisterShutdownNotification or IoRegisterLastChanceShutdownNotification, so the IRP never comes`,
      [
        registrationRelated(first, 'IRP_MJ_SHUTDOWN is registered here'),
        ...(creation
          ? [
              {
                uri: creation.uri,
                range: creation.range,
                message: 'the device object is created here',
              },
            ]
          : []),
      ],
    ),
  ];
}

export const shutdownNotRegistered: Rule = {
  id: 'shutdown-not-registered',
  defaultSeverity: 'warning',
  title: 'IRP_MJ_SHUTDOWN handled without a shutdown notification',
  docAnchor: 'shutdown-not-registered',
  check,
};
