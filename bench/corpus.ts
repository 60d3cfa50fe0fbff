// Writes the bench's default corpus: a tree of realistic C sources, a few WDM drivers (DriverEntry,
// registrations, loops, helpers, handler definitions in other files) among many unrelated files.
import * as fs from 'node:fs';
import * as path from 'node:path';

const SLOTS = [
  'IRP_MJ_CREATE',
  'IRP_MJ_CLOSE',
  'IRP_MJ_READ',
  'IRP_MJ_WRITE',
  'IRP_MJ_DEVICE_CONTROL',
  'IRP_MJ_CLEANUP',
];

function driverMain(name: string, pnp: boolean): string {
  const regs = SLOTS.map(
    (s, i) => `    DriverObject->MajorFunction[${s}] = ${name}Dispatch${i};`,
  ).join('\r\n');
  return `/*++ Module: ${name} driver entry --*/\r
#include <ntddk.h>\r
#include "${name}.h"\r
\r
DRIVER_INITIALIZE DriverEntry;\r
DRIVER_UNLOAD ${name}Unload;\r
\r
NTSTATUS\r
DriverEntry(\r
    _In_ PDRIVER_OBJECT DriverObject,\r
    _In_ PUNICODE_STRING RegistryPath\r
    )\r
{\r
    ULONG i;\r
    UNREFERENCED_PARAMETER(RegistryPath);\r
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {\r
        DriverObject->MajorFunction[i] = ${name}PassThrough;\r
    }\r
${regs}\r
    DriverObject->DriverUnload = ${name}Unload;\r
${pnp ? `    DriverObject->DriverExtension->AddDevice = ${name}AddDevice;\r\n    DriverObject->MajorFunction[IRP_MJ_PNP] = ${name}Pnp;\r\n    DriverObject->MajorFunction[IRP_MJ_POWER] = ${name}Power;\r\n` : ''}    return STATUS_SUCCESS;\r
}\r
`;
}

function driverHeader(name: string): string {
  const decls = SLOTS.map(
    (s, i) => `_Dispatch_type_(${s}) DRIVER_DISPATCH ${name}Dispatch${i};`,
  ).join('\n');
  return `#pragma once\n${decls}\nDRIVER_DISPATCH ${name}PassThrough;\nDRIVER_DISPATCH ${name}Pnp;\nDRIVER_DISPATCH ${name}Power;\n`;
}

function dispatchFile(name: string): string {
  const fns = [
    ...SLOTS.map((_, i) => `${name}Dispatch${i}`),
    `${name}PassThrough`,
    `${name}Pnp`,
    `${name}Power`,
  ]
    .map(
      (fn) => `NTSTATUS
${fn}(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
`,
    )
    .join('\n');
  return `#include <ntddk.h>\n#include "${name}.h"\n\n${fns}`;
}

/** An unrelated C file of roughly `size` bytes: structs, functions, comments, strings, macros. */
function unrelated(seed: number, size: number): string {
  const parts: string[] = [
    `/* util${seed}.c: helpers unrelated to dispatch routines */`,
    '#include <stdio.h>',
    '#include <string.h>',
    '',
  ];
  let n = 0;
  while (parts.join('\n').length < size) {
    n++;
    parts.push(
      `#define UTIL_${seed}_${n}_MAX (${(seed * 31 + n) % 997} * sizeof(int))`,
      `typedef struct _UTIL_${seed}_${n} { int count; char name[32]; struct _UTIL_${seed}_${n} *next; } UTIL_${seed}_${n};`,
      `// Walks the list and returns the total count; "quoted // not a comment" stays a string.`,
      `static int util_${seed}_${n}(const UTIL_${seed}_${n} *head, const char *label)`,
      '{',
      '    int total = 0;',
      `    for (const UTIL_${seed}_${n} *p = head; p != NULL; p = p->next) {`,
      `        if (strcmp(p->name, label) == 0 && p->count < UTIL_${seed}_${n}_MAX) total += p->count;`,
      '    }',
      `    printf("%s: %d\\n", "util_${seed}_${n}", total);`,
      '    return total;',
      '}',
      '',
    );
  }
  return parts.join('\n');
}

/** Writes the corpus under `dir` (created); returns the number of files written. */
export function writeCorpus(dir: string, drivers = 12, unrelatedFiles = 400): number {
  let count = 0;
  const write = (rel: string, text: string): void => {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    count++;
  };
  for (let d = 0; d < drivers; d++) {
    const name = `Drv${d}`;
    write(`drivers/${name.toLowerCase()}/sys/driver.c`, driverMain(name, d % 2 === 0));
    write(`drivers/${name.toLowerCase()}/sys/dispatch.c`, dispatchFile(name));
    write(`drivers/${name.toLowerCase()}/inc/${name}.h`, driverHeader(name));
    write(
      `drivers/${name.toLowerCase()}/sys/sources`,
      `TARGETNAME=${name}\nSOURCES=driver.c dispatch.c\n`,
    );
  }
  for (let u = 0; u < unrelatedFiles; u++) {
    const size = 2_000 + ((u * 7919) % 60_000);
    write(
      `lib/part${u % 17}/util${u}.${u % 5 === 0 ? 'h' : u % 7 === 0 ? 'cpp' : 'c'}`,
      unrelated(u, size),
    );
  }
  return count;
}
