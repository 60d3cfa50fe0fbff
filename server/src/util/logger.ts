// Logging of the language server through the LSP connection (window/logMessage): never stdout,
// which is the protocol channel under --stdio.

/** The part of `connection.console` the logger needs (a test can pass a fake). */
export interface LogSink {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export class Logger {
  verbose = false;

  constructor(private readonly sink: LogSink) {}

  error(message: string, err?: unknown): void {
    this.sink.error(err === undefined ? message : `${message}: ${describeError(err)}`);
  }

  warn(message: string): void {
    this.sink.warn(message);
  }

  info(message: string): void {
    this.sink.info(message);
  }

  /** Only with `wdm.trace.server: verbose`, so normal sessions keep a quiet log. */
  debug(message: string): void {
    if (this.verbose) this.sink.log(message);
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
