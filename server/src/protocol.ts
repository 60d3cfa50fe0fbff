// Custom LSP messages of the wdm server (`wdm/*`): the one server module the client may import.
// Plain types only; both sides build their message objects from these namespaces.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
/* eslint-disable @typescript-eslint/no-namespace -- `namespace XRequest { method; type }` is the LSP libraries' convention for messages. */

/** A location as the tree view and tests use it: a document URI and a 0-based range. */
export interface WdmLocation {
  uri: string;
  range: {
    start: { line: number; character: number };
    end: { line: number; character: number };
  };
}

/** Where the index stands: `indexing` while the background scan runs, `ready` afterwards. */
export interface IndexStatus {
  state: 'indexing' | 'ready';
  /** Files whose facts are in the index (open documents included). */
  files: number;
  /** Drivers found (files grouped around a DriverEntry). */
  drivers: number;
  /** Set when `wdm.index.maxFiles` stopped the scan before every file was read. */
  truncated: boolean;
}

/**
 * Sent by a client (the status item, the protocol tests) to learn whether the background scan is
 * done; tests poll it instead of sleeping.
 */
export namespace IndexStatusRequest {
  export const method = 'wdm/indexStatus' as const;
  export const type = new RequestType<null | undefined, IndexStatus, void>(method);
}

/**
 * Sent by the server whenever the index changed (scan progress finished, files changed), so that
 * the client can refresh its status item and the Dispatch Table view.
 */
export namespace IndexStatusNotification {
  export const method = 'wdm/indexStatusChanged' as const;
  export const type = new NotificationType<IndexStatus>(method);
}

export interface DispatchTableParams {
  /** Restrict the answer to the driver this document belongs to; all drivers when absent. */
  uri?: string;
}

/** One handler that fills a slot. */
export interface DispatchTableHandler {
  name: string;
  /** The handler's definition, else its first declaration, else null. */
  location: WdmLocation | null;
  /** The registration that stores it (`MajorFunction[...] = name`). */
  registration: WdmLocation;
  /** True when the registration is a loop over several slots (a default for every slot). */
  inLoop: boolean;
}

/** One of the 28 slots of a driver's MajorFunction table. */
export interface DispatchTableSlot {
  /** Canonical IRP_MJ name. */
  slot: string;
  /** The slot's value as wdm.h writes it (`0x03`). */
  value: string;
  /** Empty when nothing fills it (the I/O manager then fails the request). */
  handlers: DispatchTableHandler[];
}

export interface DispatchTableDriver {
  /** Workspace-relative directory of the driver's sources ('' for a folder root). */
  root: string;
  rootUri: string;
  /** Name of the init function, null when no DriverEntry was found. */
  entry: { function: string; location: WdmLocation } | null;
  frameworks: string[];
  /** Always 28 entries, in value order. */
  slots: DispatchTableSlot[];
}

export interface DispatchTableResult {
  drivers: DispatchTableDriver[];
}

/** Sent by the client's Dispatch Table view and `wdm.showDispatchTable`: each driver's 28 slots. */
export namespace DispatchTableRequest {
  export const method = 'wdm/dispatchTable' as const;
  export const type = new RequestType<DispatchTableParams | null, DispatchTableResult, void>(
    method,
  );
}
