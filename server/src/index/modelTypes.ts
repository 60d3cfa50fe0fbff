// The cross-file driver model built from every file's facts: drivers, their slots and their
// handlers. Plain data; rules/ and features/ read it, index/driverModel.ts builds it.
import type {
  AnnotationFact,
  CallFact,
  DeclarationFact,
  DriverMemberAssignmentFact,
  FileFacts,
  FunctionFact,
  Range,
  RegistrationFact,
  SuppressionFact,
} from '../syntax/factTypes';

/** A fact together with the document it came from (a `file://` URI). */
export type Located<T> = T & { uri: string };

export interface DriverEntryInfo {
  uri: string;
  /** Name of the init function (`DriverEntry`, or the real init such as `ClassInitialize`). */
  function: string;
  /** Its first parameter's name (`DriverObject`, `pDrv`), used by quick fixes. */
  driverObjectParam: string | null;
  nameRange: Range;
  /** Body range, so fixes can insert registrations. */
  bodyRange: Range;
}

/** What is known of one handler name within a driver. */
export interface HandlerInfo {
  name: string;
  /** Registrations of this handler (every target) in this driver. */
  registrations: Located<RegistrationFact>[];
  declarations: Located<DeclarationFact>[];
  /** The definition, or null when only declared (or not found). */
  definition: Located<FunctionFact> | null;
  /** Annotations from every declaration and the definition. */
  annotations: Located<AnnotationFact>[];
  /** Declared `DRIVER_DISPATCH`, `_Function_class_(DRIVER_DISPATCH)` or annotated `_Dispatch_type_`. */
  isDispatchRole: boolean;
}

export interface Driver {
  /** Workspace-relative directory holding the driver's sources (forward slashes; '' for the root). */
  root: string;
  /** URI of the root directory. */
  rootUri: string;
  /** URIs of the files that belong to this driver. */
  files: string[];
  entry: DriverEntryInfo | null;
  frameworks: string[];
  /** `DriverExtension->AddDevice = X;` (the driver is a PnP driver), or null. */
  addDevice: Located<DriverMemberAssignmentFact> | null;
  /** Calls of IoRegisterShutdownNotification / IoRegisterLastChanceShutdownNotification. */
  shutdownNotifications: Located<CallFact>[];
  /** Calls of IoCreateDevice / IoCreateDeviceSecure (where a shutdown registration can go). */
  deviceCreations: Located<CallFact>[];
  /** Every registration attributed to this driver, every target, in file then source order. */
  registrations: Located<RegistrationFact>[];
  /** Canonical slot -> the active driver_object registrations that can fill it (loops included). */
  slots: Map<string, Located<RegistrationFact>[]>;
  /** Handler name -> what is known about it within this driver's sources. */
  handlers: Map<string, HandlerInfo>;
  /** Suppressions by URI. */
  suppressions: Map<string, SuppressionFact[]>;
}

export interface WorkspaceModel {
  drivers: Driver[];
  /** The driver a document belongs to, if any. */
  driverOf(uri: string): Driver | undefined;
  /** The facts of a document, if indexed. */
  factsOf(uri: string): FileFacts | undefined;
}
