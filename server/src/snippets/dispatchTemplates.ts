// The C bodies of the DispatchXxx snippets, keyed by the routine names of the seed table
// (DISPATCH_ROUTINES in irpTable.ts). Each body does what the documentation asks of its routine;
// the generator adds the declaration, the definition line and the snippet placeholders.

/** How a template names the things a snippet lets the user rename. */
export interface TemplateVars {
  /** The driver prefix (`Xxx`): a tab stop in snippets, plain text in the driver skeleton. */
  readonly prefix: string;
  /** A further renameable name with its default (a tab stop in snippets, the default elsewhere). */
  readonly name: (key: string, defaultText: string) => string;
}

export interface DispatchTemplate {
  /** Completes the snippet description after the slot names: what the body does. */
  readonly summary: string;
  /** Runs at PASSIVE_LEVEL only, so the skeleton may place it in the PAGE section. */
  readonly pageable: boolean;
  /** Lines placed before the declaration (control-code definitions). */
  readonly preamble?: (v: TemplateVars) => string[];
  /** The statements of the function body, indented by 4 spaces. */
  readonly body: (v: TemplateVars) => string[];
}

/** The device extension type the bodies cast DeviceObject->DeviceExtension to. */
const ext = (v: TemplateVars): string => v.name('extension', 'PDEVICE_EXTENSION');

const complete = (status: string, information: string): string[] => [
  `    Irp->IoStatus.Status = ${status};`,
  `    Irp->IoStatus.Information = ${information};`,
  '    IoCompleteRequest(Irp, IO_NO_INCREMENT);',
];

const extensionLine = (v: TemplateVars): string =>
  `    ${ext(v)} deviceExtension = (${ext(v)})DeviceObject->DeviceExtension;`;

const createBody = (indent: string): string[] => [
  `${indent}// A device without a namespace refuses opens of a path below its name.`,
  `${indent}if (stack->FileObject != NULL && stack->FileObject->FileName.Length != 0) {`,
  `${indent}    status = STATUS_INVALID_PARAMETER;`,
  `${indent}}`,
  `${indent}// TODO: set up per-open state here (stack->FileObject->FsContext) or fail the open.`,
];

const closeBody = (indent: string, fileObject: string): string[] => [
  `${indent}// TODO: free what the create request set up for ${fileObject}.`,
  `${indent}// Close cannot fail: every handle and every request on it are already gone.`,
];

/** Read and write bodies share the length check; `transfer` fills the final else branch. */
const transferBody = (lengthExpr: string, bufferNote: string, transfer: string[]): string[] => [
  '    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);',
  `    ULONG length = ${lengthExpr};`,
  '    NTSTATUS status = STATUS_SUCCESS;',
  '    ULONG_PTR information = 0;',
  '',
  '    UNREFERENCED_PARAMETER(DeviceObject);',
  '',
  `    // With DO_BUFFERED_IO the data ${bufferNote} Irp->AssociatedIrp.SystemBuffer (length bytes);`,
  '    // with DO_DIRECT_IO use Irp->MdlAddress instead.',
  '    if (length == 0) {',
  '        // A zero-length transfer succeeds and moves nothing.',
  '    } else if (Irp->AssociatedIrp.SystemBuffer == NULL) {',
  '        status = STATUS_INVALID_USER_BUFFER;',
  ...transfer,
  '    }',
  '',
  ...complete('status', 'information'),
  '    return status;',
];

const readTransfer = (keyword: string): string[] => [
  `    } ${keyword} {`,
  '        // TODO: copy at most length bytes of device data into the buffer and set information to',
  '        // the count, or start the transfer, call IoMarkIrpPending(Irp) and return STATUS_PENDING',
  '        // without completing the IRP here. As written, nothing is read.',
  '        information = 0;',
];

const writeTransfer = (keyword: string): string[] => [
  `    } ${keyword} {`,
  '        // TODO: hand length bytes from the buffer to the device, or start the transfer, call',
  '        // IoMarkIrpPending(Irp) and return STATUS_PENDING. As written, the data is dropped.',
  '        information = length;',
];

