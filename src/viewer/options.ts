/** Options of `startTraceViewer` (the in-process viewer). */
export interface StartTraceViewerOptions {
  /** Port to listen on; 0 picks a free one. @default 16686 */
  port?: number;
  /** Address to bind. Anything but loopback exposes your traces to the network and prints a warning. @default '127.0.0.1' */
  host?: string;
  /** When set, every request needs it: `?token=` once (kept in a cookie) or `Authorization: Bearer`. At least 8 characters. @default undefined (no token) */
  token?: string;
  /** Recent spans kept in memory; the oldest are dropped first. @default 10000 */
  maxSpans?: number;
  /** Where the warning about a non-loopback host goes. @default console.warn */
  warn?: (message: string) => void;
  /** Page title. @default 'tracewright live traces' */
  title?: string;
}

/** A running viewer. */
export interface TraceViewer {
  /** `http://host:port/`, the address to open. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Stops listening and unsubscribes from the spans. */
  close(): Promise<void>;
}
