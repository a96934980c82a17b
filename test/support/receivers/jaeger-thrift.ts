/**
 * Decoding Jaeger thrift with `thriftrw` and the IDL files that `jaeger-client` ships
 * (dist/src/jaeger-idl/thrift). The collector HTTP endpoint takes a binary-protocol `Batch`; the
 * agent UDP port takes an `Agent.emitBatch` oneway message. jaeger-client's UDPSender (used by
 * @opentelemetry/exporter-jaeger) writes that message with thriftrw's `argumentsMessageRW`, i.e. in
 * the BINARY protocol (port 6832). The COMPACT protocol (port 6831, used by other Jaeger clients)
 * is not something thriftrw can read, so compact datagrams go to ./jaeger-compact.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readCompactEmitBatch } from './jaeger-compact';

/** The struct shapes as thriftrw decodes them (i64 as 8-byte Buffers, enums as names). */
export interface JaegerTag {
  key: string;
  vType: string | number;
  vStr?: string | null;
  vDouble?: number | null;
  vBool?: boolean | null;
  vLong?: unknown;
  vBinary?: Uint8Array | null;
}
export interface JaegerSpanRef {
  refType: string | number;
  traceIdLow: unknown;
  traceIdHigh: unknown;
  spanId: unknown;
}
export interface JaegerSpan {
  traceIdLow: unknown;
  traceIdHigh: unknown;
  spanId: unknown;
  parentSpanId: unknown;
  operationName: string;
  references?: JaegerSpanRef[] | null;
  flags: number;
  startTime: unknown;
  duration: unknown;
  tags?: JaegerTag[] | null;
  logs?: { timestamp: unknown; fields: JaegerTag[] }[] | null;
}
export interface JaegerBatch {
  process: { serviceName: string; tags?: JaegerTag[] | null };
  spans: JaegerSpan[];
}

interface ReadResult<T> {
  err: Error | null;
  value: T;
}
interface ThriftModel {
  Batch: { rw: { fromBuffer(buffer: Buffer): ReadResult<JaegerBatch> } };
  Agent: {
    emitBatch: {
      argumentsMessageRW: {
        readFrom(buffer: Buffer, offset: number): ReadResult<{ name: string; type: string; body: { batch: JaegerBatch } }>;
      };
    };
  };
}

let models: { jaeger: ThriftModel; agent: ThriftModel } | undefined;

export function jaegerIdlDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('jaeger-client/package.json')), 'dist/src/jaeger-idl/thrift');
}

function loadModels(): { jaeger: ThriftModel; agent: ThriftModel } {
  if (models) return models;
  const require = createRequire(import.meta.url);
  const { Thrift } = require('thriftrw') as { Thrift: new (options: object) => ThriftModel };
  const dir = jaegerIdlDirectory();
  const common = { allowFilesystemAccess: true, allowOptionalArguments: true };
  models = {
    jaeger: new Thrift({ ...common, entryPoint: join(dir, 'jaeger.thrift') }),
    // agent.thrift includes zipkincore.thrift, whose Endpoint fields have no requiredness: not strict.
    agent: new Thrift({ ...common, entryPoint: join(dir, 'agent.thrift'), strict: false }),
  };
  return models;
}

/** A binary-protocol `Batch`, as the collector's POST /api/traces takes it. */
export function decodeJaegerBatch(body: Buffer): JaegerBatch {
  const result = loadModels().jaeger.Batch.rw.fromBuffer(body);
  if (result.err) throw new Error(`cannot decode jaeger.thrift Batch: ${result.err.message}`);
  return result.value;
}

export type AgentProtocol = 'binary' | 'compact';

/** An `Agent.emitBatch` datagram in the binary (0x80 0x01) or compact (0x82) protocol. */
export function decodeAgentDatagram(datagram: Buffer): { protocol: AgentProtocol; batch: JaegerBatch } {
  if (datagram[0] === 0x82) return { protocol: 'compact', batch: readCompactEmitBatch(datagram) };
  if (datagram[0] !== 0x80) {
    throw new Error(`not a thrift message: first byte 0x${(datagram[0] ?? 0).toString(16)} (binary 0x80 or compact 0x82)`);
  }
  const result = loadModels().agent.Agent.emitBatch.argumentsMessageRW.readFrom(datagram, 0);
  if (result.err) throw new Error(`cannot decode Agent.emitBatch (binary): ${result.err.message}`);
  if (result.value.name !== 'emitBatch') throw new Error(`unsupported agent method "${result.value.name}"`);
  return { protocol: 'binary', batch: result.value.body.batch };
}
