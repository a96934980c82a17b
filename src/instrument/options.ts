import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { resolveHeaderAllowlist } from '../sanitize/headers';
import { DEFAULT_REDIS_KEY_PATTERNS } from '../sanitize/redis';
import { VERSION } from '../version';
import { INSTRUMENTATION_SCOPE } from '../semconv/instrumentation';

/**
 * Options of the instrumentation helpers and middleware. `initializeTracing()` fills them from its
 * resolved config; the standalone exports accept them directly (every field optional there).
 */
export interface InstrumentationOptions {
  /** Tracer for every span. Default: `tracerProvider.getTracer('tracewright')`, else the global provider's. */
  tracer?: Tracer;
  /** Provider to get the tracer from when `tracer` is not given. Default: the global provider. */
  tracerProvider?: TracerProvider;
  /** Trace outgoing HTTP calls (`instrumentHttpRequest`, `traceFetch`) and server requests. Default true. Env `TRACEWRIGHT_ENABLE_HTTP`. */
  enableHttp: boolean;
  /** Trace database queries and transactions. Default true. Env `TRACEWRIGHT_ENABLE_DATABASE`. */
  enableDatabase: boolean;
  /** Trace Redis commands. Default true. Env `TRACEWRIGHT_ENABLE_REDIS`. */
  enableRedis: boolean;
  /** Trace Discord REST calls and gateway events. Default true. Env `TRACEWRIGHT_ENABLE_DISCORD`. */
  enableDiscord: boolean;
  /** Record request/response bodies given to the helpers, truncated to 1 KiB and redacted. Default false. Env `TRACEWRIGHT_CAPTURE_BODIES`. */
  captureBodies: boolean;
  /** Replace SQL literals with `?` in `db.query.text`. Default true. Env `TRACEWRIGHT_SANITIZE_QUERIES`. */
  sanitizeQueries: boolean;
  /** Replace id-like Redis key segments with `?` in `db.query.text`. Default true. Env `TRACEWRIGHT_SANITIZE_KEYS`. */
  sanitizeKeys: boolean;
  /**
   * Which Redis key segments are replaced when `sanitizeKeys` is on: each segment between `:`, `/`,
   * `|`, `#`, `{`, `}` that matches one of these becomes `?`. Default {@link DEFAULT_REDIS_KEY_PATTERNS}
   * (numbers, UUIDs, hex ids, e-mails, long tokens).
   */
  redisKeyPatterns?: RegExp[];
  /** Request headers recorded as `http.request.header.<name>` (allowlist). Authorization, Cookie never. Default none. Env `TRACEWRIGHT_CAPTURE_REQUEST_HEADERS`. */
  capturedRequestHeaders?: readonly string[];
  /** Response headers recorded as `http.response.header.<name>` (allowlist). Set-Cookie never. Default none. Env `TRACEWRIGHT_CAPTURE_RESPONSE_HEADERS`. */
  capturedResponseHeaders?: readonly string[];
  /** Alias of `capturedRequestHeaders` (the config's name). */
  captureRequestHeaders?: readonly string[];
  /** Alias of `capturedResponseHeaders` (the config's name). */
  captureResponseHeaders?: readonly string[];
  /** Server requests for which this returns true are not traced. Default: none ignored. Env `TRACEWRIGHT_IGNORE_PATHS` (via the config). */
  shouldIgnorePath?: (path: string) => boolean;
  /** Add a W3C `traceresponse` header to server responses. Default false. Env `TRACEWRIGHT_TRACE_RESPONSE_HEADER`. */
  traceResponseHeader?: boolean;
}

/** Marks an options object that already went through `resolveInstrumentationOptions`. */
export const RESOLVED_OPTIONS: unique symbol = Symbol('tracewright.instrumentation.resolved');

/** What the helpers use internally: all defaults applied. */
export interface ResolvedInstrumentationOptions {
  readonly [RESOLVED_OPTIONS]: true;
  readonly tracer: Tracer;
  readonly enableHttp: boolean;
  readonly enableDatabase: boolean;
  readonly enableRedis: boolean;
  readonly enableDiscord: boolean;
  readonly captureBodies: boolean;
  readonly sanitizeQueries: boolean;
  readonly sanitizeKeys: boolean;
  readonly redisKeyPatterns: readonly RegExp[];
  readonly requestHeaders: readonly string[];
  readonly responseHeaders: readonly string[];
  readonly shouldIgnorePath?: (path: string) => boolean;
  readonly traceResponseHeader: boolean;
}

/**
 * Applies defaults. Without a tracer or provider the tracer is a proxy from the global API, so
 * helpers created before `initializeTracing()` start recording once a provider is registered.
 */
export function resolveInstrumentationOptions(
  options: Partial<InstrumentationOptions> | ResolvedInstrumentationOptions = {},
): ResolvedInstrumentationOptions {
  if (isResolvedInstrumentationOptions(options)) return options;
  const tracer =
    options.tracer ?? (options.tracerProvider ?? trace).getTracer(INSTRUMENTATION_SCOPE, VERSION);
  return {
    [RESOLVED_OPTIONS]: true,
    tracer,
    enableHttp: options.enableHttp ?? true,
    enableDatabase: options.enableDatabase ?? true,
    enableRedis: options.enableRedis ?? true,
    enableDiscord: options.enableDiscord ?? true,
    captureBodies: options.captureBodies ?? false,
    sanitizeQueries: options.sanitizeQueries ?? true,
    sanitizeKeys: options.sanitizeKeys ?? true,
    redisKeyPatterns: options.redisKeyPatterns ?? DEFAULT_REDIS_KEY_PATTERNS,
    requestHeaders: resolveHeaderAllowlist(options.capturedRequestHeaders ?? options.captureRequestHeaders),
    responseHeaders: resolveHeaderAllowlist(options.capturedResponseHeaders ?? options.captureResponseHeaders),
    shouldIgnorePath: options.shouldIgnorePath,
    traceResponseHeader: options.traceResponseHeader ?? false,
  };
}

export function isResolvedInstrumentationOptions(options: object): options is ResolvedInstrumentationOptions {
  return (options as { [RESOLVED_OPTIONS]?: unknown })[RESOLVED_OPTIONS] === true;
}
