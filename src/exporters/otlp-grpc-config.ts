import { TracingConfigError } from '../errors';
import { DEFAULT_OTLP_GRPC_ENDPOINT } from './otlp-options';

/**
 * How fast the channel redials a collector that was down: 0.5 s growing (×1.6) to 1.5 s; grpc-js
 * adds ±20 % jitter, so a collector that comes back is dialled again within 1.8 s and the first
 * batch lands within 2 s (grpc-js alone: 1 s growing to 120 s). One attempt costs one TCP connect.
 */
export const GRPC_RECONNECT_BACKOFF = { initialMs: 500, maxMs: 1500 };

/**
 * Keepalive pings, sent only while an export is running: a connection that died without a FIN or
 * RST (a collector host that vanished, a NAT that forgot us) is noticed within 30 s + 10 s instead
 * of never, and the channel reconnects. Servers that limit ping frequency (gRPC-Go: 5 min by
 * default) forgive pings on a connection they keep answering.
 */
export const GRPC_KEEPALIVE = { timeMs: 30_000, timeoutMs: 10_000 };

/** The collector address a gRPC channel dials, and whether it speaks TLS. */
export interface GrpcTarget {
  /** `host:port` as grpc-js takes it (IPv6 in brackets). */
  address: string;
  secure: boolean;
  /** `http(s)://host:port`, for `toString()` and logs. */
  url: string;
}

const SCHEME = /^([a-z][\w+.-]*):\/\//i;
const ENDPOINT_ALLOWED = '`http://host:port`, `https://host:port` or `host:port`';

/**
 * Reads the gRPC endpoint: `http(s)://host:port` (the scheme decides TLS) or `host:port` (TLS
 * unless `insecure`); a path is ignored, as in the official exporter. No port: 80 / 443.
 */
export function resolveGrpcTarget(endpoint: string | undefined, insecure: boolean | undefined): GrpcTarget {
  const raw = (endpoint ?? DEFAULT_OTLP_GRPC_ENDPOINT).trim();
  const scheme = SCHEME.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new TracingConfigError('otlp.endpoint', raw, ENDPOINT_ALLOWED);
  }
  const secure = scheme !== undefined ? scheme === 'https' : insecure !== true;
  let url: URL;
  try {
    url = new URL(scheme !== undefined ? raw : `${secure ? 'https' : 'http'}://${raw}`);
  } catch {
    throw new TracingConfigError('otlp.endpoint', raw, ENDPOINT_ALLOWED);
  }
  if (url.hostname === '' || url.username !== '' || url.password !== '') {
    throw new TracingConfigError('otlp.endpoint', raw, ENDPOINT_ALLOWED);
  }
  const port = url.port || (secure ? '443' : '80');
  const address = `${url.hostname}:${port}`;
  return { address, secure, url: `${secure ? 'https' : 'http'}://${address}` };
}

/** gRPC metadata keys: lowercase letters, digits, `_ . -` (the gRPC HTTP/2 protocol's rule). */
const KEY = /^[0-9a-z_.-]+$/;
/** ASCII metadata values: printable ASCII, space included. */
const VALUE = /^[\x20-\x7e]*$/;

/**
 * Checks headers against gRPC's metadata rules before any call is made, so a bad header is a
 * configuration error naming the key (never the value: it is often a secret) instead of a throw
 * from grpc-js on every export. Keys are lowercased, as HTTP/2 requires.
 */
export function resolveGrpcHeaders(headers: Record<string, string> | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [rawKey, value] of Object.entries(headers ?? {})) {
    const key = rawKey.toLowerCase();
    if (!KEY.test(key)) {
      throw new TracingConfigError('otlp.headers', rawKey, 'gRPC metadata keys made of 0-9, a-z, _, ., -');
    }
    if (key.startsWith('grpc-')) {
      throw new TracingConfigError('otlp.headers', rawKey, 'keys not starting with "grpc-" (reserved by gRPC)');
    }
    if (key.endsWith('-bin')) {
      throw new TracingConfigError('otlp.headers', rawKey, 'keys not ending in "-bin" (binary metadata; headers are text)');
    }
    if (typeof value !== 'string' || !VALUE.test(value)) {
      throw new TracingConfigError('otlp.headers', rawKey, 'a value of printable ASCII (0x20-0x7E)', `The value of header "${rawKey}" is not.`);
    }
    out.push([key, value]);
  }
  return out;
}

/** Channel options of the exporter's own channel (documented values, see above). */
export function grpcChannelOptions(gzip: boolean): Record<string, string | number> {
  return {
    'grpc.primary_user_agent': 'tracewright',
    'grpc.initial_reconnect_backoff_ms': GRPC_RECONNECT_BACKOFF.initialMs,
    'grpc.max_reconnect_backoff_ms': GRPC_RECONNECT_BACKOFF.maxMs,
    'grpc.keepalive_time_ms': GRPC_KEEPALIVE.timeMs,
    'grpc.keepalive_timeout_ms': GRPC_KEEPALIVE.timeoutMs,
    'grpc.keepalive_permit_without_calls': 0,
    // grpc-js compression ids: 0 identity, 1 deflate, 2 gzip.
    'grpc.default_compression_algorithm': gzip ? 2 : 0,
    // A pool of our own: closing the client then releases its connection at once, and no other
    // channel of the app shares (or keeps alive) the collector's subchannel.
    'grpc.use_local_subchannel_pool': 1,
    // No DNS TXT lookups for a service config: the collector's address is all we need.
    'grpc.service_config_disable_resolution': 1,
  };
}
