// The DispatchXxx routine a quick fix generates when a slot has no routine yet: its name (the
// driver's prefix + the IRP table's routine name), its `_Dispatch_type_` declaration and a
// definition that compiles in any WDM driver.

// Bodies: Create, Close, Cleanup, Shutdown and Flush complete with STATUS_SUCCESS. PnP, Power and
// SystemControl must be passed down by function and filter drivers; when the driver keeps the
// device that IoAttachDeviceToDeviceStack returned in its device extension, the routine forwards to
// it (IoSkipCurrentIrpStackLocation + IoCallDriver). Otherwise nothing a generic fix can name holds
// the lower device, so the routine completes the IRP with the status it arrived with (what a bus
// driver does for requests it does not handle) under a TODO that says how to forward it. Every
// other request completes with STATUS_NOT_SUPPORTED under a TODO.
import { DISPATCH_ROUTINES, irpByName } from '../../irpTable';

/** Where the driver keeps its lower device: `((Type)DeviceObject->DeviceExtension)->Field`. */
export interface LowerDevice {
  extensionType: string;
  field: string;
}

const COMPLETE_SUCCESS = new Set([
  'IRP_MJ_CREATE',
  'IRP_MJ_CLOSE',
  'IRP_MJ_CLEANUP',
  'IRP_MJ_SHUTDOWN',
  'IRP_MJ_FLUSH_BUFFERS',
]);
const PASS_DOWN = new Set(['IRP_MJ_PNP', 'IRP_MJ_POWER', 'IRP_MJ_SYSTEM_CONTROL']);

/** The seed table's routine stem for a slot (`Create`, `PnP`), else the code in CamelCase. */
export function routineStem(slot: string): string {
  const row = DISPATCH_ROUTINES.find((r) => r.slots.length === 1 && r.slots[0] === slot);
  if (row) return row.shortName;
  return slot
    .replace(/^IRP_MJ_/, '')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** `FooDispatchPnP`: the prefix the driver's existing XxxDispatchYyy routines use, or none. */
export function routineName(
  slot: string,
  existing: readonly string[],
  taken: (n: string) => boolean,
): string {
  let prefix = '';
  for (const name of existing) {
    const m = /^([A-Za-z0-9_]*?)Dispatch[A-Z]/.exec(name);
    if (m) {
      prefix = m[1];
      break;
    }
  }
  const base = `${prefix}Dispatch${routineStem(slot)}`;
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(base + i)) return base + i;
}

/** `_Dispatch_type_(IRP_MJ_X) [_Dispatch_type_(IRP_MJ_Y) ]DRIVER_DISPATCH Name;` */
export function declarationText(slots: string | readonly string[], name: string): string {
  const list = typeof slots === 'string' ? [slots] : slots;
  return `${list.map((s) => `_Dispatch_type_(${s}) `).join('')}DRIVER_DISPATCH ${name};`;
}

function bodyLines(slot: string, lower: LowerDevice | undefined): string[] {
  if (COMPLETE_SUCCESS.has(slot)) {
    return [
      'UNREFERENCED_PARAMETER(DeviceObject);',
      '',
      'Irp->IoStatus.Status = STATUS_SUCCESS;',
      'Irp->IoStatus.Information = 0;',
      'IoCompleteRequest(Irp, IO_NO_INCREMENT);',
      'return STATUS_SUCCESS;',
    ];
  }
  if (PASS_DOWN.has(slot) && lower) {
    return [
      `${lower.extensionType} extension = (${lower.extensionType})DeviceObject->DeviceExtension;`,
      '',
      '// Not handled here: pass the IRP down to the next-lower driver unchanged.',
      'IoSkipCurrentIrpStackLocation(Irp);',
      `return IoCallDriver(extension->${lower.field}, Irp);`,
    ];
  }
  if (PASS_DOWN.has(slot)) {
    return [
      'NTSTATUS status = Irp->IoStatus.Status;',
      '',
      'UNREFERENCED_PARAMETER(DeviceObject);',
      '',
      '// TODO: a function or filter driver must pass this IRP to the next-lower driver:',
      '//     IoSkipCurrentIrpStackLocation(Irp);',
      '//     return IoCallDriver(<lower device object from the device extension>, Irp);',
      '// Until then it is completed with the status it arrived with, as a bus driver',
      '// completes requests it does not handle.',
      'IoCompleteRequest(Irp, IO_NO_INCREMENT);',
      'return status;',
    ];
  }
  const irp = irpByName(slot);
  return [
    'UNREFERENCED_PARAMETER(DeviceObject);',
    '',
    `// TODO: handle ${irp ? irp.name : slot} here.`,
    'Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;',
    'Irp->IoStatus.Information = 0;',
    'IoCompleteRequest(Irp, IO_NO_INCREMENT);',
    'return STATUS_NOT_SUPPORTED;',
  ];
}

/** The definition, lines joined with the file's line ending and indented with its unit. */
export function definitionText(
  slot: string,
  name: string,
  eol: string,
  unit: string,
  lower?: LowerDevice,
): string {
  const lines = [
    '_Use_decl_annotations_',
    'NTSTATUS',
    `${name}(PDEVICE_OBJECT DeviceObject, PIRP Irp)`,
    '{',
    ...bodyLines(slot, lower).map((l) => (l === '' ? '' : unit + l)),
    '}',
  ];
  return lines.join(eol);
}
