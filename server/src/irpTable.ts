// The documented IRP major function table: the single source of IRP facts for hover, diagnostics,
// snippets, the grammar and the CLI. Sentences are our own; facts come from the WDK documentation
// (seeds 002 and 004, research/driver-rules-and-peers.md section 4).

/** Who must provide a handler for a major function code. */
export type Requirement =
  | 'all' // every WDM driver (IRP_MJ_SYSTEM_CONTROL)
  | 'pnp' // every PnP driver, i.e. one that sets DriverExtension->AddDevice
  | 'storage-cache' // mass-storage drivers that cache or buffer data, and drivers layered above them
  | 'typical' // most device drivers handle it, depending on what the device does
  | 'optional'
  | 'fsd'; // file systems and file-system filters

export interface IrpMajorFunction {
  /** Canonical name as defined in wdm.h, e.g. `IRP_MJ_CREATE`. */
  readonly name: string;
  readonly value: number;
  /** Other names wdm.h defines for the same value (`IRP_MJ_SCSI`, `IRP_MJ_PNP_POWER`). */
  readonly aliases: readonly string[];
  /** The DispatchXxx routine names of the seed table that fill this slot. */
  readonly routines: readonly string[];
  /** What the request asks for and when the I/O manager or another driver sends it. */
  readonly meaning: string;
  /** The IRQL the dispatch routine is called at, with the documented exceptions. */
  readonly irql: string;
  readonly requirement: Requirement;
  /** One sentence on which drivers must handle it and why. */
  readonly requirementNote: string;
  /** What the dispatch routine must do with the IRP. */
  readonly duties: string;
  /** Documentation page of the request. */
  readonly docUrl: string;
}

/** A row of the seed table: one DispatchXxx routine and the slot(s) it fills. */
export interface DispatchRoutineRow {
  /** Routine name without prefix, e.g. `DispatchCreateClose`. */
  readonly routine: string;
  /** Short name used by snippets (`CreateClose`). */
  readonly shortName: string;
  readonly slots: readonly string[];
}

export const IRP_MJ_MAXIMUM_FUNCTION = 0x1b;
export const SLOT_COUNT = IRP_MJ_MAXIMUM_FUNCTION + 1;
export const DRIVER_DISPATCH_DOC =
  'https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nc-wdm-driver_dispatch';
const KERNEL_DOC = 'https://learn.microsoft.com/windows-hardware/drivers/kernel/';
/** The file-system codes are documented with the installable file system (IFS) pages. */
const IFS_DOC = 'https://learn.microsoft.com/windows-hardware/drivers/ifs/';
const PASSIVE = 'PASSIVE_LEVEL, in an arbitrary thread context.';
const FSD_NOTE =
  'Handled by file systems and file-system filter drivers; device drivers normally leave it unset, so the I/O manager fails it with STATUS_INVALID_DEVICE_REQUEST.';

function fsd(name: string, value: number, meaning: string, page: string): IrpMajorFunction {
  return {
    name,
    value,
    aliases: [],
    routines: [],
    meaning,
    irql: 'PASSIVE_LEVEL, normally in the context of the requesting thread (file systems are highest-level drivers).',
    requirement: 'fsd',
    requirementNote: FSD_NOTE,
    duties:
      'A file system carries out the request for the file object and completes it (or returns STATUS_PENDING); a filter passes it on to the file system below.',
    docUrl: IFS_DOC + page,
  };
}