const forward = (v: TemplateVars, comment: string[]): string[] => [
  extensionLine(v),
  '',
  ...comment,
  '    IoSkipCurrentIrpStackLocation(Irp);',
  '    return IoCallDriver(deviceExtension->LowerDeviceObject, Irp);',
];

export const DISPATCH_TEMPLATES: Readonly<Record<string, DispatchTemplate>> = {
  DispatchCleanup: {
    summary: "cancels the file object's queued IRPs, then completes",
    pageable: false,
    body: (v) => [
      extensionLine(v),
      '    PFILE_OBJECT fileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;',
      '    LIST_ENTRY cancelled;',
      '    PLIST_ENTRY entry;',
      '    KIRQL oldIrql;',
      '',
      "    // Take this file object's IRPs off the driver's queue (QueueLock and PendingIrpQueue in the",
      '    // device extension; with a cancel-safe queue, call IoCsqRemoveNextIrp with the file object',
      '    // instead). An IRP whose cancel routine already runs (IoSetCancelRoutine returns NULL) is',
      '    // left to that routine, which completes it.',
      '    InitializeListHead(&cancelled);',
      '    KeAcquireSpinLock(&deviceExtension->QueueLock, &oldIrql);',
      '    entry = deviceExtension->PendingIrpQueue.Flink;',
      '    while (entry != &deviceExtension->PendingIrpQueue) {',
      '        PIRP queuedIrp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);',
      '        entry = entry->Flink;',
      '        if (IoGetCurrentIrpStackLocation(queuedIrp)->FileObject == fileObject &&',
      '            IoSetCancelRoutine(queuedIrp, NULL) != NULL) {',
      '            RemoveEntryList(&queuedIrp->Tail.Overlay.ListEntry);',
      '            InsertTailList(&cancelled, &queuedIrp->Tail.Overlay.ListEntry);',
      '        }',
      '    }',
      '    KeReleaseSpinLock(&deviceExtension->QueueLock, oldIrql);',
      '',
      '    // Complete them as cancelled, outside the lock.',
      '    while (!IsListEmpty(&cancelled)) {',
      '        PIRP queuedIrp = CONTAINING_RECORD(RemoveHeadList(&cancelled), IRP, Tail.Overlay.ListEntry);',
      '        queuedIrp->IoStatus.Status = STATUS_CANCELLED;',
      '        queuedIrp->IoStatus.Information = 0;',
      '        IoCompleteRequest(queuedIrp, IO_NO_INCREMENT);',
      '    }',
      '',
      '    // TODO: release other per-handle resources. Read and write requests can still arrive while',
      '    // this runs: take the same lock before freeing anything they use.',
      ...complete('STATUS_SUCCESS', '0'),
      '    return STATUS_SUCCESS;',
    ],
  },

  DispatchClose: {
    summary: 'frees per-open state and completes with STATUS_SUCCESS',
    pageable: true,
    body: () => [
      '    UNREFERENCED_PARAMETER(DeviceObject);',
      '    PAGED_CODE();',
      '',
      ...closeBody('    ', 'IoGetCurrentIrpStackLocation(Irp)->FileObject'),
      ...complete('STATUS_SUCCESS', '0'),
      '    return STATUS_SUCCESS;',
    ],
  },

  DispatchCreate: {
    summary: 'accepts the open and completes with STATUS_SUCCESS',
    pageable: true,
    body: () => [
      '    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);',
      '    NTSTATUS status = STATUS_SUCCESS;',
      '',
      '    UNREFERENCED_PARAMETER(DeviceObject);',
      '    PAGED_CODE();',
      '',
      ...createBody('    '),
      ...complete('status', '0'),
      '    return status;',
    ],
  },

  DispatchCreateClose: {
    summary: 'one routine for opens and closes; completes with STATUS_SUCCESS',
    pageable: true,
    body: () => [
      '    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);',
      '    NTSTATUS status = STATUS_SUCCESS;',
      '',
      '    UNREFERENCED_PARAMETER(DeviceObject);',
      '    PAGED_CODE();',
      '',
      '    if (stack->MajorFunction == IRP_MJ_CREATE) {',
      ...createBody('        '),
      '    } else {',
      ...closeBody('        ', 'stack->FileObject'),
      '    }',
      ...complete('status', '0'),
      '    return status;',
    ],
  },

  DispatchDeviceControl: {
    summary: 'switches on the control code, checks buffer lengths, fails unknown codes',
    pageable: false,
    preamble: (v) => [
      '// A control code of this device; it usually lives in a header shared with applications.',
      '// Function numbers from 0x800 up are free for vendors.',
      `#define ${v.name('ioctl', 'IOCTL_XXX_EXAMPLE')} CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)`,
      '',
    ],
    body: (v) => [
      '    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);',
      '    ULONG inputLength = stack->Parameters.DeviceIoControl.InputBufferLength;',
      '    ULONG outputLength = stack->Parameters.DeviceIoControl.OutputBufferLength;',
      '    NTSTATUS status;',
      '    ULONG_PTR information = 0;',
      '',
      '    UNREFERENCED_PARAMETER(DeviceObject);',
      '',
      '    // Compare the whole 32-bit code: device type, access, function and method all count.',
      '    // For access checks stricter than the FILE_XXX bits of the code, call',
      '    // IoValidateDeviceIoControlAccess (wdmsec.h) in the case concerned.',
      '    switch (stack->Parameters.DeviceIoControl.IoControlCode) {',
      `    case ${v.name('ioctl', 'IOCTL_XXX_EXAMPLE')}:`,
      '        // METHOD_BUFFERED: input and output share Irp->AssociatedIrp.SystemBuffer.',
      '        if (inputLength < sizeof(ULONG)) {',
      '            status = STATUS_INVALID_PARAMETER;',
      '        } else if (outputLength < sizeof(ULONG)) {',
      '            status = STATUS_BUFFER_TOO_SMALL;',
      '        } else {',
      '            // TODO: do the work of this control code. As written, the input ULONG is echoed.',
      '            information = sizeof(ULONG);',
      '            status = STATUS_SUCCESS;',
      '        }',
      '        break;',
      '    // TODO: one case per control code of this device.',
      '    default:',
      '        status = STATUS_INVALID_DEVICE_REQUEST;',
      '        break;',
      '    }',
      '',
      ...complete('status', 'information'),
      '    return status;',
    ],
  },

  DispatchFlushBuffers: {
    summary: 'writes buffered data out, then passes the flush down the stack',
    pageable: false,
    body: (v) =>
      forward(v, [
        '    // TODO: write out the data this driver buffers for the device (or drop data it buffered',
        '    // from the device) and wait until that is done.',
        '    // Lower drivers may cache as well, so the flush continues down the stack.',
      ]),
  },

  DispatchInternalDeviceControl: {
    summary: 'handles its internal control codes, passes the others down',
    pageable: false,
    preamble: (v) => [
      '// An internal control code: only kernel-mode components can send it.',
      `#define ${v.name('ioctl', 'IOCTL_XXX_INTERNAL_EXAMPLE')} CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_NEITHER, FILE_ANY_ACCESS)`,
      '',
    ],
    body: (v) => [
      extensionLine(v),
      '    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);',
      '',
      '    switch (stack->Parameters.DeviceIoControl.IoControlCode) {',
      `    case ${v.name('ioctl', 'IOCTL_XXX_INTERNAL_EXAMPLE')}:`,
      '        // TODO: check and use the arguments the code defines (often',
      '        // stack->Parameters.Others.Argument1..4), then complete.',
      ...complete('STATUS_SUCCESS', '0').map((line) => '    ' + line),
      '        return STATUS_SUCCESS;',
      '    default:',
      '        // Codes meant for a lower driver go down the stack unchanged.',
      '        IoSkipCurrentIrpStackLocation(Irp);',
      '        return IoCallDriver(deviceExtension->LowerDeviceObject, Irp);',
      '    }',
    ],
  },

  DispatchPnP: {
    summary:
      'starts on the way up, passes every request down, detaches and deletes on IRP_MN_REMOVE_DEVICE',
    pageable: true,
    body: (v) => [
      extensionLine(v),
      '    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);',
      '    NTSTATUS status;',
      '',
      '    PAGED_CODE();',
      '',
      '    // A production driver also holds an IO_REMOVE_LOCK across every IRP (IoAcquireRemoveLock)',
      '    // and waits for it on removal (IoReleaseRemoveLockAndWait).',
      '    switch (stack->MinorFunction) {',
      '    case IRP_MN_START_DEVICE:',
      '        // Start on the way up: the lower drivers must have started the device first.',
      '        status = IoForwardIrpSynchronously(deviceExtension->LowerDeviceObject, Irp)',
      '                     ? Irp->IoStatus.Status',
      '                     : STATUS_UNSUCCESSFUL;',
      '        if (NT_SUCCESS(status)) {',
      '            // TODO: use stack->Parameters.StartDevice.AllocatedResourcesTranslated (registers,',
      '            // interrupt) and enable the device.',
      '        }',
      ...complete('status', '0').map((line) => '    ' + line),
      '        return status;',
      '    case IRP_MN_REMOVE_DEVICE:',
      '        // Remove on the way down: stop the hardware and fail queued IRPs (TODO), pass the',
      '        // request on, then leave the stack and delete the device object.',
      '        Irp->IoStatus.Status = STATUS_SUCCESS;',
      '        IoSkipCurrentIrpStackLocation(Irp);',
      '        status = IoCallDriver(deviceExtension->LowerDeviceObject, Irp);',
      '        IoDetachDevice(deviceExtension->LowerDeviceObject);',
      '        IoDeleteDevice(DeviceObject);',
      '        return status;',
      '    case IRP_MN_QUERY_REMOVE_DEVICE:',
      '    case IRP_MN_CANCEL_REMOVE_DEVICE:',
      '    case IRP_MN_SURPRISE_REMOVAL:',
      '    case IRP_MN_QUERY_STOP_DEVICE:',
      '    case IRP_MN_CANCEL_STOP_DEVICE:',
      '    case IRP_MN_STOP_DEVICE:',
      '        // Requests every function driver must accept: TODO: pause or resume I/O as each asks,',
      '        // report success and let the lower drivers see it too.',
      '        Irp->IoStatus.Status = STATUS_SUCCESS;',
      '        break;',
      '    default:',
      '        // Requests this driver does not handle go down with their status untouched.',
      '        break;',
      '    }',
      '',
      '    IoSkipCurrentIrpStackLocation(Irp);',
      '    return IoCallDriver(deviceExtension->LowerDeviceObject, Irp);',
    ],
  },

  DispatchPower: {
    summary: 'PoStartNextPowerIrp, then passes the IRP down with PoCallDriver',
    pageable: false,
    body: (v) => [
      extensionLine(v),
      '',
      '    // TODO: act on the IRP_MN_SET_POWER and IRP_MN_QUERY_POWER requests this driver cares about',
      '    // (IoGetCurrentIrpStackLocation(Irp)->MinorFunction): save device state before powering down,',
      '    // restore it after powering up in an IoCompletion routine. Never block here and never change',
      '    // the major or minor code; the bus driver completes power IRPs.',
      '',
      '    // Before Windows Vista a driver calls PoStartNextPowerIrp while it still owns the stack',
      '    // location and forwards with PoCallDriver; from Vista on PoStartNextPowerIrp does nothing',
      '    // and IoCallDriver works as well.',
      '    PoStartNextPowerIrp(Irp);',
      '    IoSkipCurrentIrpStackLocation(Irp);',
      '    return PoCallDriver(deviceExtension->LowerDeviceObject, Irp);',
    ],
  },

  DispatchQueryInformation: {
    summary: 'reports a zero length and position, as serial drivers do',
    pageable: true,
    body: () => [
      '    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);',
      '    ULONG length = stack->Parameters.QueryFile.Length;',
      '    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;',
      '    NTSTATUS status;',
      '    ULONG_PTR information = 0;',
      '',
      '    UNREFERENCED_PARAMETER(DeviceObject);',
      '    PAGED_CODE();',
      '',
      '    // Like the serial and parallel drivers, this device reports a length and a position of',
      '    // zero, enough for C runtime file functions. TODO: report real values if it has them.',
      '    switch (stack->Parameters.QueryFile.FileInformationClass) {',
      '    case FileStandardInformation:',
      '        if (length < sizeof(FILE_STANDARD_INFORMATION)) {',
      '            status = STATUS_BUFFER_TOO_SMALL;',
      '        } else {',
      '            RtlZeroMemory(buffer, sizeof(FILE_STANDARD_INFORMATION));',
      '            information = sizeof(FILE_STANDARD_INFORMATION);',
      '            status = STATUS_SUCCESS;',
      '        }',
      '        break;',
      '    case FilePositionInformation:',
      '        if (length < sizeof(FILE_POSITION_INFORMATION)) {',
      '            status = STATUS_BUFFER_TOO_SMALL;',
      '        } else {',
      '            RtlZeroMemory(buffer, sizeof(FILE_POSITION_INFORMATION));',
      '            information = sizeof(FILE_POSITION_INFORMATION);',
      '            status = STATUS_SUCCESS;',
      '        }',
      '        break;',
      '    default:',
      '        status = STATUS_INVALID_PARAMETER;',
      '        break;',
      '    }',
      '',
      ...complete('status', 'information'),
      '    return status;',
    ],
  },

  DispatchRead: {
    summary: 'validates Parameters.Read.Length, reports the bytes read in Information',
    pageable: false,
    body: () => transferBody('stack->Parameters.Read.Length', 'goes to', readTransfer('else')),
  },

  DispatchReadWrite: {
    summary: 'one routine for reads and writes; validates the length, reports the bytes moved',
    pageable: false,
    body: () =>
      transferBody(
        'stack->MajorFunction == IRP_MJ_READ ? stack->Parameters.Read.Length\n' +
          '                                                     : stack->Parameters.Write.Length',
        'goes to or comes from',
        [
          ...readTransfer('else if (stack->MajorFunction == IRP_MJ_READ)'),
          ...writeTransfer('else'),
        ],
      ).flatMap((line) => line.split('\n')),
  },

  DispatchSetInformation: {
    summary: 'accepts end-of-file and allocation changes, fails other classes',
    pageable: true,
    body: () => [
      '    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);',
      '    NTSTATUS status;',
      '',
      '    UNREFERENCED_PARAMETER(DeviceObject);',
      '    PAGED_CODE();',
      '',
      '    // A device without a file length accepts and ignores end-of-file and allocation changes,',
      '    // as the serial driver does. TODO: apply the classes this device supports.',
      '    switch (stack->Parameters.SetFile.FileInformationClass) {',
      '    case FileEndOfFileInformation:',
      '    case FileAllocationInformation:',
      '        status = STATUS_SUCCESS;',
      '        break;',
      '    default:',
      '        status = STATUS_INVALID_PARAMETER;',
      '        break;',
      '    }',
      '',
      ...complete('status', '0'),
      '    return status;',
    ],
  },

  DispatchShutdown: {
    summary: 'flushes before power goes away, completes with STATUS_SUCCESS',
    pageable: true,
    body: () => [
      '    UNREFERENCED_PARAMETER(DeviceObject);',
      '    PAGED_CODE();',
      '',
      '    // Sent only to device objects registered with IoRegisterShutdownNotification (or',
      '    // IoRegisterLastChanceShutdownNotification); call IoUnregisterShutdownNotification before',
      '    // IoDeleteDevice.',
      '    // TODO: flush device caches and driver buffers to the hardware here.',
      ...complete('STATUS_SUCCESS', '0'),
      '    return STATUS_SUCCESS;',
    ],
  },

  DispatchSystemControl: {
    summary: 'forwards the WMI request to the next lower driver',
    pageable: true,
    body: (v) => [
      extensionLine(v),
      '',
      '    PAGED_CODE();',
      '',
      '    // This driver is no WMI provider, so the request goes down unchanged. TODO: a provider',
      '    // calls WmiSystemControl (wmilib.h) instead and forwards only what it does not own.',
      '    IoSkipCurrentIrpStackLocation(Irp);',
      '    return IoCallDriver(deviceExtension->LowerDeviceObject, Irp);',
    ],
  },

  DispatchWrite: {
    summary: 'validates Parameters.Write.Length, reports the bytes written in Information',
    pageable: false,
    body: () => transferBody('stack->Parameters.Write.Length', 'comes from', writeTransfer('else')),
  },
};
