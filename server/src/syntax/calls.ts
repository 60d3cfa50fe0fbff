// Calls the driver model needs (shutdown notification, device creation, IoCreateDriver, framework
// registrations, and any call handed this driver's own driver object), the frameworks those
// imply, and assignments to AddDevice / DriverUnload / DriverStartIo.
import { T_IDENT } from './lexer';
import { expressionEnd, isStandaloneIdent, postfixStart, readHandler } from './expressions';
import type { FileContext } from './fileContext';
import { INDEXED_WORDS } from './tokens';
import { isParameterOf } from './registrations';
import type { CallFact, DriverMemberAssignmentFact } from './factTypes';

/** Framework registration APIs and the framework each implies. */
export const FRAMEWORK_APIS: ReadonlyMap<string, string> = new Map([
  ['WdfDriverCreate', 'kmdf'],
  ['FltRegisterFilter', 'minifilter'],
  ['NdisMRegisterMiniportDriver', 'ndis'],
  ['NdisMRegisterMiniport', 'ndis'],
  ['NdisRegisterProtocolDriver', 'ndis'],
  ['NdisRegisterProtocol', 'ndis'],
  ['NdisFRegisterFilterDriver', 'ndis'],
  ['NdisRegisterDeviceEx', 'ndis'],
  ['NdisMRegisterDevice', 'ndis'],
  ['NdisMInitializeWrapper', 'ndis'],
  ['PcInitializeAdapterDriver', 'portcls'],
  ['PcAddAdapterDevice', 'portcls'],
  ['StorPortInitialize', 'storport'],
  ['ScsiPortInitialize', 'scsiport'],
  ['ClassInitialize', 'storage-class'],
  ['ClassInitializeEx', 'storage-class'],
  ['KsInitializeDriver', 'avstream'],
  ['VideoPortInitialize', 'videoport'],
  ['HidRegisterMinidriver', 'hid'],
  ['WdfCxDeviceInitAllocate', 'kmdf'],
  ['NetAdapterCreate', 'netadaptercx'],
  ['UcxControllerCreate', 'kmdf'],
  ['UdecxInitializeWdfDevice', 'kmdf'],
  ['SerCx2InitializeDevice', 'kmdf'],
  ['SpbCxDeviceInitialize', 'kmdf'],
  ['GpioClxRegisterClient', 'kmdf'],
  ['WskRegister', 'wsk'],
  ['FwpsCalloutRegister0', 'wfp'],
  ['FwpsCalloutRegister1', 'wfp'],
  ['FwpsCalloutRegister2', 'wfp'],
  ['FwpsCalloutRegister3', 'wfp'],
  ['IddCxDeviceInitConfig', 'kmdf'],
  ['DxgkInitialize', 'wddm'],
  ['RxDriverEntry', 'rdbss'],
]);

const DRIVER_API_NAMES = [
  'IoRegisterShutdownNotification',
  'IoRegisterLastChanceShutdownNotification',
  'IoCreateDevice',
  'IoCreateDeviceSecure',
  'WdmlibIoCreateDeviceSecure',
  'IoCreateDriver',
  'IoUnregisterShutdownNotification',
  'IoRegisterDriverReinitialization',
  'IoRegisterBootDriverReinitialization',
  // File systems and their filters: the rules tell them apart by these calls (ruleHelpers isFileSystem).
  'IoRegisterFileSystem',
  'IoRegisterFsRegistrationChange',
  'IoRegisterFsRegistrationChangeEx',
  'IoRegisterFsRegistrationChangeMountAware',
];

const KNOWN_CALLS = [...FRAMEWORK_APIS.keys(), ...DRIVER_API_NAMES];
INDEXED_WORDS.add(KNOWN_CALLS);

