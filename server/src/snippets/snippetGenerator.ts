// Builds the VS Code snippet file from the IRP table: one DispatchXxx snippet per seed-table row,
// the `wdmDriver` skeleton and the `wdmRegister` block. Pure: `scripts/generateSnippets.ts` writes
// the result to snippets/wdm.code-snippets and a manifest test checks the committed file.
import { DISPATCH_ROUTINES, type DispatchRoutineRow, irpByName } from '../irpTable';
import { DISPATCH_TEMPLATES, type DispatchTemplate, type TemplateVars } from './dispatchTemplates';

export interface VsCodeSnippet {
  readonly prefix: string;
  readonly description: string;
  readonly scope: string;
  readonly body: string[];
}
export type SnippetFile = Record<string, VsCodeSnippet>;

/** Where the generated file lives, relative to the repository root. */
export const SNIPPET_FILE = 'snippets/wdm.code-snippets';
export const DEFAULT_PREFIX = 'Xxx';
/** The dispatch routines the `wdmDriver` skeleton defines and registers. */
export const SKELETON_ROUTINES = [
  'DispatchCreateClose',
  'DispatchPnP',
  'DispatchPower',
  'DispatchSystemControl',
] as const;
/** The routines `wdmRegister` registers: those most device drivers need (research section 4.1). */
export const REGISTER_ROUTINES = [
  'DispatchCreate',
  'DispatchClose',
  'DispatchRead',
  'DispatchWrite',
  'DispatchDeviceControl',
  'DispatchPower',
  'DispatchSystemControl',
  'DispatchPnP',
] as const;

/** The prefix a user types for a seed-table row: `dispatchCreateClose`. */
export function dispatchSnippetPrefix(row: DispatchRoutineRow): string {
  return 'dispatch' + row.shortName;
}

/** Routines of the seed table without a body template (the generator refuses to run then). */
export function routinesWithoutTemplate(): string[] {
  return DISPATCH_ROUTINES.filter((row) => !DISPATCH_TEMPLATES[row.routine]).map((r) => r.routine);
}

// Templates return C text with placeholders marked by private-use characters, so that the C text
// can be escaped for the snippet syntax first and the `${n:default}` tab stops inserted after.
const OPEN = '\uE000';
const SEP = '\uE001';
const CLOSE = '\uE002';
const MARKED = new RegExp(`${OPEN}(\\d+)${SEP}([^${CLOSE}]*)${CLOSE}`);

function tabStop(index: number, defaultText: string): string {
  return `${OPEN}${index}${SEP}${defaultText}${CLOSE}`;
}

/** Template variables: the prefix is tab stop 1; other names are tab stops 2, 3, ... if wanted. */
function templateVars(renameableNames: boolean): TemplateVars {
  const assigned = new Map<string, number>();
  return {
    prefix: tabStop(1, DEFAULT_PREFIX),
    name: (key, defaultText) => {
      if (!renameableNames) return defaultText;
      let index = assigned.get(key);
      if (index === undefined) {
        index = assigned.size + 2;
        assigned.set(key, index);
      }
      return tabStop(index, defaultText);
    },
  };
}

/**
 * Escapes literal text for a snippet body, then inserts the tab stops. In plain text only `$` and
 * `\` are special; inside a placeholder's default `}` is too.
 */
export function toSnippetLines(lines: readonly string[]): string[] {
  const escape = (text: string, special: RegExp): string =>
    text.replace(special, (ch) => '\\' + ch);
  return lines
    .flatMap((line) => line.split('\n'))
    .map((line) => {
      // split() with the two capture groups gives text, index, default, text, index, default, ...
      const parts = line.split(MARKED);
      let out = '';
      for (let i = 0; i < parts.length; i += 3) {
        out += escape(parts[i], /[\\$]/g);
        if (i + 2 < parts.length) out += `\${${parts[i + 1]}:${escape(parts[i + 2], /[\\$}]/g)}}`;
      }
      return out;
    });
}

function templateFor(routine: string): DispatchTemplate {
  const template = DISPATCH_TEMPLATES[routine];
  if (!template) {
    throw new Error(`no snippet template for ${routine}: add it to dispatchTemplates.ts`);
  }
  return template;
}

