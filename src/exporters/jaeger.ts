import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingConfigError, TracingError } from '../errors';
import { createOtlpExporter, type OtlpExporterOptions } from './otlp';

export const DEFAULT_JAEGER_HTTP_ENDPOINT = 'http://localhost:14268/api/traces';
export const DEFAULT_JAEGER_AGENT_HOST = 'localhost';
export const DEFAULT_JAEGER_AGENT_PORT = 6832;
export const JAEGER_INSTALL_HINT = 'npm install @opentelemetry/exporter-jaeger@2.11.0';

export type JaegerTransport = 'otlp' | 'http' | 'udp';

export interface JaegerExporterOptions {
  /** Service name, for the `toString()`; Jaeger itself reads `service.name` from the resource. */
  serviceName: string;
  /**
   * - `otlp` (default): OTLP to Jaeger >= 1.35, which ingests OTLP on 4317 (gRPC) / 4318 (HTTP).
   * - `http`: legacy thrift over HTTP to the Jaeger collector (`endpoint`).
   * - `udp`: legacy thrift compact over UDP to a Jaeger agent (`agentHost`:`agentPort`).
   * The legacy transports need the optional peer dependency `@opentelemetry/exporter-jaeger`.
   * @default 'otlp'
   */
  transport?: JaegerTransport;
  /**
   * `http`: the collector URL, default `http://localhost:14268/api/traces` (option `jaegerEndpoint`,
   * env `OTEL_EXPORTER_JAEGER_ENDPOINT`). `otlp`: the OTLP endpoint when `otlp.endpoint` is unset.
   */
  endpoint?: string;
  /** `udp`: agent host. @default 'localhost' (env `JAEGER_HOST`, `OTEL_EXPORTER_JAEGER_AGENT_HOST`) */
  agentHost?: string;
  /** `udp`: agent port. @default 6832 (env `JAEGER_PORT`, `OTEL_EXPORTER_JAEGER_AGENT_PORT`) */
  agentPort?: number;
  /** `http`: deadline of one request in ms. @default 5000 */
  timeoutMillis?: number;
  /** `otlp`: the OTLP options (protocol, headers, TLS…). */
  otlp?: OtlpExporterOptions;
}

type JaegerModule = typeof import('@opentelemetry/exporter-jaeger');
export type JaegerModuleLoader = () => Promise<JaegerModule>;

/**
 * Jaeger exporter. `loadModule` exists for tests (to simulate the optional module missing).
 * A missing `@opentelemetry/exporter-jaeger` fails with a TracingError that says what to install.
 */
export async function createJaegerExporter(
  options: JaegerExporterOptions,
  loadModule: JaegerModuleLoader = () => import('@opentelemetry/exporter-jaeger'),
): Promise<SpanExporter> {
  const transport = options.transport ?? 'otlp';
  if (transport === 'otlp') {
    return createOtlpExporter({ ...options.otlp, endpoint: options.otlp?.endpoint ?? options.endpoint });
  }
  if (transport !== 'http' && transport !== 'udp') {
    throw new TracingConfigError('jaeger.transport', transport, "'otlp', 'http', 'udp'");
  }
  let mod: JaegerModule;
  try {
    mod = await loadModule();
  } catch (error) {
    throw new TracingError(
      'TRACING_EXPORTER_UNKNOWN',
      `The legacy Jaeger ${transport} transport needs the optional peer dependency @opentelemetry/exporter-jaeger, ` +
        `which could not be loaded. Run \`${JAEGER_INSTALL_HINT}\`, or use transport 'otlp' (Jaeger >= 1.35 ingests OTLP).`,
      { cause: error },
    );
  }
  if (transport === 'http') {
    const endpoint = options.endpoint ?? DEFAULT_JAEGER_HTTP_ENDPOINT;
    if (!/^https?:\/\//i.test(endpoint)) throw new TracingConfigError('jaegerEndpoint', endpoint, 'an http:// or https:// URL');
    const config = { endpoint, timeoutMs: options.timeoutMillis ?? 5000 };
    return describe(new mod.JaegerExporter(config), `JaegerExporter(thrift http ${endpoint})`);
  }
  const host = options.agentHost ?? DEFAULT_JAEGER_AGENT_HOST;
  const port = options.agentPort ?? DEFAULT_JAEGER_AGENT_PORT;
  const exporter = new mod.JaegerExporter({ host, port });
  // The exporter switches to HTTP when OTEL_EXPORTER_JAEGER_ENDPOINT is set, even though UDP was
  // chosen here; components must not read the environment, so pin the choice (2.11.0 field).
  const local = (exporter as unknown as { _localConfig?: { endpoint?: string } })._localConfig;
  if (local) local.endpoint = '';
  return describe(exporter, `JaegerExporter(thrift udp ${host}:${port})`);
}

function describe(exporter: SpanExporter, text: string): SpanExporter {
  Object.defineProperty(exporter, 'toString', { value: () => text });
  return exporter;
}
