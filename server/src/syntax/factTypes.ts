// The per-file facts the recognizers extract from one C/C++ source text: plain data, no LSP
// connection, no file system. Positions are 0-based lines and UTF-16 columns, as LSP uses them.
// Contract shared by syntax/ (producer), index/ (consumer), rules/ and features/.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Where a registration writes: see DESIGN.md `target`. */
export type RegistrationTarget =
  'driver_object' | 'private_table' | 'ndis_dispatch_table' | 'foreign';

/** One write of a handler into a slot of a table indexed by IRP_MJ codes. */
export interface RegistrationFact {
  /** Canonical IRP_MJ name; 'ALL' for a loop over every slot; else the index as written ("i"). */
  slot: string;
  /** Canonical slots this write can fill (27 for a `<` loop over IRP_MJ_MAXIMUM_FUNCTION). */
  covers: string[];
  /** The index expression as written (`IRP_MJ_SCSI`, `0x0e`, `i`). */
  written: string;
  /** Handler with casts, `&` and parentheses stripped; C++ qualified names kept. */
  handler: string;
  /** Range of the handler name. */
  handlerRange: Range;
  /** Range of the index expression inside the brackets. */
  indexRange: Range;
  /** Range of the whole lvalue `X->MajorFunction[...]` (its start line is the reported line). */
  lvalueRange: Range;
  /** The object expression before `->MajorFunction` / `.MajorFunction` (`DriverObject`, `g_Drv`). */
  object: string;
  /** Enclosing function, null at file scope. */
  function: string | null;
  target: RegistrationTarget;
  /** False inside a preprocessor branch that is off by default (`#if 0`, the `#else` of `#ifdef`, ...). */
  active: boolean;
  /** True when the write sits in a loop that covers several slots. */
  inLoop: boolean;
  /** Identifies the preprocessor branch the write sits in ('' at top level); writes in sibling branches are alternatives. */
  branch: string;
  /** Order of the write within the file, to tell loop defaults from later overrides. */
  order: number;
  /** True when the index is a constant that is not a valid slot (out of range, an IRP_MN code, ...). */
  invalidIndex: boolean;
  /**
   * The runtime branch the write sits in within its function: '' at the top level, else the
   * arms it is nested in (`/if2.then`, `/if2.else/switch1.case3`; `!` ends an arm that itself
   * returns, jumps or throws, e.g. `/if1.then!`). Writes whose paths part at the same `if` or
   * `switch` are alternatives. Absent in facts from older producers.
   */
  controlPath?: string;
  /**
   * The stored value is a parameter of the enclosing function: a setter such as KMDF's
   * `MxDriverObject::SetMajorFunction(i, Value)`, whose callers choose the routine. Absent when not.
   */
  handlerIsParameter?: true;
  /**
   * `return`, `goto`, `throw` and `__leave` statements of the enclosing function before the write
   * (absent when none): a different count means a way out lies between two writes.
   */
  exitsBefore?: number;
}

/** How a routine is annotated as a dispatch routine. */
export type AnnotationKind = '_Dispatch_type_' | '__drv_dispatchType' | '_Function_class_';

export interface AnnotationFact {
  kind: AnnotationKind;
  /** The argument as written (`IRP_MJ_READ`, `IRP_MJ_SCSI`, `DRIVER_DISPATCH`). */
  written: string;
  /** Canonical slot for IRP_MJ arguments, null otherwise (`_Function_class_(DRIVER_DISPATCH)`). */
  slot: string | null;
  range: Range;
}

/** A declaration (prototype or role-type declaration) of a function, not its definition. */
export interface DeclarationFact {
  name: string;
  nameRange: Range;
  /** Range of the whole declaration statement, annotations included. */
  range: Range;
  /** Role typedef used (`DRIVER_DISPATCH`, `DRIVER_INITIALIZE`, `DRIVER_ADD_DEVICE`, ...), or null for a prototype. */
  roleType: string | null;
  annotations: AnnotationFact[];
  /** `_Function_class_(DRIVER_DISPATCH)` or the DRIVER_DISPATCH typedef: it claims to be a dispatch routine. */
  isDispatchRole: boolean;
  active: boolean;
}

