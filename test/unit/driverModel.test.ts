// buildWorkspaceModel over hand-built per-file facts: driver grouping, helper attribution, loop
// defaults and overrides, handler resolution within each driver, sibling include folders, PnP.
import * as assert from 'node:assert/strict';
import { buildWorkspaceModel, type ModelFileInput } from '../../server/src/index/driverModel';
import type {
  CallFact,
  DeclarationFact,
  FileFacts,
  FunctionFact,
  Range,
  RegistrationFact,
} from '../../server/src/syntax/factTypes';
import { ALL_IRP_MJ_NAMES } from '../../server/src/irpTable';
import { emptyFacts } from '../../server/src/syntax/dispatchFacts';

const ROOT = 'file:///ws';

function at(line: number, character = 0, length = 1): Range {
  return { start: { line, character }, end: { line, character: character + length } };
}

function facts(part: Partial<FileFacts> = {}): FileFacts {
  return { ...emptyFacts(), ...part };
}

let order = 0;
function reg(
  slot: string,
  handler: string,
  line: number,
  extra: Partial<RegistrationFact> = {},
): RegistrationFact {
  return {
    slot,
    covers: slot === 'ALL' ? [...ALL_IRP_MJ_NAMES] : [slot],
    written: slot === 'ALL' ? 'i' : slot,
    handler,
    handlerRange: at(line, 40),
    indexRange: at(line, 30),
    lvalueRange: at(line, 4, 40),
    object: 'DriverObject',
    function: 'DriverEntry',
    target: 'driver_object',
    active: true,
    inLoop: slot === 'ALL',
    branch: '',
    order: order++,
    invalidIndex: false,
    ...extra,
  };
}

function fn(
  name: string,
  line: number,
  params: [string, string][] = [],
  extra: Partial<FunctionFact> = {},
): FunctionFact {
  return {
    name,
    nameRange: at(line, 9, name.length),
    range: { start: { line, character: 0 }, end: { line: line + 10, character: 1 } },
    bodyRange: { start: { line: line + 1, character: 0 }, end: { line: line + 10, character: 1 } },
    returnType: 'NTSTATUS',
    params: params.map(([type, n]) => ({ type, name: n })),
    annotations: [],
    useDeclAnnotations: false,
    isDispatchRole: false,
    active: true,
    ...extra,
  };
}

const entry = (line = 10, param = 'DriverObject'): FunctionFact =>
  fn('DriverEntry', line, [
    ['PDRIVER_OBJECT', param],
    ['PUNICODE_STRING', 'RegistryPath'],
  ]);

const dispatch = (name: string, line: number): FunctionFact =>
  fn(name, line, [
    ['PDEVICE_OBJECT', 'DeviceObject'],
    ['PIRP', 'Irp'],
  ]);

function call(callee: string, args: string[], line: number, fnName = 'DriverEntry'): CallFact {
  return { callee, args, range: at(line, 4, callee.length), function: fnName, active: true };
}

function decl(name: string, line: number, extra: Partial<DeclarationFact> = {}): DeclarationFact {
  return {
    name,
    nameRange: at(line, 16, name.length),
    range: at(line, 0, 40),
    roleType: 'DRIVER_DISPATCH',
    annotations: [],
    isDispatchRole: true,
    active: true,
    ...extra,
  };
}

function file(relPath: string, f: FileFacts): ModelFileInput {
  return { uri: `${ROOT}/${relPath}`, relPath, facts: f };
}

function marker(relPath: string): { uri: string; relPath: string } {
  return { uri: `${ROOT}/${relPath}`, relPath };
}

