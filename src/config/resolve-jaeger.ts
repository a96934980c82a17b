import { TracingConfigError } from '../errors';
import { DEFAULTS } from './defaults';
import { readFirst, readNumber, readString, type Env, type Warn } from './env';
import type { TracingOptions } from './options';
import type { ResolvedConfig, ResolvedOtlp } from './resolved-config';
import { checkNumber, checkString, checkUrl, isHttpUrl } from './validate';

/**
 * The `jaeger` exporter sends OTLP (Jaeger v2, and v1 from 1.35, ingest it natively). The Jaeger
 * variables of older setups still point somewhere useful: their host, with Jaeger's OTLP port.
 *
 * Where it sends, first match wins (an option beats the environment, and at the same level an
 * OTLP endpoint beats a Jaeger one, since it names the wire exactly):
 * 1. the `endpoint` option; 2. `jaegerEndpoint`, then `jaegerAgentHost`/`jaegerAgentPort` options;
 * 3. OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT; 4. OTEL_EXPORTER_JAEGER_ENDPOINT, then
 * OTEL_EXPORTER_JAEGER_AGENT_HOST/PORT (aliases JAEGER_HOST/JAEGER_PORT); 5. the OTLP default.
 */

/** Jaeger's non-OTLP ports: agent UDP (5775, 6831, 6832), sampling (5778), collector thrift/gRPC model (14250, 14267, 14268). */
export const JAEGER_LEGACY_PORTS: ReadonlyMap<number, string> = new Map([
  [5775, "the Jaeger agent's zipkin-thrift UDP port"],
  [6831, "the Jaeger agent's compact-thrift UDP port"],
  [6832, "the Jaeger agent's binary-thrift UDP port"],
  [5778, "the Jaeger agent's sampling/config HTTP port"],
  [14250, "the Jaeger collector's model.proto gRPC port"],
  [14267, "the Jaeger collector's TChannel port"],
  [14268, "the Jaeger collector's thrift HTTP port"],
]);

/** How to move off the removed thrift transports; part of the error and of the env warning. */
export const JAEGER_OTLP_HINT =
  "The jaeger exporter sends OTLP: point it at the Jaeger collector's OTLP receiver, gRPC port 4317 or HTTP port 4318 " +
  '(on by default in Jaeger v2; Jaeger v1 >= 1.35 with --collector.otlp.enabled=true, COLLECTOR_OTLP_ENABLED=true in its images). ' +
  'Drop jaegerTransport / TRACEWRIGHT_JAEGER_TRANSPORT and set JAEGER_HOST=<collector host> (OTLP gRPC to port 4317), ' +
  'or OTEL_EXPORTER_OTLP_ENDPOINT=http://<collector host>:4317, or OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf with ' +
  'OTEL_EXPORTER_OTLP_ENDPOINT=http://<collector host>:4318; exporterType may be \'jaeger\' or \'otlp\'.';

const REMOVED = ['http', 'udp'];
const HOSTNAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const PORT = { integer: true, min: 1, max: 65535 } as const;

interface Target {
  /** What was set, for the messages: `JAEGER_HOST=jaeger, JAEGER_PORT=6831`. */
  given: string;
  scheme: 'http' | 'https';
  host: string;
  port: number | undefined;
  /** The path of a URL target (`/api/traces` for the thrift collector). */
  path?: string;
}

/** Throws for a transport other than 'otlp' given in code; true when one was given. */
function checkTransportOption(options: TracingOptions): boolean {
  const explicit = options.jaegerTransport as unknown;
  if (explicit === undefined) return false;
  if (explicit === 'otlp') return true;
  const removed = typeof explicit === 'string' && REMOVED.includes(explicit.toLowerCase());
  throw new TracingConfigError('jaegerTransport', explicit, removed ? "'otlp' (the thrift transports 'http' and 'udp' were removed)" : "'otlp'", JAEGER_OTLP_HINT);
}

function checkTransportEnv(env: Env, warn: Warn): void {
  const fromEnv = readString(env, 'TRACEWRIGHT_JAEGER_TRANSPORT');
  if (fromEnv === undefined || fromEnv.toLowerCase() === 'otlp') return;
  if (REMOVED.includes(fromEnv.toLowerCase()))
    warn(`TRACEWRIGHT_JAEGER_TRANSPORT=${JSON.stringify(fromEnv)}: the thrift transports were removed; using otlp. ${JAEGER_OTLP_HINT}`);
  else warn(`TRACEWRIGHT_JAEGER_TRANSPORT=${JSON.stringify(fromEnv)} is not "otlp"; using otlp.`);
}

function fromUrl(given: string, value: string): Target {
  const url = new URL(value);
  return { given, scheme: url.protocol === 'https:' ? 'https' : 'http', host: url.hostname, port: url.port === '' ? undefined : Number(url.port), path: url.pathname };
}

/** A host name, an IPv4 address, or an IPv6 address with or without brackets (`jaeger:6831` is not). */
function isHost(value: string): boolean {
  if (HOSTNAME_RE.test(value)) return true;
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (!inner.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(inner)) return false;
  try {
    return new URL(`http://[${inner}]/`).hostname !== '';
  } catch {
    return false;
  }
}