export const IRP_MAJOR_FUNCTIONS: readonly IrpMajorFunction[] = [
  {
    name: 'IRP_MJ_CREATE',
    value: 0x00,
    aliases: [],
    routines: ['DispatchCreate', 'DispatchCreateClose'],
    meaning:
      'Someone opens a handle to the device object or to a file on it (CreateFile, ZwCreateFile, IoGetDeviceObjectPointer).',
    irql: 'PASSIVE_LEVEL. Highest-level drivers run in the context of the thread that opens the handle; lower drivers in an arbitrary thread.',
    requirement: 'typical',
    requirementNote:
      'Most drivers need it: without a handler every open of the device fails with STATUS_INVALID_DEVICE_REQUEST. Pair it with IRP_MJ_CLOSE (one DispatchCreateClose routine may serve both).',
    duties:
      'Handled synchronously: set Irp->IoStatus.Status (normally STATUS_SUCCESS) and Information to 0, call IoCompleteRequest(Irp, IO_NO_INCREMENT) and return the same status. A highest-level driver whose device has no namespace fails an open whose FileObject->FileName is not empty with STATUS_INVALID_PARAMETER.',
    docUrl: KERNEL_DOC + 'irp-mj-create',
  },
  fsd(
    'IRP_MJ_CREATE_NAMED_PIPE',
    0x01,
    'A named pipe is being created (CreateNamedPipe); only the named-pipe file system sees it.',
    'irp-mj-create-named-pipe',
  ),
  {
    name: 'IRP_MJ_CLOSE',
    value: 0x02,
    aliases: [],
    routines: ['DispatchClose', 'DispatchCreateClose'],
    meaning:
      'The last reference to a file object went away: every handle is closed and every outstanding I/O request on it has completed.',
    irql: PASSIVE,
    requirement: 'typical',
    requirementNote:
      'Needed by every driver that handles IRP_MJ_CREATE: the two come as a pair, and Close releases what Create set up.',
    duties:
      'Free what Create allocated for the file object, set Status to STATUS_SUCCESS and Information to 0, complete the IRP and return the status; a close cannot be refused.',
    docUrl: KERNEL_DOC + 'irp-mj-close',
  },
  {
    name: 'IRP_MJ_READ',
    value: 0x03,
    aliases: [],
    routines: ['DispatchRead', 'DispatchReadWrite'],
    meaning:
      'A caller wants data from the device (ReadFile, ZwReadFile, or a higher driver building a read IRP).',
    irql: 'PASSIVE_LEVEL normally; up to APC_LEVEL for lowest-level and intermediate drivers in the paging path, which must then not block or touch pageable data.',
    requirement: 'typical',
    requirementNote:
      'Needed by drivers of devices that deliver data to the system; a single DispatchReadWrite routine may serve reads and writes.',
    duties:
      'Validate Parameters.Read.Length and the buffer, start the transfer (queue the IRP and return STATUS_PENDING) or complete it with the bytes transferred in Information.',
    docUrl: KERNEL_DOC + 'irp-mj-read',
  },
  {
    name: 'IRP_MJ_WRITE',
    value: 0x04,
    aliases: [],
    routines: ['DispatchWrite', 'DispatchReadWrite'],
    meaning:
      'A caller sends data to the device (WriteFile, ZwWriteFile, or a higher driver building a write IRP).',
    irql: 'PASSIVE_LEVEL normally; up to APC_LEVEL for lowest-level and intermediate drivers in the paging path.',
    requirement: 'typical',
    requirementNote:
      'Needed by drivers of devices that accept data from the system; a single DispatchReadWrite routine may serve reads and writes.',
    duties:
      'Validate Parameters.Write.Length and the buffer, start the transfer or complete the IRP with the bytes written in Information.',
    docUrl: KERNEL_DOC + 'irp-mj-write',
  },
  {
    name: 'IRP_MJ_QUERY_INFORMATION',
    value: 0x05,
    aliases: [],
    routines: ['DispatchQueryInformation'],
    meaning:
      'A caller asks for information about the file object, such as its length or current position (GetFileInformationByHandle, ZwQueryInformationFile).',
    irql: PASSIVE,
    requirement: 'optional',
    requirementNote:
      'Optional; some highest-level drivers handle it, for example so that C runtime file functions work on their device.',
    duties:
      'Fill the requested FILE_XXX_INFORMATION structure (serial and parallel drivers report zero length and position) or fail with STATUS_INVALID_PARAMETER, then complete.',
    docUrl: KERNEL_DOC + 'irp-mj-query-information',
  },
  {
    name: 'IRP_MJ_SET_INFORMATION',
    value: 0x06,
    aliases: [],
    routines: ['DispatchSetInformation'],
    meaning:
      'A caller changes information about the file object, such as its end of file or position (SetFileInformationByHandle, ZwSetInformationFile).',
    irql: PASSIVE,
    requirement: 'optional',
    requirementNote: 'Optional; some highest-level drivers handle it.',
    duties:
      'Apply the supported FILE_XXX_INFORMATION class or fail with STATUS_INVALID_PARAMETER, then complete.',
    docUrl: KERNEL_DOC + 'irp-mj-set-information',
  },
  fsd(
    'IRP_MJ_QUERY_EA',
    0x07,
    'A caller reads the extended attributes of a file.',
    'irp-mj-query-ea',
  ),
  fsd('IRP_MJ_SET_EA', 0x08, 'A caller writes extended attributes of a file.', 'irp-mj-set-ea'),
  {
    name: 'IRP_MJ_FLUSH_BUFFERS',
    value: 0x09,
    aliases: [],
    routines: ['DispatchFlushBuffers'],
    meaning:
      'A caller asks that buffered or cached data be written to the device (FlushFileBuffers, ZwFlushBuffersFile).',
    irql: PASSIVE,
    requirement: 'storage-cache',
    requirementNote:
      'Optional for most drivers; required (together with IRP_MJ_SHUTDOWN) for mass-storage drivers that cache or buffer data and for drivers layered above them.',
    duties:
      'Write buffered or cached data out to the device (or discard data buffered from it), then pass the request to the lower driver when that one caches too, or complete it.',
    docUrl: KERNEL_DOC + 'irp-mj-flush-buffers',
  },
  fsd(
    'IRP_MJ_QUERY_VOLUME_INFORMATION',
    0x0a,
    'A caller asks for information about a volume.',
    'irp-mj-query-volume-information',
  ),
  fsd(
    'IRP_MJ_SET_VOLUME_INFORMATION',
    0x0b,
    'A caller changes information about a volume, such as its label.',
    'irp-mj-set-volume-information',
  ),
  fsd(
    'IRP_MJ_DIRECTORY_CONTROL',
    0x0c,
    'A caller lists a directory or asks to be told of changes in it.',
    'irp-mj-directory-control',
  ),
  fsd(
    'IRP_MJ_FILE_SYSTEM_CONTROL',
    0x0d,
    'A file-system control request (FSCTL) or a mount/verify request.',
    'irp-mj-file-system-control',
  ),
  {
    name: 'IRP_MJ_DEVICE_CONTROL',
    value: 0x0e,
    aliases: [],
    routines: ['DispatchDeviceControl'],
    meaning:
      'A caller sends an I/O control code (DeviceIoControl, ZwDeviceIoControlFile, IoBuildDeviceIoControlRequest).',
    irql: 'PASSIVE_LEVEL normally; up to APC_LEVEL for drivers in the paging path. Highest-level drivers run in the caller’s thread.',
    requirement: 'typical',
    requirementNote: 'Needed by drivers that accept device-specific requests (IOCTLs).',
    duties:
      'Switch on the full 32-bit control code, check InputBufferLength and OutputBufferLength before touching buffers, optionally call IoValidateDeviceIoControlAccess for stricter access checks, then complete or pass down; unknown codes get STATUS_INVALID_DEVICE_REQUEST.',
    docUrl: KERNEL_DOC + 'irp-mj-device-control',
  },
  {
    name: 'IRP_MJ_INTERNAL_DEVICE_CONTROL',
    value: 0x0f,
    aliases: ['IRP_MJ_SCSI'],
    routines: ['DispatchInternalDeviceControl'],
    meaning:
      'A kernel-mode component sends an internal control code; user mode cannot send it. Storage class and port drivers use it for SCSI request blocks (IRP_MJ_SCSI).',
    irql: 'Often PASSIVE_LEVEL, but some stacks send it at up to DISPATCH_LEVEL (USB request blocks, for example), so the routine must not be pageable.',
    requirement: 'optional',
    requirementNote:
      'Handled by certain class and port drivers (SCSI, keyboard, mouse, parallel, USB, HID); other drivers leave it unset or pass it down.',
    duties:
      'Switch on the internal control code, validate the parameters, then complete the IRP or pass it to the lower driver.',
    docUrl: KERNEL_DOC + 'irp-mj-internal-device-control',
  },
  {
    name: 'IRP_MJ_SHUTDOWN',
    value: 0x10,
    aliases: [],
    routines: ['DispatchShutdown'],
    meaning:
      'The system is shutting down; sent before the power manager sends the system set-power IRP for shutdown, and only to drivers that registered for it.',
    irql: 'At most APC_LEVEL.',
    requirement: 'storage-cache',
    requirementNote:
      'Delivered only after IoRegisterShutdownNotification or IoRegisterLastChanceShutdownNotification. Required (with IRP_MJ_FLUSH_BUFFERS) for mass-storage drivers that cache or buffer data.',
    duties:
      'Write out device caches and driver buffers and do whatever else must happen before power goes away, then complete the IRP with STATUS_SUCCESS. Unregister with IoUnregisterShutdownNotification before deleting the device object.',
    docUrl: KERNEL_DOC + 'irp-mj-shutdown',
  },
  fsd(
    'IRP_MJ_LOCK_CONTROL',
    0x11,
    'A caller locks or unlocks a byte range of a file.',
    'irp-mj-lock-control',
  ),
  {
    name: 'IRP_MJ_CLEANUP',
    value: 0x12,
    aliases: [],
    routines: ['DispatchCleanup'],
    meaning:
      'The last handle to a file object was closed (references and outstanding requests may remain); it runs in the context of the process that closed that handle.',
    irql: 'PASSIVE_LEVEL, in the context of the process that closed the last handle.',
    requirement: 'optional',
    requirementNote:
      'Optional. Drivers that hold IRPs in a queue need it, because the IRPs of the closing file object must be cancelled here; others may use it for cleanup not tied to one handle.',
    duties:
      'For every queued IRP of this file object: clear its cancel routine with IoSetCancelRoutine(NULL) and cancel it; synchronise with Read/Write that can still arrive; then complete the cleanup IRP with STATUS_SUCCESS.',
    docUrl: KERNEL_DOC + 'irp-mj-cleanup',
  },
  fsd(
    'IRP_MJ_CREATE_MAILSLOT',
    0x13,
    'A mailslot is being created; only the mailslot file system sees it.',
    'irp-mj-create-mailslot',
  ),
  fsd(
    'IRP_MJ_QUERY_SECURITY',
    0x14,
    'A caller reads the security descriptor of an object.',
    'irp-mj-query-security',
  ),
  fsd(
    'IRP_MJ_SET_SECURITY',
    0x15,
    'A caller sets the security descriptor of an object.',
    'irp-mj-set-security',
  ),
  {
    name: 'IRP_MJ_POWER',
    value: 0x16,
    aliases: [],
    routines: ['DispatchPower'],
    meaning:
      'The power manager (or a driver in the stack) queries or sets a system or device power state; the minor code says which (IRP_MN_SET_POWER, IRP_MN_QUERY_POWER, IRP_MN_WAIT_WAKE, IRP_MN_POWER_SEQUENCE).',
    irql: 'PASSIVE_LEVEL when the device object has DO_POWER_PAGABLE; can be DISPATCH_LEVEL for drivers in the paging or hibernation path and for DO_POWER_INRUSH devices.',
    requirement: 'pnp',
    requirementNote: 'Every PnP driver must handle it, at least by passing it down the stack.',
    duties:
      'Act on the states the driver owns and pass the IRP down with IoSkipCurrentIrpStackLocation or IoCopyCurrentIrpStackLocationToNext. Before Windows Vista call PoStartNextPowerIrp while the stack location is still yours and forward with PoCallDriver; from Vista on IoCallDriver works and PoStartNextPowerIrp does nothing. Power down on the way down, power up in an IoCompletion routine on the way up; never block and never change the major or minor code. The bus driver completes the IRP; a driver above it completes one only to fail it.',
    docUrl: KERNEL_DOC + 'irp-mj-power',
  },
  {
    name: 'IRP_MJ_SYSTEM_CONTROL',
    value: 0x17,
    aliases: [],
    routines: ['DispatchSystemControl'],
    meaning:
      'A WMI request (Windows Management Instrumentation) for data or events exposed by a driver in the stack.',
    irql: PASSIVE,
    requirement: 'all',
    requirementNote:
      'Every driver must provide it; a driver without WMI support still passes the IRP to the next lower driver.',
    duties:
      'If the driver registered as a WMI provider, hand the IRP to WmiSystemControl and act on its disposition; otherwise skip the stack location and call the lower driver.',
    docUrl: KERNEL_DOC + 'irp-mj-system-control',
  },
  {
    name: 'IRP_MJ_DEVICE_CHANGE',
    value: 0x18,
    aliases: [],
    routines: [],
    meaning: 'Defined in wdm.h, but the WDK documents no request that uses it.',
    irql: PASSIVE,
    requirement: 'optional',
    requirementNote: 'WDM drivers leave it unset.',
    duties: 'None documented; leave the slot unset.',
    docUrl: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/ns-wdm-_driver_object',
  },
  fsd(
    'IRP_MJ_QUERY_QUOTA',
    0x19,
    'A caller reads disk quota entries of a volume.',
    'irp-mj-query-quota',
  ),
  fsd(
    'IRP_MJ_SET_QUOTA',
    0x1a,
    'A caller changes disk quota entries of a volume.',
    'irp-mj-set-quota',
  ),
  {
    name: 'IRP_MJ_PNP',
    value: 0x1b,
    aliases: ['IRP_MJ_PNP_POWER'],
    routines: ['DispatchPnP'],
    meaning:
      'The PnP manager starts, stops, removes or queries the device; the minor code says which (IRP_MN_START_DEVICE, IRP_MN_REMOVE_DEVICE, IRP_MN_SURPRISE_REMOVAL, ...). IRP_MJ_PNP_POWER is its obsolete name.',
    irql: 'PASSIVE_LEVEL, in a system thread.',
    requirement: 'pnp',
    requirementNote: 'Every PnP driver (one that has an AddDevice routine) must handle it.',
    duties:
      'Function and filter drivers pass every PnP IRP down unless they fail it, leaving Status untouched for codes they do not handle. START is handled on the way up (after the lower drivers), REMOVE on the way down; on IRP_MN_REMOVE_DEVICE pass the IRP down, then detach and delete the device object.',
    docUrl: KERNEL_DOC + 'irp-mj-pnp',
  },
];

