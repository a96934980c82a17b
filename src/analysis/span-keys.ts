import type { Attributes } from '@opentelemetry/api';
import type { OperationStats, OperationTable } from './aggregates';
import { ATTR_CODE_FUNCTION_NAME, ATTR_SERVICE_NAME, serviceOf } from './span-record';

/**
 * What a span's name, its two service attributes and its resource decide: its service and the
 * operation it adds to. Spans alike share one key, so a stored span holds one reference for all
 * of it and the operation is found with one Map lookup by name.
 */
export interface SpanKey {
  readonly name: string;
  readonly service: string;
  readonly resourceService: string;
  /** The `service.name` and `code.function.name` attribute values the service was derived from. */
  readonly explicit: unknown;
  readonly fn: unknown;
  readonly stats: OperationStats;
  /** The operation is the `other` bucket (past `maxOperations`): every span of this key counts in `overflowSpans`. */
  readonly overflow: boolean;
}

// Bounded like the operation table's cap protects the aggregates: names with ids in them churn through.
const MAX_KEYS = 4096;

/** The last key seen per span name. */
export class SpanKeys {
  private readonly byName = new Map<string, SpanKey>();

  constructor(private readonly operations: OperationTable) {}

  keyOf(name: string, attributes: Attributes, resourceService: string, nowMs: number): SpanKey {
    const explicit = attributes[ATTR_SERVICE_NAME];
    const fn = attributes[ATTR_CODE_FUNCTION_NAME];
    const key = this.byName.get(name);
    if (key !== undefined && key.explicit === explicit && key.fn === fn && key.resourceService === resourceService) {
      if (key.overflow) this.operations.overflowSpans++;
      return key;
    }
    const service = serviceOf(attributes, resourceService);
    const overflowBefore = this.operations.overflowSpans;
    const stats = this.operations.statsFor(service, name, nowMs);
    const created: SpanKey = { name, service, resourceService, explicit, fn, stats, overflow: this.operations.overflowSpans !== overflowBefore };
    if (this.byName.size >= MAX_KEYS) this.byName.clear();
    this.byName.set(name, created);
    return created;
  }
}
