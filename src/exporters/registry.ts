import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { resolveConfig } from '../config/resolve-config';
import type { TracingOptions } from '../config/options';
import type { ResolvedConfig } from '../config/resolved-config';
import { TracingConfigError, TracingError } from '../errors';
import { createConsoleExporter } from './console';
import { createFileExporter } from './file';
import { createJaegerExporter } from './jaeger';
import { ManagedExporter } from '../pipeline/managed-exporter';
import { createMemoryExporter } from './memory';
import { NoneExporter } from './none';
import { createOtlpExporter } from './otlp';
import { createZipkinExporter } from './zipkin';

/** What a factory is given: the service name and the whole resolved config. */
export interface ExporterFactoryContext {
  serviceName: string;
  config: ResolvedConfig;
}

/** Builds an exporter; may return a promise so heavy modules load only when the exporter is chosen. */
export type ExporterFactory = (context: ExporterFactoryContext) => SpanExporter | Promise<SpanExporter>;

const BUILT_IN: ReadonlyMap<string, ExporterFactory> = new Map<string, ExporterFactory>([
  ['otlp', ({ config }) => createOtlpExporter(config.otlp)],
  [
    'jaeger',
    ({ serviceName, config }) =>
      // OTLP with every OTLP setting, sent where the Jaeger settings point (config.jaeger.endpoint).
      createJaegerExporter({ serviceName, otlp: { ...config.otlp, endpoint: config.jaeger.endpoint } }),
  ],
  [
    'zipkin',
    ({ serviceName, config }) =>
      createZipkinExporter({ serviceName, endpoint: config.zipkin.endpoint, timeoutMillis: config.zipkin.timeoutMillis }),
  ],
  ['console', ({ config }) => createConsoleExporter({ format: config.console.format })],
  ['memory', () => createMemoryExporter()],
  ['file', ({ config }) => createFileExporter(config.file)],
  ['none', () => new NoneExporter()],
]);

const registered = new Map<string, ExporterFactory>();

/**
 * Adds an exporter by name, usable in `exporterType` and in OTEL_TRACES_EXPORTER. Built-in names
 * cannot be replaced; registering the same custom name twice replaces the factory.
 */
export function registerExporterFactory(name: string, factory: ExporterFactory): void {
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(name))
    throw new TracingConfigError('name', name, 'a lower-case name of letters, digits, "-" or "_"');
  if (BUILT_IN.has(name)) throw new TracingConfigError('name', name, `a name other than the built-in ${[...BUILT_IN.keys()].join(', ')}`);
  if (typeof factory !== 'function') throw new TracingConfigError('factory', factory, 'a function (context) => SpanExporter');
  registered.set(name, factory);
}

/** Removes a registered custom exporter; returns whether it was there. */
export function unregisterExporterFactory(name: string): boolean {
  return registered.delete(name);
}

export function listExporterNames(): string[] {
  return [...BUILT_IN.keys(), ...registered.keys()];
}

/**
 * Builds the exporter named by `type` (or wraps an instance) as a ManagedExporter, which counts
 * every export in `getStats()`. Heavy exporters load on first use, so this returns at once.
 */
export function createExporter(
  type: string | SpanExporter,
  serviceName: string,
  options: TracingOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): ManagedExporter {
  const config = resolveConfig({ ...options, serviceName, exporterType: type }, env, { exporterNames: listExporterNames() });
  return createExporterFromConfig(type, config);
}

export function createExporterFromConfig(type: string | SpanExporter, config: ResolvedConfig): ManagedExporter {
  return loadExporter(type, config).exporter;
}

/**
 * The exporter, and a promise that settles when its inner exporter has loaded: it rejects when a
 * lazily loaded module is missing, so `initializeTracing` can report that as a setup error.
 */
export function loadExporter(type: string | SpanExporter, config: ResolvedConfig): { exporter: ManagedExporter; loaded: Promise<unknown> } {
  const timeoutMillis = config.processor.exportTimeoutMillis;
  if (typeof type !== 'string') {
    if (type instanceof ManagedExporter) return { exporter: type, loaded: Promise.resolve() };
    return { exporter: new ManagedExporter(String(type.constructor?.name ?? 'custom'), type, { timeoutMillis }), loaded: Promise.resolve() };
  }
  const factory = BUILT_IN.get(type) ?? registered.get(type);
  if (!factory) throw new TracingError('TRACING_EXPORTER_UNKNOWN', `No exporter named '${type}'. Known: ${listExporterNames().join(', ')}.`);
  // A factory that throws at once is a programmer error and reaches the caller.
  const inner = factory({ serviceName: config.serviceName, config });
  return { exporter: new ManagedExporter(type, inner, { timeoutMillis }), loaded: Promise.resolve(inner) };
}