/** The 16 rows of the seed table (002): routine name and the slot(s) it fills. */
export const DISPATCH_ROUTINES: readonly DispatchRoutineRow[] = [
  { routine: 'DispatchCleanup', shortName: 'Cleanup', slots: ['IRP_MJ_CLEANUP'] },
  { routine: 'DispatchClose', shortName: 'Close', slots: ['IRP_MJ_CLOSE'] },
  { routine: 'DispatchCreate', shortName: 'Create', slots: ['IRP_MJ_CREATE'] },
  {
    routine: 'DispatchCreateClose',
    shortName: 'CreateClose',
    slots: ['IRP_MJ_CREATE', 'IRP_MJ_CLOSE'],
  },
  {
    routine: 'DispatchDeviceControl',
    shortName: 'DeviceControl',
    slots: ['IRP_MJ_DEVICE_CONTROL'],
  },
  { routine: 'DispatchFlushBuffers', shortName: 'FlushBuffers', slots: ['IRP_MJ_FLUSH_BUFFERS'] },
  {
    routine: 'DispatchInternalDeviceControl',
    shortName: 'InternalDeviceControl',
    slots: ['IRP_MJ_INTERNAL_DEVICE_CONTROL'],
  },
  { routine: 'DispatchPnP', shortName: 'PnP', slots: ['IRP_MJ_PNP'] },
  { routine: 'DispatchPower', shortName: 'Power', slots: ['IRP_MJ_POWER'] },
  {
    routine: 'DispatchQueryInformation',
    shortName: 'QueryInformation',
    slots: ['IRP_MJ_QUERY_INFORMATION'],
  },
  { routine: 'DispatchRead', shortName: 'Read', slots: ['IRP_MJ_READ'] },
  { routine: 'DispatchReadWrite', shortName: 'ReadWrite', slots: ['IRP_MJ_READ', 'IRP_MJ_WRITE'] },
  {
    routine: 'DispatchSetInformation',
    shortName: 'SetInformation',
    slots: ['IRP_MJ_SET_INFORMATION'],
  },
  { routine: 'DispatchShutdown', shortName: 'Shutdown', slots: ['IRP_MJ_SHUTDOWN'] },
  {
    routine: 'DispatchSystemControl',
    shortName: 'SystemControl',
    slots: ['IRP_MJ_SYSTEM_CONTROL'],
  },
  { routine: 'DispatchWrite', shortName: 'Write', slots: ['IRP_MJ_WRITE'] },
];