suite('driverModel', () => {
  test('two drivers in one tree sharing a handler name resolve it within their own files', () => {
    const model = buildWorkspaceModel(
      [
        file(
          'alpha/sys/driver.c',
          facts({
            functions: [entry()],
            registrations: [reg('IRP_MJ_CREATE', 'DispatchCreate', 14)],
          }),
        ),
        file('alpha/sys/create.c', facts({ functions: [dispatch('DispatchCreate', 30)] })),
        file(
          'beta/driver.c',
          facts({
            functions: [entry(5)],
            registrations: [reg('IRP_MJ_CREATE', 'DispatchCreate', 8)],
          }),
        ),
        file('beta/util.c', facts({ functions: [dispatch('DispatchCreate', 70)] })),
      ],
      [ROOT],
    );
    assert.deepEqual(
      model.drivers.map((d) => d.root),
      ['alpha/sys', 'beta'],
    );
    const [alpha, beta] = model.drivers;
    assert.equal(
      alpha.handlers.get('DispatchCreate')?.definition?.uri,
      `${ROOT}/alpha/sys/create.c`,
    );
    assert.equal(beta.handlers.get('DispatchCreate')?.definition?.uri, `${ROOT}/beta/util.c`);
    assert.equal(beta.handlers.get('DispatchCreate')?.definition?.nameRange.start.line, 70);
    assert.equal(model.driverOf(`${ROOT}/beta/util.c`), beta);
    assert.equal(model.driverOf(`${ROOT}/alpha/sys/create.c`), alpha);
  });

  test('a helper outside the driver folder, given the driver object by one driver, is attributed to it', () => {
    const helper = fn('InitDispatch', 3, [['PDRIVER_OBJECT', 'd']]);
    const model = buildWorkspaceModel(
      [
        file(
          'drv/main.c',
          facts({ functions: [entry()], calls: [call('InitDispatch', ['DriverObject'], 12)] }),
        ),
        file(
          'common/dispatch.c',
          facts({
            functions: [helper, dispatch('CommonRead', 20)],
            registrations: [
              reg('IRP_MJ_READ', 'CommonRead', 5, { object: 'd', function: 'InitDispatch' }),
            ],
          }),
        ),
      ],
      [ROOT],
    );
    assert.equal(model.drivers.length, 1);
    const drv = model.drivers[0];
    assert.equal(drv.root, 'drv');
    assert.equal(drv.entry?.function, 'DriverEntry');
    assert.deepEqual(
      drv.registrations.map((r) => [r.uri, r.slot]),
      [[`${ROOT}/common/dispatch.c`, 'IRP_MJ_READ']],
    );
    assert.equal(drv.slots.get('IRP_MJ_READ')?.[0].handler, 'CommonRead');
    assert.equal(drv.handlers.get('CommonRead')?.definition?.uri, `${ROOT}/common/dispatch.c`);
  });

  test('a library init writing through its PDRIVER_OBJECT parameter, called by two drivers, is a driver of its own', () => {
    const classInit = fn('ClassInitialize', 40, [
      ['PVOID', 'Argument1'],
      ['PDRIVER_OBJECT', 'DriverObject'],
    ]);
    const model = buildWorkspaceModel(
      [
        file(
          'class/disk/disk.c',
          facts({
            functions: [entry()],
            calls: [call('ClassInitialize', ['DriverObject', 'RegistryPath'], 20)],
          }),
        ),
        file(
          'class/cdrom/cdrom.c',
          facts({
            functions: [entry()],
            calls: [call('ClassInitialize', ['DriverObject', 'RegistryPath'], 20)],
          }),
        ),
        file(
          'class/classpnp/class.c',
          facts({
            functions: [classInit],
            registrations: [
              reg('IRP_MJ_SCSI', 'ClassInternalIoControl', 60, { function: 'ClassInitialize' }),
            ],
          }),
        ),
      ],
      [ROOT],
    );
    assert.deepEqual(
      model.drivers.map((d) => [d.root, d.entry?.function]),
      [
        ['class/cdrom', 'DriverEntry'],
        ['class/classpnp', 'ClassInitialize'],
        ['class/disk', 'DriverEntry'],
      ],
    );
    const lib = model.drivers[1];
    assert.equal(lib.entry?.driverObjectParam, 'DriverObject');
    assert.equal(lib.registrations.length, 1);
    assert.equal(model.drivers[0].registrations.length, 0);
  });

  test('a loop fills every slot it covers; a later write in the same function overrides that slot', () => {
    const loop = reg('ALL', 'DispatchPassThrough', 12);
    const create = reg('IRP_MJ_CREATE', 'DispatchCreate', 15);
    const model = buildWorkspaceModel(
      [file('f/drv.c', facts({ functions: [entry()], registrations: [loop, create] }))],
      [ROOT],
    );
    const d = model.drivers[0];
    assert.deepEqual(
      d.slots.get('IRP_MJ_CREATE')?.map((r) => [r.handler, r.inLoop]),
      [['DispatchCreate', false]],
    );
    assert.deepEqual(
      d.slots.get('IRP_MJ_READ')?.map((r) => [r.handler, r.inLoop]),
      [['DispatchPassThrough', true]],
    );
    assert.equal(d.slots.size, ALL_IRP_MJ_NAMES.length);
  });

  test('a write before the loop does not override it, and inactive writes fill no slot', () => {
    const early = reg('IRP_MJ_READ', 'EarlyRead', 11);
    const loop = reg('ALL', 'Pass', 12);
    const off = reg('IRP_MJ_WRITE', 'OffWrite', 20, { active: false });
    const model = buildWorkspaceModel(
      [file('drv.c', facts({ functions: [entry()], registrations: [early, loop, off] }))],
      [ROOT],
    );
    const d = model.drivers[0];
    assert.deepEqual(
      d.slots.get('IRP_MJ_READ')?.map((r) => r.handler),
      ['EarlyRead', 'Pass'],
    );
    assert.deepEqual(
      d.slots.get('IRP_MJ_WRITE')?.map((r) => r.handler),
      ['Pass'],
    );
    assert.equal(d.registrations.length, 3);
    assert.equal(d.root, '');
  });

  test('a header in a sibling inc/ folder joins the driver in sys/; an ambiguous file joins none', () => {
    const model = buildWorkspaceModel(
      [
        file('foo/sys/driver.c', facts({ functions: [entry()] })),
        file('foo/inc/public.h', facts()),
        file('bar/sys/driver.c', facts({ functions: [entry()] })),
        file('shared/util.h', facts()),
      ],
      [ROOT],
    );
    assert.equal(model.driverOf(`${ROOT}/foo/inc/public.h`)?.root, 'foo/sys');
    assert.equal(model.driverOf(`${ROOT}/shared/util.h`), undefined);
    assert.deepEqual(model.drivers[1].files, [
      `${ROOT}/foo/inc/public.h`,
      `${ROOT}/foo/sys/driver.c`,
    ]);
  });

  test('the root widens to the project folder unless that would swallow another driver', () => {
    const model = buildWorkspaceModel(
      [
        file('proj/src/entry.c', facts({ functions: [entry()] })),
        file('proj/inc/proj.h', facts()),
        file('pair/one/entry.c', facts({ functions: [entry()] })),
        file('pair/two/entry.c', facts({ functions: [entry()] })),
        file('pair/common.h', facts()),
      ],
      [ROOT],
      { projectMarkers: [marker('proj/proj.vcxproj'), marker('pair/makefile')] },
    );
    assert.deepEqual(
      model.drivers.map((d) => d.root),
      ['pair/one', 'pair/two', 'proj'],
    );
    assert.equal(model.drivers[2].rootUri, `${ROOT}/proj`);
    assert.equal(model.driverOf(`${ROOT}/proj/inc/proj.h`)?.root, 'proj');
    assert.equal(model.driverOf(`${ROOT}/pair/common.h`), undefined);
  });

  test('a PnP driver reports AddDevice, shutdown notifications, device creations and its entry', () => {
    const model = buildWorkspaceModel(
      [
        file(
          'pnp/driver.c',
          facts({
            functions: [entry(10, 'pDrv')],
            frameworks: ['wdm'],
            memberAssignments: [
              {
                member: 'AddDevice',
                handler: 'PnpAddDevice',
                object: 'pDrv->DriverExtension',
                range: at(20, 4, 30),
                handlerRange: at(20, 40, 12),
                function: 'DriverEntry',
                active: true,
              },
            ],
          }),
        ),
        file(
          'pnp/device.c',
          facts({
            frameworks: ['kmdf'],
            calls: [
              call('IoCreateDevice', ['pDrv', '0'], 30, 'PnpAddDevice'),
              call('IoRegisterShutdownNotification', ['fdo'], 33, 'PnpAddDevice'),
            ],
          }),
        ),
      ],
      [ROOT],
    );
    const d = model.drivers[0];
    assert.equal(d.addDevice?.handler, 'PnpAddDevice');
    assert.equal(d.addDevice?.uri, `${ROOT}/pnp/driver.c`);
    assert.deepEqual(d.frameworks, ['wdm', 'kmdf']);
    assert.equal(d.shutdownNotifications[0].callee, 'IoRegisterShutdownNotification');
    assert.equal(d.deviceCreations[0].callee, 'IoCreateDevice');
    assert.equal(d.entry?.driverObjectParam, 'pDrv');
    assert.equal(d.entry?.bodyRange.start.line, 11);
  });

  test('handler declarations and annotations come from the own driver; a shared header serves as fallback', () => {
    const model = buildWorkspaceModel(
      [
        file(
          'd1/drv.c',
          facts({ functions: [entry()], registrations: [reg('IRP_MJ_READ', 'ReadIt', 12)] }),
        ),
        file(
          'd1/drv.h',
          facts({
            declarations: [
              decl('ReadIt', 3, {
                annotations: [
                  {
                    kind: '_Dispatch_type_',
                    written: 'IRP_MJ_READ',
                    slot: 'IRP_MJ_READ',
                    range: at(3),
                  },
                ],
              }),
            ],
          }),
        ),
        file(
          'd2/drv.c',
          facts({ functions: [entry()], registrations: [reg('IRP_MJ_WRITE', 'WriteIt', 12)] }),
        ),
        file('x/y/shared.h', facts({ declarations: [decl('WriteIt', 9)] })),
        file(
          'd2/other.c',
          facts({ declarations: [decl('ReadIt', 5, { isDispatchRole: false, roleType: null })] }),
        ),
      ],
      [ROOT],
    );
    const [d1, d2] = model.drivers;
    const read = d1.handlers.get('ReadIt');
    assert.deepEqual(
      read?.declarations.map((x) => x.uri),
      [`${ROOT}/d1/drv.h`],
    );
    assert.equal(read?.annotations[0].slot, 'IRP_MJ_READ');
    assert.equal(read?.isDispatchRole, true);
    assert.equal(read?.definition, null);
    assert.deepEqual(
      d2.handlers.get('WriteIt')?.declarations.map((x) => x.uri),
      [`${ROOT}/x/y/shared.h`],
    );
  });

  test('registrations are listed in file then source order, and factsOf answers per document', () => {
    const a = facts({
      functions: [entry()],
      registrations: [reg('IRP_MJ_CLOSE', 'C', 20), reg('IRP_MJ_CREATE', 'C', 18)],
    });
    const model = buildWorkspaceModel(
      [
        file(
          'z/b.c',
          facts({ registrations: [reg('IRP_MJ_READ', 'R', 3, { function: 'Helper' })] }),
        ),
        file('z/a.c', a),
      ],
      [ROOT],
    );
    const d = model.drivers[0];
    assert.deepEqual(
      d.registrations.map((r) => r.slot),
      ['IRP_MJ_CLOSE', 'IRP_MJ_CREATE', 'IRP_MJ_READ'],
    );
    assert.equal(model.factsOf(`${ROOT}/z/a.c`), a);
    assert.equal(model.factsOf(`${ROOT}/nope.c`), undefined);
  });

  test('an IoCreateDriver init routine is the entry; without a DriverEntry it starts a driver', () => {
    const init = fn('RealInit', 20, [
      ['PDRIVER_OBJECT', 'Drv'],
      ['PUNICODE_STRING', 'Path'],
    ]);
    const model = buildWorkspaceModel(
      [
        file(
          'created/drv.c',
          facts({
            functions: [entry(), init],
            calls: [call('IoCreateDriver', ['&Name', '(PDRIVER_INITIALIZE)&RealInit'], 12)],
            registrations: [
              reg('IRP_MJ_CREATE', 'Create', 22, { object: 'Drv', function: 'RealInit' }),
            ],
          }),
        ),
        file(
          'bare/drv.c',
          facts({
            functions: [fn('BareInit', 5, [['PDRIVER_OBJECT', 'd']])],
            calls: [call('IoCreateDriver', ['&N', 'BareInit'], 40, 'Start')],
            registrations: [reg('IRP_MJ_READ', 'Read', 7, { object: 'd', function: 'BareInit' })],
          }),
        ),
      ],
      [ROOT],
    );
    assert.deepEqual(
      model.drivers.map((d) => [d.root, d.entry?.function, d.entry?.driverObjectParam]),
      [
        ['bare', 'BareInit', 'd'],
        ['created', 'RealInit', 'Drv'],
      ],
    );
  });

  test('a rebuild takes over unchanged, self-contained drivers as the same objects', () => {
    const aDriver = facts({
      functions: [entry()],
      registrations: [reg('IRP_MJ_READ', 'ReadA', 12)],
    });
    const aHandlers = facts({ functions: [dispatch('ReadA', 3)] });
    const bDriver = facts({
      functions: [entry()],
      registrations: [reg('IRP_MJ_READ', 'ReadB', 12)],
    });
    const shared = facts({ functions: [dispatch('ReadB', 8)] });
    const first = buildWorkspaceModel(
      [
        file('a/drv.c', aDriver),
        file('a/read.c', aHandlers),
        file('b/drv.c', bDriver),
        file('lib/read.c', shared),
      ],
      [ROOT],
    );
    const [a1, b1] = first.drivers;
    // An edit in b's file: a is taken over, b is rebuilt.
    const bEdited = facts({
      functions: [entry()],
      registrations: [reg('IRP_MJ_WRITE', 'ReadB', 13)],
    });
    const second = buildWorkspaceModel(
      [
        file('a/drv.c', aDriver),
        file('a/read.c', aHandlers),
        file('b/drv.c', bEdited),
        file('lib/read.c', shared),
      ],
      [ROOT],
      { previous: first },
    );
    assert.equal(second.drivers[0], a1);
    assert.notEqual(second.drivers[1], b1);
    assert.equal(second.drivers[1].slots.has('IRP_MJ_WRITE'), true);
    // b found ReadB outside its own files, so a change there rebuilds b even though b's files are the same.
    const sharedEdited = facts({ functions: [dispatch('ReadB', 30)] });
    const third = buildWorkspaceModel(
      [
        file('a/drv.c', aDriver),
        file('a/read.c', aHandlers),
        file('b/drv.c', bEdited),
        file('lib/read.c', sharedEdited),
      ],
      [ROOT],
      { previous: second },
    );
    assert.equal(third.drivers[0], a1);
    assert.equal(third.drivers[1].handlers.get('ReadB')?.definition?.nameRange.start.line, 30);
    // A new file in a's folder changes its file list: a is rebuilt.
    const fourth = buildWorkspaceModel(
      [
        file('a/drv.c', aDriver),
        file('a/read.c', aHandlers),
        file('a/new.h', facts()),
        file('b/drv.c', bEdited),
        file('lib/read.c', sharedEdited),
      ],
      [ROOT],
      { previous: third },
    );
    assert.notEqual(fourth.drivers[0], a1);
    assert.equal(fourth.drivers[0].files.length, 3);
  });
});
