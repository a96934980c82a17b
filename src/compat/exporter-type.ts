/**
 * `ExporterType`: the exporter names as an enum, a name from the design documents. Its values are
 * the lower-case names, so it is accepted wherever an exporter name is
 * (`createExporter(ExporterType.OTLP, 'api')`, `initializeTracing({ exporterType: ExporterType.CONSOLE })`).
 */
export enum ExporterType {
  OTLP = 'otlp',
  JAEGER = 'jaeger',
  ZIPKIN = 'zipkin',
  CONSOLE = 'console',
  FILE = 'file',
  MEMORY = 'memory',
  NONE = 'none',
}