/** `envHost`: the host from the environment, for a port set in code without a host (read after the options are checked). */
function optionTarget(options: TracingOptions, envHostOf: () => { name: string; value: string } | undefined): Target | undefined {
  const endpoint = checkUrl('jaegerEndpoint', options.jaegerEndpoint);
  const host = checkString('jaegerAgentHost', options.jaegerAgentHost);
  if (host !== undefined && !isHost(host)) throw new TracingConfigError('jaegerAgentHost', host, 'a host name or IP address (no scheme, port or path)');
  const port = checkNumber('jaegerAgentPort', options.jaegerAgentPort, PORT);
  if (endpoint !== undefined) return fromUrl(`jaegerEndpoint=${endpoint}`, endpoint);
  if (host === undefined && port === undefined) return undefined;
  const envHost = host === undefined ? envHostOf() : undefined;
  const hostGiven = host !== undefined ? `jaegerAgentHost=${host}` : envHost ? `${envHost.name}=${envHost.value}` : '';
  const given = [hostGiven, port !== undefined ? `jaegerAgentPort=${port}` : ''].filter(Boolean).join(', ');
  return { given, scheme: 'http', host: host ?? envHost?.value ?? DEFAULTS.jaegerAgentHost, port };
}

function envTarget(env: Env, warn: Warn): { target: Target | undefined; host: { name: string; value: string } | undefined } {
  const endpoint = readString(env, 'OTEL_EXPORTER_JAEGER_ENDPOINT');
  let fromEndpoint: Target | undefined;
  if (endpoint !== undefined) {
    if (isHttpUrl(endpoint)) fromEndpoint = fromUrl(`OTEL_EXPORTER_JAEGER_ENDPOINT=${endpoint}`, endpoint);
    else warn(`OTEL_EXPORTER_JAEGER_ENDPOINT=${JSON.stringify(endpoint)} is not an http(s) URL; using the default.`);
  }
  let host = readFirst(env, ['OTEL_EXPORTER_JAEGER_AGENT_HOST', 'JAEGER_HOST']);
  if (host && !isHost(host.value)) {
    warn(`${host.name}=${JSON.stringify(host.value)} is not a host name or IP address; using the default.`);
    host = undefined;
  }
  const portName = readFirst(env, ['OTEL_EXPORTER_JAEGER_AGENT_PORT', 'JAEGER_PORT'])?.name;
  const port = readNumber(env, ['OTEL_EXPORTER_JAEGER_AGENT_PORT', 'JAEGER_PORT'], warn, PORT);
  if (fromEndpoint) return { target: fromEndpoint, host };
  if (host === undefined && port === undefined) return { target: undefined, host };
  const given = [host ? `${host.name}=${host.value}` : '', port !== undefined ? `${portName}=${port}` : ''].filter(Boolean).join(', ');
  return { target: { given, scheme: 'http', host: host?.value ?? DEFAULTS.jaegerAgentHost, port }, host };
}

/** The OTLP URL for a Jaeger target: its host, its port unless that is a legacy one, the OTLP path. */
function toOtlp(target: Target, otlp: ResolvedOtlp, note: (message: string) => void): string {
  const grpc = otlp.protocol === 'grpc';
  const otlpPort = grpc ? 4317 : 4318;
  const legacy = target.port === undefined ? undefined : JAEGER_LEGACY_PORTS.get(target.port);
  const port = target.port === undefined || legacy ? otlpPort : target.port;
  const host = target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]` : target.host;
  const endpoint = `${target.scheme}://${host}:${port}${grpc ? '' : '/v1/traces'}`;
  const sends = `the jaeger exporter sends OTLP (${otlp.protocol}) to ${endpoint}, Jaeger's OTLP receiver (4317 gRPC, 4318 HTTP).`;
  if (legacy) note(`${target.given}: port ${target.port} is ${legacy}, which tracewright no longer uses; ${sends}`);
  else if (target.path !== undefined && target.path !== '/' && target.path !== (grpc ? '' : '/v1/traces'))
    note(`${target.given}: the path ${target.path} (Jaeger's thrift API) is not used; ${sends}`);
  return endpoint;
}

/**
 * Resolves where the `jaeger` exporter sends (see the precedence above). `usesJaeger`: whether the
 * `jaeger` exporter is configured; the notes about settings it does not use are only given then.
 * Junk in the environment warns whatever the exporter, as every other variable does.
 */
export function resolveJaeger(options: TracingOptions, env: Env, warn: Warn, otlp: ResolvedOtlp, usesJaeger: boolean): ResolvedConfig['jaeger'] {
  const transportGiven = checkTransportOption(options);
  const note = (message: string) => {
    if (usesJaeger) warn(message);
  };
  // The options are checked (and may throw) before the environment is read and warned about.
  let envSide: ReturnType<typeof envTarget> | undefined;
  const fromOptions = optionTarget(options, () => (envSide ??= envTarget(env, warn)).host);
  if (!transportGiven) checkTransportEnv(env, warn);
  envSide ??= envTarget(env, warn);
  const fromEnv = envSide.target;
  const otlpFromEnv = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'].some((name) => {
    const value = readString(env, name);
    return value !== undefined && isHttpUrl(value);
  });
  const overridden = (target: Target | undefined, by: string) => {
    if (target) note(`${target.given} is not used: ${by} sets the OTLP endpoint, ${otlp.endpoint}, which the jaeger exporter uses.`);
  };
  if (options.endpoint !== undefined) {
    overridden(fromOptions ?? fromEnv, 'the endpoint option');
    return { endpoint: otlp.endpoint };
  }
  if (fromOptions) return { endpoint: toOtlp(fromOptions, otlp, note) };
  if (otlpFromEnv) {
    overridden(fromEnv, 'OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT');
    return { endpoint: otlp.endpoint };
  }
  if (fromEnv) return { endpoint: toOtlp(fromEnv, otlp, note) };
  return { endpoint: otlp.endpoint };
}