const byName = new Map<string, IrpMajorFunction>();
for (const irp of IRP_MAJOR_FUNCTIONS) {
  byName.set(irp.name, irp);
  for (const alias of irp.aliases) byName.set(alias, irp);
}

/** Every IRP_MJ name wdm.h defines for a slot: canonical names and aliases. */
export const ALL_IRP_MJ_NAMES: readonly string[] = [...byName.keys()];

/** The entry for a canonical name or an alias (`IRP_MJ_SCSI` gives IRP_MJ_INTERNAL_DEVICE_CONTROL). */
export function irpByName(name: string): IrpMajorFunction | undefined {
  return byName.get(name);
}

export function irpByValue(value: number): IrpMajorFunction | undefined {
  return value >= 0 && value < SLOT_COUNT ? IRP_MAJOR_FUNCTIONS[value] : undefined;
}

/** Parses a C integer literal (`14`, `0x0e`, `0x0EUL`); undefined when it is not one. */
export function parseCInteger(text: string): number | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(text.trim());
  if (!m) return undefined;
  const digits = m[1];
  if (/^0[xX]/.test(digits)) return parseInt(digits.slice(2), 16);
  if (digits.length > 1 && digits.startsWith('0')) return parseInt(digits, 8);
  return parseInt(digits, 10);
}

/**
 * The canonical slot an index expression names: an IRP_MJ name or alias, or an integer literal in
 * 0x00..0x1b. Undefined for anything else (variables, IRP_MN codes, out-of-range numbers).
 */
export function canonicalSlot(written: string): string | undefined {
  const text = written.trim();
  const named = byName.get(text);
  if (named) return named.name;
  const value = parseCInteger(text);
  return value === undefined ? undefined : irpByValue(value)?.name;
}

/** Formats a slot value the way wdm.h and PREfast messages do: `0x0e`. */
export function hexValue(value: number): string {
  return '0x' + value.toString(16).padStart(2, '0');
}