function checkSlots(row: DispatchRoutineRow): void {
  for (const slot of row.slots) {
    if (irpByName(slot)?.name !== slot) throw new Error(`${row.routine}: unknown slot ${slot}`);
  }
}

function declaration(row: DispatchRoutineRow, prefix: string): string {
  const types = row.slots.map((slot) => `_Dispatch_type_(${slot})`).join(' ');
  return `${types} DRIVER_DISPATCH ${prefix}${row.routine};`;
}

function definition(row: DispatchRoutineRow, vars: TemplateVars): string[] {
  return [
    '_Use_decl_annotations_',
    `NTSTATUS ${vars.prefix}${row.routine}(PDEVICE_OBJECT DeviceObject, PIRP Irp)`,
    '{',
    ...templateFor(row.routine).body(vars),
    '}',
  ];
}

function registration(row: DispatchRoutineRow, driverObject: string, prefix: string): string[] {
  return row.slots.map(
    (slot) => `${driverObject}->MajorFunction[${slot}] = ${prefix}${row.routine};`,
  );
}

function rowByRoutine(routine: string): DispatchRoutineRow {
  const row = DISPATCH_ROUTINES.find((r) => r.routine === routine);
  if (!row) throw new Error(`${routine} is not a row of DISPATCH_ROUTINES`);
  return row;
}

function dispatchSnippet(row: DispatchRoutineRow): VsCodeSnippet {
  checkSlots(row);
  const vars = templateVars(true);
  const template = templateFor(row.routine);
  const lines = [
    ...(template.preamble?.(vars) ?? []),
    `// ${row.routine}: register it in DriverEntry with`,
    ...registration(row, 'DriverObject', vars.prefix).map((line) => '//     ' + line),
    declaration(row, vars.prefix),
    '',
    ...definition(row, vars),
  ];
  const slots = row.slots.map((slot) => `MajorFunction[${slot}]`).join(' and ');
  return {
    prefix: dispatchSnippetPrefix(row),
    description: `${row.routine} for ${slots}: ${template.summary}.`,
    scope: 'c,cpp',
    body: toSnippetLines(lines),
  };
}

