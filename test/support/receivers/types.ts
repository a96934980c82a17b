/**
 * Shared shapes of the test receivers: one normalized span type for every wire format, the fault
 * model, and the handle a test holds on a running receiver.
 */

export type ReceivedSpanKind = 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER' | 'UNSPECIFIED';
export type ReceivedStatusCode = 'UNSET' | 'OK' | 'ERROR';

export interface ReceivedEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Record<string, unknown>;
}

export interface ReceivedLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

/**
 * A span as a receiver decoded it, normalized from any wire format. Ids are lowercase hex.
 * Attribute values are JS values: string, number, boolean, arrays of those, nested records for
 * OTLP kvlists, `Uint8Array` for bytes; 64-bit integers become `number` when safe, else `bigint`.
 *
 * Format limits (the wire cannot say more): Zipkin tags are strings only and Zipkin copies
 * the resource attributes into the span tags, so they show up in `attributes` too; Zipkin
 * annotations carry no attributes.
 */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: ReceivedSpanKind;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, unknown>;
  events: ReceivedEvent[];
  links: ReceivedLink[];
  status: { code: ReceivedStatusCode; message?: string };
  resource: Record<string, unknown>;
  scope?: { name: string; version?: string };
  traceState?: string;
}

/**
 * What the receiver does with the next requests.
 * - `ok`: decode and accept.
 * - `fail`: answer with `status` (a gRPC status code for the gRPC receiver, an HTTP status for the
 *   HTTP ones) for the next `times` requests (default: until changed), then back to `ok`.
 *   `retryAfterSeconds` adds `Retry-After` (HTTP) or a `google.rpc.RetryInfo` detail (gRPC).
 * - `hang`: read the request and never answer, for the next `times` requests (default: until
 *   changed). Hung requests are released (HTTP: socket destroyed; gRPC: UNAVAILABLE) when the fault
 *   is changed or the receiver closes; their spans are never accepted.
 * - `refuse`: stop listening and drop open connections, so clients get ECONNREFUSED; setting any
 *   other fault listens again on the same port.
 */
export type Fault =
  | { mode: 'ok' }
  | { mode: 'fail'; status: number; times?: number; retryAfterSeconds?: number }
  | { mode: 'hang'; times?: number }
  | { mode: 'refuse' };

export interface ReceiverOptions {
  /** Port to listen on. Default: 0 (the OS picks a free port). */
  port?: number;
  /** Address to listen on. Default: '127.0.0.1'. */
  host?: string;
  /** Fault in effect from the start. Default: `{ mode: 'ok' }`. */
  fault?: Fault;
  /**
   * Largest request accepted, in bytes, as a collector's limit: gRPC answers RESOURCE_EXHAUSTED
   * itself (grpc-js `grpc.max_receive_message_length`), HTTP answers 413. Default: no limit.
   */
  maxRequestBytes?: number;
}

/** How one request ended, in arrival order (see `Receiver.log`). */
export type RequestOutcome = 'accepted' | 'failed' | 'hung' | 'invalid' | 'rejected';

export interface RequestRecord {
  outcome: RequestOutcome;
  /**
   * Spans in the request. Faulted requests are decoded too (best effort, never accepted), so a
   * test can follow a batch through failures and retries.
   */
  spanCount: number;
  /** Span ids in the request, in order (same best effort as `spanCount`). */
  spanIds: string[];
  /** Content-Type for HTTP; 'application/grpc' for gRPC. */
  contentType?: string;
  /** Content-Encoding (HTTP) or grpc-encoding (gRPC), when the client compressed the body. */
  encoding?: string;
  /** Decode or validation error, when the outcome is 'invalid' or 'rejected'. */
  error?: string;
}

export interface Receiver {
  /** 'http://127.0.0.1:<port>' for gRPC; the full endpoint URL for the HTTP receivers. */
  readonly url: string;
  readonly port: number;
  /** Every span accepted, in arrival order (not those answered with a fault). */
  readonly spans: ReceivedSpan[];
  /** Requests received, including faulted and invalid ones. */
  readonly requests: number;
  /** One record per request, in arrival order. */
  readonly log: RequestRecord[];
  setFault(fault: Fault): Promise<void>;
  /** Resolves with all accepted spans once at least `count` arrived; rejects after `timeoutMs` (default 5000). */
  waitForSpans(count: number, timeoutMs?: number): Promise<ReceivedSpan[]>;
  /** Forgets spans, requests and logs; keeps the fault. */
  reset(): void;
  close(): Promise<void>;
}

export interface ZipkinReceiver extends Receiver {
  /** Every JSON span posted in a request that was not faulted, valid or not. */
  readonly raw: unknown[];
  /** Spans that failed the Zipkin v2 JSON Schema, with ajv's messages. */
  readonly invalid: { span: unknown; errors: string[] }[];
}