export interface ParameterFact {
  /** The type text as written, annotations removed (`PDEVICE_OBJECT`, `struct _IRP *`). */
  type: string;
  name: string;
}

/** A function definition (a body follows). */
export interface FunctionFact {
  name: string;
  nameRange: Range;
  /** From the first annotation or return-type token to the closing brace. */
  range: Range;
  /** Range of the body braces `{ ... }`. */
  bodyRange: Range;
  /** Return type as written, annotations removed (`NTSTATUS`). */
  returnType: string;
  params: ParameterFact[];
  annotations: AnnotationFact[];
  /** `_Use_decl_annotations_` precedes the definition. */
  useDeclAnnotations: boolean;
  /** The definition itself declares the role (e.g. `DRIVER_DISPATCH` cannot, but `_Function_class_` can). */
  isDispatchRole: boolean;
  active: boolean;
  /**
   * Only on definitions read from a file the prefilter skipped (which has no FileFacts.references):
   * that file's `references`. Absent when empty.
   */
  references?: string[];
}

/** A call the model cares about (shutdown registration, framework registration, helpers given the driver object). */
export interface CallFact {
  callee: string;
  /** Argument texts as written. */
  args: string[];
  range: Range;
  /** Enclosing function. */
  function: string | null;
  active: boolean;
}

/** An assignment to a DRIVER_OBJECT member other than MajorFunction (AddDevice, DriverUnload, DriverStartIo). */
export interface DriverMemberAssignmentFact {
  /** `AddDevice`, `DriverUnload`, `DriverStartIo`. */
  member: string;
  handler: string;
  object: string;
  range: Range;
  handlerRange: Range;
  function: string | null;
  active: boolean;
  /** The stored value is a parameter of the enclosing function (a setter); absent when not. */
  handlerIsParameter?: true;
}

/** A minifilter FLT_OPERATION_REGISTRATION entry: a callback, not a dispatch registration. */
export interface MinifilterCallbackFact {
  slot: string;
  preOperation: string | null;
  postOperation: string | null;
  range: Range;
}

/** A suppression: `#pragma prefast(suppress: ...)`, `#pragma warning(suppress|disable: ...)` or `// wdm-ignore code`. */
export interface SuppressionFact {
  /** Numbers (`28168`), `__WARNING_*` names or wdm rule codes, as written. */
  codes: string[];
  /** `line`: applies to the next code line (pragma suppress) or to its own line (wdm-ignore comment); `file`: from here on (disable). */
  scope: 'next-line' | 'same-line' | 'file';
  /** 0-based line the suppression applies to (for `file`, the first line it applies to). */
  line: number;
  /**
   * For `file`: the first line it no longer applies to (the `#pragma warning(pop)` closing the
   * `push` region it was made in, or a `#pragma warning(default: ...)`); absent: the end of the file.
   */
  endLine?: number;
  range: Range;
}

/** Everything the index keeps of one file. */
export interface FileFacts {
  /** Registrations of every target, in source order. */
  registrations: RegistrationFact[];
  declarations: DeclarationFact[];
  functions: FunctionFact[];
  calls: CallFact[];
  memberAssignments: DriverMemberAssignmentFact[];
  minifilterCallbacks: MinifilterCallbackFact[];
  suppressions: SuppressionFact[];
  /** Frameworks recognised from calls and includes: wdm, kmdf, minifilter, ndis, portcls, storport, ... */
  frameworks: string[];
  /**
   * Routines used other than by a registration (syntax/references.ts): this file's dispatch-shaped
   * (device, IRP) or dispatch-declared routines named in active code outside their declarations
   * and definitions, callees of `F(x, Irp)` calls and names stored as PDRIVER_DISPATCH. Bare
   * names, sorted; absent when empty.
   */
  references?: string[];
  /** Set when the text is not C (binary, other encodings that failed to decode): why nothing was read. */
  skippedReason?: string;
}
