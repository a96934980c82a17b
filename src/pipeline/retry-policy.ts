import { grpcRetryDelayMs } from '../internal/grpc-retry-info';
import { MAX_RETRY_AFTER_MS } from '../internal/retry-after';
import type { RetryPolicy } from './processor-options';

export type { RetryPolicy } from './processor-options';

export { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../internal/retry-after';

/**
 * The retry policy: pure functions, no timers. The processor owns the timers and asks this file
 * how long to wait and whether a failure is worth another attempt.
 */

/**
 * Wait before the retry that follows failed attempt number `attempt` (1 = the first attempt):
 * `initialDelayMs * multiplier^(attempt-1)`, capped at `maxDelayMs`, then spread by the jitter and
 * kept within `[0, maxDelayMs]`. `random` returns a number in [0, 1) (tests pass a constant).
 */
export function computeDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.max(0, Math.floor(attempt) - 1);
  const raw = policy.initialDelayMs * Math.pow(policy.multiplier, step);
  const base = Math.min(policy.maxDelayMs, Number.isFinite(raw) ? raw : policy.maxDelayMs);
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0));
  const spread = jitter === 0 ? 1 : 1 - jitter + 2 * jitter * random();
  return Math.round(Math.min(policy.maxDelayMs, Math.max(0, base * spread)));
}

/** What the processor should do with a failed attempt. */
export interface ExportErrorClass {
  retryable: boolean;
  /** The server asked to wait this long (HTTP Retry-After, gRPC RetryInfo / retry push-back). */
  retryAfterMs?: number;
  /** Short reason for logs and `lastError`, e.g. `HTTP 503`, `gRPC UNAVAILABLE`, `ECONNREFUSED`. */
  reason: string;
  /**
   * The backend refused the request for its size (HTTP 413, gRPC RESOURCE_EXHAUSTED "larger than
   * max"): not worth retrying as it is, but the same spans fit in smaller requests.
   */
  tooLarge?: boolean;
}

/** gRPC status names by code, and the ones the OTLP specification calls retryable. */
const GRPC_CODES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];
const GRPC_RETRYABLE = new Set([1, 4, 10, 11, 14, 15]);
/** RESOURCE_EXHAUSTED is retryable only when the server says when to retry (OTLP spec: "only if the server can recover"). */
const GRPC_RESOURCE_EXHAUSTED = 8;
/** OTLP/HTTP: 429, 502, 503, 504 are retryable; every other 4xx/5xx is permanent. */
const HTTP_RETRYABLE = new Set([429, 502, 503, 504]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND',
  'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EHOSTDOWN', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const NETWORK_IN_MESSAGE = /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)\b|socket hang up/;
/** Exporters that only put the HTTP status in the message: Zipkin ("status code from zipkin: 503"), Jaeger ("responded with HTTP 503"). */
const STATUS_IN_MESSAGE = /(?:status code from zipkin|responded with HTTP|status code)[:\s]+(\d{3})\b/i;

type ErrorLike = Record<string, unknown> & { message?: unknown; code?: unknown };

/**
 * Sorts an export failure into retryable or permanent, following the OTLP exporter specification
 * and the error objects that the exporters in use really produce:
 * - `@grpc/grpc-js` ServiceError: numeric `code` 0–16; CANCELLED, DEADLINE_EXCEEDED,
 *   ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS are retryable; RESOURCE_EXHAUSTED only with a
 *   `google.rpc.RetryInfo` detail (or `grpc-retry-pushback-ms`), the server's sign that it can recover.
 * - HTTP: `OTLPExporterError` (and ours) carry the status in `code` (≥ 100); 429/502/503/504 are
 *   retryable, with `retryAfterMs` when the server sent Retry-After. Zipkin and Jaeger only put the
 *   status in the message, so it is read from there.
 * - Network errors (ECONNREFUSED, ECONNRESET, timeouts…), also inside `cause` / `errors`.
 * - `@opentelemetry/otlp-exporter-base`'s own HTTP retry gives up with a code-less
 *   "Export failed with retryable status"; that stays retryable.
 * - TLS certificate errors (`CERT_*`, `UNABLE_TO_VERIFY_*`, `ERR_TLS_*`, self-signed) are permanent.
 * - Our own timeouts (`name: 'ExportTimeoutError'`) are retryable; a `TracingError` from
 *   configuration (e.g. a missing optional module) is not.
 * - Anything unrecognised is retried: retries are bounded, silent loss is not acceptable.
 */
