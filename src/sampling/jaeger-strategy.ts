import { type Attributes, type Context, type Link, type SpanKind } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import { RateLimitingSampler } from './rate-limiting-sampler';
import { TokenBucket, type Clock } from './token-bucket';
import { NOT_SAMPLED, SAMPLED } from './shared-results';

/**
 * The Jaeger sampling-manager response (`GET /sampling?service=NAME`), as served by the agent,
 * the collector and the OTel Collector's jaeger remote sampling extension.
 */
export interface JaegerStrategyResponse {
  strategyType?: 'PROBABILISTIC' | 'RATE_LIMITING' | 0 | 1 | string | number;
  probabilisticSampling?: { samplingRate?: number };
  rateLimitingSampling?: { maxTracesPerSecond?: number };
  operationSampling?: {
    defaultSamplingProbability?: number;
    defaultLowerBoundTracesPerSecond?: number;
    defaultUpperBoundTracesPerSecond?: number;
    perOperationStrategies?: Array<{ operation?: string; probabilisticSampling?: { samplingRate?: number } }>;
  };
}

function ratio(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : undefined;
}

function rate(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Probabilistic with a guaranteed lower bound, per operation (Jaeger's "guaranteed throughput"):
 * sampled when the trace id falls under the ratio, or else when the lower-bound bucket has a token.
 */
class GuaranteedThroughputSampler implements Sampler {
  private readonly probabilistic: TraceIdRatioBasedSampler;
  private readonly lowerBound: TokenBucket | undefined;

  constructor(
    readonly samplingRate: number,
    readonly lowerBoundPerSecond: number,
    clock?: Clock,
  ) {
    this.probabilistic = new TraceIdRatioBasedSampler(samplingRate);
    this.lowerBound = lowerBoundPerSecond > 0 ? new TokenBucket(lowerBoundPerSecond, Math.max(lowerBoundPerSecond, 1), clock) : undefined;
  }

  shouldSample(context: Context, traceId: string): SamplingResult {
    if (this.probabilistic.shouldSample(context, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED) {
      return SAMPLED;
    }
    const admitted = this.lowerBound?.tryTake(1) ?? false;
    return admitted ? SAMPLED : NOT_SAMPLED;
  }

  toString(): string {
    return `GuaranteedThroughput{${this.samplingRate},lowerBound=${this.lowerBoundPerSecond}}`;
  }
}

/** Per-operation strategies keyed by span name, with a default for the others. */
class PerOperationSampler implements Sampler {
  private readonly byOperation = new Map<string, Sampler>();
  private readonly fallback: Sampler;

  constructor(
    response: NonNullable<JaegerStrategyResponse['operationSampling']>,
    private readonly maxOperations: number,
    private readonly clock?: Clock,
  ) {
    const lowerBound = rate(response.defaultLowerBoundTracesPerSecond) ?? 0;
    this.fallback = new GuaranteedThroughputSampler(ratio(response.defaultSamplingProbability) ?? 0.001, lowerBound, clock);
    for (const op of response.perOperationStrategies ?? []) {
      if (this.byOperation.size >= maxOperations) break;
      const r = ratio(op?.probabilisticSampling?.samplingRate);
      if (typeof op?.operation !== 'string' || r === undefined) continue;
      this.byOperation.set(op.operation, new GuaranteedThroughputSampler(r, lowerBound, clock));
    }
  }

  shouldSample(context: Context, traceId: string, spanName: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    const sampler = this.byOperation.get(spanName) ?? this.fallback;
    return sampler.shouldSample(context, traceId, spanName, kind, attributes, links);
  }

  toString(): string {
    return `PerOperation{default=${this.fallback.toString()},operations=${this.byOperation.size}}`;
  }
}

/**
 * The sampler a strategy response describes, or `undefined` if it describes none we can use.
 * Per-operation sampling wins when present (as in Jaeger's clients); then RATE_LIMITING (which
 * the upstream OTel JS remote sampler ignores); then PROBABILISTIC.
 */
export function samplerFromStrategy(response: unknown, options: { maxOperations?: number; clock?: Clock } = {}): Sampler | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const r = response as JaegerStrategyResponse;
  if (r.operationSampling && typeof r.operationSampling === 'object') {
    return new PerOperationSampler(r.operationSampling, options.maxOperations ?? 2000, options.clock);
  }
  const type = r.strategyType;
  const isRateLimiting = type === 'RATE_LIMITING' || type === 1;
  const isProbabilistic = type === 'PROBABILISTIC' || type === 0 || type === undefined;
  if (isRateLimiting) {
    const perSecond = rate(r.rateLimitingSampling?.maxTracesPerSecond);
    return perSecond === undefined ? undefined : new RateLimitingSampler(perSecond, options.clock);
  }
  if (isProbabilistic) {
    const p = ratio(r.probabilisticSampling?.samplingRate);
    return p === undefined ? undefined : new TraceIdRatioBasedSampler(p);
  }
  return undefined;
}
