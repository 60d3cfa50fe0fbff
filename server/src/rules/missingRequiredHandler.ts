// missing-required-handler: a PnP driver (it sets DriverExtension->AddDevice) must handle
// IRP_MJ_PNP, IRP_MJ_POWER and IRP_MJ_SYSTEM_CONTROL, at least by passing them down; an unset
// slot fails them with STATUS_INVALID_DEVICE_REQUEST and breaks the device stack.
import type { Driver } from '../index/modelTypes';
import { driverName, isHandled, slotFinding } from './ruleHelpers';
import type { Finding, Rule } from './ruleTypes';

export const REQUIRED_PNP_SLOTS = ['IRP_MJ_PNP', 'IRP_MJ_POWER', 'IRP_MJ_SYSTEM_CONTROL'];

/**
 * Frameworks whose port or class library fills the dispatch table itself (PcInitializeAdapterDriver,
 * StorPortInitialize, HidRegisterMinidriver, KsInitializeDriver, NdisMRegisterMiniportDriver,
 * WdfDriverCreate, ...): a driver built on them has no such duty of its own.
 */
const TABLE_OWNING_FRAMEWORKS = new Set([
  'kmdf',
  'wdf',
  'portcls',
  'storport',
  'scsiport',
  'ataport',
  'ndis',
  'ks',
  'avstream',
  'hid',
  'hidclass',
  'minifilter',
  'classpnp',
  'videoport',
  'storage-class',
  'netadaptercx',
  'wddm',
  'rdbss',
]);

function check(driver: Driver): Finding[] {
  const addDevice = driver.addDevice;
  if (!addDevice || !addDevice.active) return [];
  // Set from a parameter (a wrapper's `SetAddDevice(Value)`): the driver that calls it owns the duty.
  if (addDevice.handlerIsParameter === true) return [];
  if (driver.frameworks.some((f) => TABLE_OWNING_FRAMEWORKS.has(f.toLowerCase()))) return [];
  const findings: Finding[] = [];
  for (const slot of REQUIRED_PNP_SLOTS) {
    if (isHandled(driver, slot)) continue;
    findings.push(
      slotFinding(
        'missing-required-handler',
        driver,
        slot,
        addDevice,
        `Driver ${driverName(driver)} is a PnP driver (it sets AddDevice to ${addDevice.handler}) but registers no handler for ${slot}; the I/O manager fails these IRPs with STATUS_INVALID_DEVICE_REQUEST`,
        [
          {
            uri: addDevice.uri,
            range: addDevice.handlerRange,
            message: `AddDevice makes ${driverName(driver)} a PnP driver`,
          },
        ],
      ),
    );
  }
  return findings;
}

export const missingRequiredHandler: Rule = {
  id: 'missing-required-handler',
  defaultSeverity: 'warning',
  title: 'PnP driver without IRP_MJ_PNP, IRP_MJ_POWER or IRP_MJ_SYSTEM_CONTROL',
  docAnchor: 'missing-required-handler',
  check,
};