export function classifyExportError(error: unknown): ExportErrorClass {
  if (error === undefined || error === null) return { retryable: true, reason: 'export failed without an error' };
  if (typeof error !== 'object') return { retryable: true, reason: String(error) };
  const e = error as ErrorLike;
  const retryAfterMs = readRetryAfter(e);
  const withRetryAfter = (c: ExportErrorClass): ExportErrorClass =>
    retryAfterMs !== undefined && c.retryable ? { ...c, retryAfterMs } : c;

  if (typeof e.retryable === 'boolean') {
    return withRetryAfter({ retryable: e.retryable, reason: messageOf(e) });
  }
  if (e.name === 'ExportTimeoutError') return { retryable: true, reason: 'timeout' };
  if (e.name === 'TracingError' || e.name === 'TracingConfigError') {
    return { retryable: e.code === 'TRACING_EXPORT_FAILED', reason: messageOf(e) };
  }
  if (typeof e.code === 'number') {
    if (e.code >= 0 && e.code < GRPC_CODES.length && !('statusCode' in e)) {
      const name = GRPC_CODES[e.code];
      const retryable = GRPC_RETRYABLE.has(e.code) || (e.code === GRPC_RESOURCE_EXHAUSTED && retryAfterMs !== undefined);
      // A server's message-size limit (grpc-go and grpc-js: "received message larger than max (N vs. M)").
      if (e.code === GRPC_RESOURCE_EXHAUSTED && !retryable && MESSAGE_TOO_LARGE.test(messageOf(e))) {
        return { retryable: false, reason: `gRPC ${name}: request too large`, tooLarge: true };
      }
      return withRetryAfter({ retryable, reason: `gRPC ${name}` });
    }
    if (e.code >= 100 && e.code < 600) return classifyStatus(e.code, withRetryAfter);
  }
  if (typeof e.statusCode === 'number') return classifyStatus(e.statusCode, withRetryAfter);
  const tls = findTlsCode(e);
  if (tls) return { retryable: false, reason: `TLS ${tls}` };
  const network = findNetworkCode(e, 0);
  if (network) return { retryable: true, reason: network };
  const message = messageOf(e);
  const status = STATUS_IN_MESSAGE.exec(message);
  if (status) return classifyStatus(Number(status[1]), withRetryAfter);
  const inMessage = NETWORK_IN_MESSAGE.exec(message);
  if (inMessage) return { retryable: true, reason: inMessage[1] ?? 'socket hang up' };
  if (/timed? ?out/i.test(message)) return { retryable: true, reason: 'timeout' };
  return withRetryAfter({ retryable: true, reason: message || 'unknown export error' });
}

function classifyStatus(status: number, withRetryAfter: (c: ExportErrorClass) => ExportErrorClass): ExportErrorClass {
  if (status === 413) return { retryable: false, reason: 'HTTP 413: request too large', tooLarge: true };
  return withRetryAfter({ retryable: HTTP_RETRYABLE.has(status), reason: `HTTP ${status}` });
}

const MESSAGE_TOO_LARGE = /larger than max|message too large|too large/i;

function findNetworkCode(e: ErrorLike, depth: number): string | undefined {
  if (depth > 3) return undefined;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  const nested: unknown[] = [];
  if (e.cause && typeof e.cause === 'object') nested.push(e.cause);
  if (Array.isArray(e.errors)) nested.push(...e.errors);
  for (const inner of nested) {
    if (inner && typeof inner === 'object') {
      const found = findNetworkCode(inner as ErrorLike, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Certificate problems do not heal by retrying: a wrong CA file or an expired certificate. */
const TLS_CODE = /^(ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|ERR_SSL_)/;

function findTlsCode(e: ErrorLike): string | undefined {
  if (typeof e.code === 'string' && TLS_CODE.test(e.code)) return e.code;
  const cause = e.cause as ErrorLike | undefined;
  if (cause && typeof cause === 'object' && typeof cause.code === 'string' && TLS_CODE.test(cause.code)) return cause.code;
  return undefined;
}

function readRetryAfter(e: ErrorLike): number | undefined {
  if (typeof e.retryAfterMs === 'number' && Number.isFinite(e.retryAfterMs) && e.retryAfterMs >= 0) {
    return Math.min(e.retryAfterMs, MAX_RETRY_AFTER_MS);
  }
  const grpc = grpcRetryDelayMs(e);
  return grpc === undefined ? undefined : Math.min(grpc, MAX_RETRY_AFTER_MS);
}

function messageOf(e: ErrorLike): string {
  return typeof e.message === 'string' ? e.message : String(e);
}


/** Wait before the next attempt: the server's Retry-After when it gave one, else the backoff. */
export function nextDelay(attempt: number, policy: RetryPolicy, failure: ExportErrorClass, random?: () => number): number {
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
  return computeDelay(attempt, policy, random);
}