function driverSkeleton(): VsCodeSnippet {
  const vars = templateVars(false);
  const p = vars.prefix;
  const rows = SKELETON_ROUTINES.map(rowByRoutine);
  const paged = rows.filter((row) => templateFor(row.routine).pageable);
  const lines = [
    `// ${p} driver: a minimal WDM function driver. Fill in the TODOs; add routines with the`,
    '// dispatch... snippets and register them in DriverEntry.',
    '#include <ntddk.h>',
    '',
    '// Per-device state, reached through DeviceObject->DeviceExtension.',
    'typedef struct _DEVICE_EXTENSION {',
    '    PDEVICE_OBJECT Self;              // the device object this extension belongs to',
    '    PDEVICE_OBJECT LowerDeviceObject; // next lower device object: where IRPs are passed down',
    '    KSPIN_LOCK QueueLock;             // protects PendingIrpQueue',
    '    LIST_ENTRY PendingIrpQueue;       // IRPs the driver holds, linked by Tail.Overlay.ListEntry',
    '} DEVICE_EXTENSION, *PDEVICE_EXTENSION;',
    '',
    '// Role-type declarations let Code Analysis and SDV check each routine against its contract.',
    '#ifdef __cplusplus',
    'extern "C" {',
    '#endif',
    'DRIVER_INITIALIZE DriverEntry;',
    `DRIVER_ADD_DEVICE ${p}AddDevice;`,
    `DRIVER_UNLOAD ${p}Unload;`,
    ...rows.map((row) => declaration(row, p)),
    '#ifdef __cplusplus',
    '}',
    '#endif',
    '',
    '#ifdef ALLOC_PRAGMA',
    '#pragma alloc_text(INIT, DriverEntry)',
    `#pragma alloc_text(PAGE, ${p}AddDevice)`,
    `#pragma alloc_text(PAGE, ${p}Unload)`,
    ...paged.map((row) => `#pragma alloc_text(PAGE, ${p}${row.routine})`),
    '#endif',
    '',
    '_Use_decl_annotations_',
    'NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)',
    '{',
    '    UNREFERENCED_PARAMETER(RegistryPath);',
    '',
    '    // The I/O manager sends this driver only the IRPs whose slot is set.',
    ...rows.flatMap((row) => registration(row, 'DriverObject', p)).map((line) => '    ' + line),
    `    DriverObject->DriverExtension->AddDevice = ${p}AddDevice;`,
    `    DriverObject->DriverUnload = ${p}Unload;`,
    '    return STATUS_SUCCESS;',
    '}',
    '',
    '_Use_decl_annotations_',
    `NTSTATUS ${p}AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)`,
    '{',
    '    PDEVICE_OBJECT deviceObject = NULL;',
    '    PDEVICE_EXTENSION deviceExtension;',
    '    NTSTATUS status;',
    '',
    '    PAGED_CODE();',
    '',
    '    // TODO: let applications find the device: register a device interface here',
    '    // (IoRegisterDeviceInterface) and enable it once started, or name the device object.',
    '    status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,',
    '                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);',
    '    if (!NT_SUCCESS(status)) {',
    '        return status;',
    '    }',
    '',
    '    deviceExtension = (PDEVICE_EXTENSION)deviceObject->DeviceExtension;',
    '    deviceExtension->Self = deviceObject;',
    '    KeInitializeSpinLock(&deviceExtension->QueueLock);',
    '    InitializeListHead(&deviceExtension->PendingIrpQueue);',
    '    deviceExtension->LowerDeviceObject =',
    '        IoAttachDeviceToDeviceStack(deviceObject, PhysicalDeviceObject);',
    '    if (deviceExtension->LowerDeviceObject == NULL) {',
    '        IoDeleteDevice(deviceObject);',
    '        return STATUS_NO_SUCH_DEVICE;',
    '    }',
    '',
    '    // Buffered reads and writes, power IRPs at PASSIVE_LEVEL; clearing DO_DEVICE_INITIALIZING',
    '    // last lets the I/O manager send requests to the new device object.',
    '    deviceObject->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;',
    '    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;',
    '    return STATUS_SUCCESS;',
    '}',
    '',
    '_Use_decl_annotations_',
    `VOID ${p}Unload(PDRIVER_OBJECT DriverObject)`,
    '{',
    '    UNREFERENCED_PARAMETER(DriverObject);',
    '    PAGED_CODE();',
    '',
    '    // Device objects are deleted on IRP_MN_REMOVE_DEVICE. TODO: free what DriverEntry allocated.',
    '}',
    ...rows.flatMap((row) => ['', ...definition(row, vars)]),
  ];
  const registered = rows.flatMap((row) => row.slots).join(', ');
  return {
    prefix: 'wdmDriver',
    description: `A minimal WDM function driver: device extension, DriverEntry, AddDevice, Unload, alloc_text pragmas and dispatch routines for ${registered}.`,
    scope: 'c,cpp',
    body: toSnippetLines(lines),
  };
}

function registerBlock(): VsCodeSnippet {
  const rows = REGISTER_ROUTINES.map(rowByRoutine);
  const driverObject = tabStop(1, 'DriverObject');
  const prefix = tabStop(2, DEFAULT_PREFIX);
  const value = (slot: string): number => irpByName(slot)?.value ?? -1;
  const lines = rows
    .flatMap((row) => row.slots.map((slot) => ({ slot, row })))
    .sort((a, b) => value(a.slot) - value(b.slot))
    .map(({ slot, row }) => `${driverObject}->MajorFunction[${slot}] = ${prefix}${row.routine};`);
  return {
    prefix: 'wdmRegister',
    description: `MajorFunction registrations for DriverEntry: ${rows.map((r) => r.shortName).join(', ')}.`,
    scope: 'c,cpp',
    body: [...toSnippetLines(lines), '$0'],
  };
}

/** The whole snippet file as an object: snippet name -> snippet. */
export function generateSnippets(): SnippetFile {
  const missing = routinesWithoutTemplate();
  if (missing.length > 0) throw new Error(`no snippet template for ${missing.join(', ')}`);
  const file: SnippetFile = {};
  for (const row of DISPATCH_ROUTINES) file[`WDM ${row.routine}`] = dispatchSnippet(row);
  file['WDM driver skeleton'] = driverSkeleton();
  file['WDM MajorFunction registrations'] = registerBlock();
  return file;
}

/** The file text the generator script writes. */
export function renderSnippetFile(): string {
  return JSON.stringify(generateSnippets(), null, 2) + '\n';
}
