import { context, type Attributes, type Context, type Link, type SpanKind } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import { MAX_TIMER_MS } from '../internal/limits';
import { TracingConfigError } from '../errors';
import { logger, OnceLogger } from '../internal/diag';
import { samplerFromStrategy } from './jaeger-strategy';
import type { Clock } from './token-bucket';

export interface JaegerRemoteSamplerOptions {
  /**
   * The sampling manager's strategies URL; `?service=NAME` is added.
   * Default (set by the config): `http://localhost:5778/sampling`; env `JAEGER_SAMPLER_MANAGER_HOST_PORT`
   * or `OTEL_TRACES_SAMPLER_ARG=endpoint=...`.
   */
  endpoint: string;
  /** The service whose strategy is asked for. */
  serviceName: string;
  /** Milliseconds between polls. Default 60000 (Jaeger's). Env `OTEL_TRACES_SAMPLER_ARG=pollingIntervalMs=...`. */
  poolingIntervalMs?: number;
  /** Same as `poolingIntervalMs` (the OTel spec's spelling); wins if both are given. */
  pollingIntervalMs?: number;
  /**
   * Used until the first strategy arrives, and kept while the manager cannot be reached.
   * Default `TraceIdRatioBased{0.001}` (the Jaeger clients' initial rate);
   * `OTEL_TRACES_SAMPLER_ARG=initialSamplingRate=...` sets the ratio.
   */
  initialSampler?: Sampler;
  /** Milliseconds before a poll is abandoned. Default 5000. */
  fetchTimeoutMs?: number;
  /** Per-operation strategies kept at most. Default 2000. */
  maxOperations?: number;
  /** Milliseconds clock for the rate limiters (tests). */
  clock?: Clock;
}

const DEFAULT_INTERVAL_MS = 60_000;

/**
 * Jaeger remote sampling on the sampling-manager HTTP protocol: polls the strategy for the service
 * and samples by it — PROBABILISTIC, RATE_LIMITING (which the upstream OTel JS sampler ignores) and
 * per-operation strategies. Polling uses an unref'd timer (it never keeps the process alive); a
 * failed poll keeps the last strategy and is logged once. Call `shutdown()` to stop polling.
 * Not parent-based by itself: use `parentbased_jaeger_remote` (the `JAEGER_SAMPLER=remote` mapping).
 */
export class JaegerRemoteSampler implements Sampler {
  private current: Sampler;
  private strategyKey = '';
  private timer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | undefined;
  private closed = false;
  private readonly url: string;
  private readonly intervalMs: number;
  private readonly once = new OnceLogger();
  private lastUpdate = 0;

  constructor(private readonly options: JaegerRemoteSamplerOptions) {
    if (typeof options?.endpoint !== 'string' || !/^https?:\/\//.test(options.endpoint) || !URL.canParse(options.endpoint)) {
      throw new TracingConfigError('jaegerRemoteSampler.endpoint', options?.endpoint, 'an http(s) URL');
    }
    if (typeof options.serviceName !== 'string' || options.serviceName === '') {
      throw new TracingConfigError('jaegerRemoteSampler.serviceName', options.serviceName, 'a non-empty string');
    }
    const interval = options.pollingIntervalMs ?? options.poolingIntervalMs ?? DEFAULT_INTERVAL_MS;
    if (!Number.isFinite(interval) || interval < 10 || interval > MAX_TIMER_MS) {
      throw new TracingConfigError('jaegerRemoteSampler.pollingIntervalMs', interval, `milliseconds, from 10 to ${MAX_TIMER_MS}`);
    }
    this.intervalMs = interval;
    const url = new URL(options.endpoint);
    url.searchParams.set('service', options.serviceName);
    this.url = url.toString();
    this.current = options.initialSampler ?? new TraceIdRatioBasedSampler(0.001);
    this.schedule(0);
  }

  shouldSample(context: Context, traceId: string, spanName: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    return this.current.shouldSample(context, traceId, spanName, kind, attributes, links);
  }

  /** The sampler of the strategy in force (the initial one until a poll succeeds). */
  getCurrentSampler(): Sampler {
    return this.current;
  }

  /** Epoch milliseconds of the last successful poll that changed or confirmed the strategy; 0 if none. */
  getLastUpdate(): number {
    return this.lastUpdate;
  }

  /** Polls now. Resolves `true` when a usable strategy was received. Never rejects. */
  async refresh(): Promise<boolean> {
    if (this.closed) return false;
    const controller = new AbortController();
    this.inFlight = controller;
    const timeout = setTimeout(() => controller.abort(), this.options.fetchTimeoutMs ?? 5000);
    timeout.unref?.();
    try {
      // Our own poll must not be traced by fetch/http instrumentation.
      const response = await context.with(suppressTracing(context.active()), () =>
        fetch(this.url, { signal: controller.signal, headers: { accept: 'application/json' } }),
      );
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`HTTP ${response.status}`);
      }
      const body: unknown = await response.json();
      const key = JSON.stringify(body);
      if (key !== this.strategyKey) {
        const next = samplerFromStrategy(body, { maxOperations: this.options.maxOperations, clock: this.options.clock });
        if (!next) throw new Error(`unusable strategy ${key.slice(0, 200)}`);
        this.current = next;
        this.strategyKey = key;
        logger.debug(`jaeger remote sampler: strategy now ${next.toString()}`);
      }
      this.lastUpdate = Date.now();
      return true;
    } catch (error) {
      if (!this.closed) {
        this.once.warn(
          'poll',
          `jaeger remote sampler: could not get the strategy from ${this.url} (${String(error)}); keeping ${this.current.toString()}`,
        );
      }
      return false;
    } finally {
      clearTimeout(timeout);
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.refresh().then(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref?.();
  }

  /** Stops polling and aborts a poll in flight. Idempotent. */
  async shutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
  }

  /** Alias of `shutdown()`. */
  close(): Promise<void> {
    return this.shutdown();
  }

  toString(): string {
    return `JaegerRemoteSampler{endpoint=${this.options.endpoint},service=${this.options.serviceName},current=${this.current.toString()}}`;
  }
}
