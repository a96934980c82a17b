import { join } from 'node:path';
import type { ManagedExporter } from './managed-exporter';
import { logger } from '../internal/diag';
import type { RetryingBatchSpanProcessor } from './retrying-batch-processor';
import { SpoolLink, type RequestSerializer } from './spool-link';
import type { ResolvedSpool } from './spool-options';

interface SpoolTarget {
  exporter: ManagedExporter;
  processor: RetryingBatchSpanProcessor;
}

/**
 * Opens one spool per exporter that can send serialised OTLP protobuf (tracewright's OTLP/gRPC
 * and OTLP/HTTP-protobuf exporters, `jaeger` included), below `<dir>/<service>/<exporter>`, and
 * attaches it to the exporter's processor. Other exporters (zipkin, console, file, memory,
 * http/json, custom ones) keep their in-memory queue, with one warning each: replaying them would
 * mean decoding the protobuf back into spans. A spool that cannot be opened (read-only directory,
 * no permission) is an error in the log and in `lastError`, and that exporter goes on in memory.
 */
export async function attachSpools(targets: readonly SpoolTarget[], spool: ResolvedSpool, serviceName: string): Promise<number> {
  let serializer: RequestSerializer | undefined;
  const seen = new Map<string, number>();
  let attached = 0;
  for (const { exporter, processor } of targets) {
    const n = (seen.get(exporter.name) ?? 0) + 1;
    seen.set(exporter.name, n);
    if (!exporter.acceptsSerialized) {
      logger.warn(`exporter "${exporter.name}" (${exporter.toString()}) has no disk spool: only OTLP over grpc or http/protobuf can be spooled; it keeps its in-memory queue.`);
      continue;
    }
    if (!serializer) {
      const { ProtobufTraceSerializer } = await import('@opentelemetry/otlp-transformer');
      serializer = (spans) => ProtobufTraceSerializer.serializeRequest(spans);
    }
    const base = join(spool.dir, safeName(serviceName), safeName(n === 1 ? exporter.name : `${exporter.name}-${n}`));
    try {
      processor.attachSpool(SpoolLink.open(base, spool, serializer, processor.stats, exporter.name));
      attached++;
    } catch (error) {
      const message = `exporter "${exporter.name}": disk spool at ${base} cannot be used (${(error as Error).message}); spans are kept in memory only.`;
      logger.error(message);
      processor.stats.noteError(message);
    }
  }
  return attached;
}

/** A path segment from a service or exporter name: no separators, no dot-only names. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return /^\.*$/.test(cleaned) ? '_' : cleaned;
}