export function findCalls(ctx: FileContext, calls: CallFact[], frameworks: Set<string>): void {
  const t = ctx.t;
  const seen = new Set<number>();
  // Known APIs anywhere.
  const known: number[] = [];
  for (const name of KNOWN_CALLS) known.push(...t.occurrences(name));
  known.sort((a, b) => a - b);
  for (const i of known) {
    if (!t.is(i + 1, '(') || !isStandaloneIdent(t, i)) continue;
    const name = t.text(i);
    const framework = FRAMEWORK_APIS.get(name);
    if (framework && t.active(i)) frameworks.add(framework);
    // A file system fills the WDM dispatch table itself: it is a WDM driver that is a file system.
    if (name === 'IoRegisterFileSystem' && t.active(i)) {
      frameworks.add('filesystem');
      frameworks.add('wdm');
    }
    seen.add(i);
    pushCall(ctx, i, calls);
  }
  // Calls handed this driver's own driver object (helper attribution), in functions that hold one.
  const hasGlobals = ctx.ownGlobals.size > 0;
  for (const fn of ctx.functions) {
    if (fn.bodyClose < 0) continue;
    const owners = ctx.driverObjectParams(fn);
    if (owners.length === 0 && !hasGlobals) continue;
    for (let i = fn.bodyOpen + 1; i < fn.bodyClose; i++) {
      if (t.s.kind[i] !== T_IDENT || !t.is(i + 1, '(') || seen.has(i) || !isStandaloneIdent(t, i)) {
        continue;
      }
      const close = t.match[i + 1];
      if (close < 0) continue;
      for (let k = i + 2; k < close; k++) {
        if (!t.isIdent(k) || t.is(k + 1, '->') || t.is(k + 1, '.') || !isStandaloneIdent(t, k)) {
          continue;
        }
        const w = t.text(k);
        if (owners.includes(w) || ctx.ownGlobals.has(w)) {
          seen.add(i);
          pushCall(ctx, i, calls);
          break;
        }
      }
    }
  }
  calls.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

function pushCall(ctx: FileContext, i: number, calls: CallFact[]): void {
  const t = ctx.t;
  const close = t.match[i + 1];
  if (close < 0) return;
  const args: string[] = [];
  let k = i + 2;
  while (k < close) {
    const end = Math.min(expressionEnd(t, k), close);
    args.push(t.span(k, end - 1));
    k = end + 1;
  }
  const fn = ctx.enclosing(t.s.start[i]);
  calls.push({
    callee: t.text(i),
    args,
    range: t.s.lines.range(t.s.start[i], t.s.end[close]),
    function: fn ? fn.fact.name : null,
    active: t.active(i),
  });
}

INDEXED_WORDS.add(['AddDevice', 'DriverUnload', 'DriverStartIo']);

/** `X->DriverExtension->AddDevice = H;`, `X->DriverUnload = H;`, `X->DriverStartIo = H;`. */
export function findMemberAssignments(ctx: FileContext, out: DriverMemberAssignmentFact[]): void {
  const t = ctx.t;
  const lines = t.s.lines;
  const hits = [
    ...t.occurrences('AddDevice'),
    ...t.occurrences('DriverUnload'),
    ...t.occurrences('DriverStartIo'),
  ].sort((a, b) => a - b);
  for (const i of hits) {
    if (!t.is(i + 1, '=') || !(t.is(i - 1, '->') || t.is(i - 1, '.'))) continue;
    const member = t.text(i);
    let objLast = i - 2;
    if (member === 'AddDevice') {
      if (
        !t.is(objLast, 'DriverExtension') ||
        !(t.is(objLast - 1, '->') || t.is(objLast - 1, '.'))
      ) {
        continue;
      }
      objLast -= 2;
    }
    const objFirst = postfixStart(t, objLast);
    if (objFirst > objLast) continue;
    const end = expressionEnd(t, i + 2);
    const handler = readHandler(t, i + 2, end);
    if (!handler) continue;
    const fn = ctx.enclosing(t.s.start[i]);
    out.push({
      member,
      handler: handler.name,
      object: t.compact(objFirst, objLast),
      range: lines.range(t.s.start[objFirst], t.s.end[end - 1]),
      handlerRange: lines.range(t.s.start[handler.first], t.s.end[handler.last]),
      function: fn ? fn.fact.name : null,
      active: t.active(i),
      ...(fn && isParameterOf(fn.fact, handler.name) ? { handlerIsParameter: true } : {}),
    });
  }
}
