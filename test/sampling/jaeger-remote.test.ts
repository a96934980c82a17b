import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag, DiagLogLevel, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSampler, JaegerRemoteSampler, samplerFromStrategy } from '../../src/sampling/index';

/** A local Jaeger sampling manager whose answer the test changes while the sampler polls it. */
class StrategyServer {
  strategy: unknown = { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 1 } };
  status = 200;
  requests: string[] = [];
  private server: Server = createServer((req, res) => {
    this.requests.push(req.url ?? '');
    if (!req.url?.startsWith('/sampling')) {
      res.writeHead(404).end();
      return;
    }
    if (this.status !== 200) {
      res.writeHead(this.status).end('nope');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.strategy));
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sampling`;
  }
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function decide(sampler: Sampler, name = 'op', ctx = ROOT_CONTEXT, traceId = 'ffffffffffffffffffffffffffffffff'): SamplingDecision {
  return sampler.shouldSample(ctx, traceId, name, SpanKind.SERVER, {}, []).decision;
}
const S = SamplingDecision.RECORD_AND_SAMPLED;
const N = SamplingDecision.NOT_RECORD;

let server: StrategyServer;
const samplers: Array<{ shutdown(): Promise<void> }> = [];
beforeEach(async () => {
  server = new StrategyServer();
  await server.start();
});
afterEach(async () => {
  await Promise.all(samplers.splice(0).map((s) => s.shutdown()));
  await server.stop();
  diag.disable();
});

describe('JaegerRemoteSampler against a local sampling manager', () => {
  it('follows the strategy as it changes: probabilistic → rate limiting → per-operation', async () => {
    let now = 0;
    const sampler = new JaegerRemoteSampler({
      endpoint: server.url,
      serviceName: 'checkout-svc',
      poolingIntervalMs: 20,
      initialSampler: new AlwaysOffSampler(),
      clock: () => now,
    });
    samplers.push(sampler);
    expect(decide(sampler)).toBe(N); // the initial sampler, before any poll returns
    await until(() => String(sampler).includes('TraceIdRatioBased{1}'), 'the probabilistic strategy');
    expect(decide(sampler)).toBe(S);
    expect(server.requests[0]).toBe('/sampling?service=checkout-svc');

    server.strategy = { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 2 } };
    await until(() => String(sampler).includes('RateLimitingSampler{2}'), 'the rate-limiting strategy');
    const decisions = Array.from({ length: 10 }, (_, i) => decide(sampler, 'op', ROOT_CONTEXT, `${i}`.padStart(32, 'a')));
    expect(decisions.filter((d) => d === S)).toHaveLength(2); // the clock is frozen: the bucket of 2 only
    now += 1000;
    expect(decide(sampler)).toBe(S);
    // Children follow their parent even when the bucket is empty.
    const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1, isRemote: true });
    expect(decide(sampler, 'op', parent)).toBe(S);

    server.strategy = {
      strategyType: 'PROBABILISTIC',
      probabilisticSampling: { samplingRate: 0 },
      operationSampling: {
        defaultSamplingProbability: 0,
        defaultLowerBoundTracesPerSecond: 0,
        perOperationStrategies: [{ operation: 'POST /checkout', probabilisticSampling: { samplingRate: 1 } }],
      },
    };
    await until(() => String(sampler).includes('PerOperation'), 'the per-operation strategy');
    expect(decide(sampler, 'POST /checkout')).toBe(S);
    expect(decide(sampler, 'GET /health')).toBe(N);
  });

  it('keeps the last strategy when the manager fails, and logs once', async () => {
    const warnings: string[] = [];
    diag.setLogger(
      { error: () => {}, warn: (...args: unknown[]) => warnings.push(args.map(String).join(' ')), info: () => {}, debug: () => {}, verbose: () => {} },
      DiagLogLevel.WARN,
    );
    server.strategy = { strategyType: 1, rateLimitingSampling: { maxTracesPerSecond: 5 } }; // numeric enum, as older agents send
    const sampler = new JaegerRemoteSampler({ endpoint: server.url, serviceName: 'svc', poolingIntervalMs: 15 });
    samplers.push(sampler);
    await until(() => String(sampler).includes('RateLimitingSampler{5}'), 'the first strategy');
    server.status = 503;
    const before = server.requests.length;
    await until(() => server.requests.length >= before + 5, 'five failed polls');
    expect(String(sampler)).toContain('RateLimitingSampler{5}');
    expect(await sampler.refresh()).toBe(false);
    const pollWarnings = warnings.filter((w) => w.includes('jaeger remote sampler'));
    expect(pollWarnings).toHaveLength(1);
    expect(pollWarnings[0]).toContain('HTTP 503');

    server.status = 200;
    server.strategy = { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.5 } };
    expect(await sampler.refresh()).toBe(true);
    expect(String(sampler)).toContain('TraceIdRatioBased{0.5}');
  });

  it('ignores an unusable strategy and keeps the previous one', async () => {
    const sampler = new JaegerRemoteSampler({ endpoint: server.url, serviceName: 'svc', poolingIntervalMs: 60_000 });
    samplers.push(sampler);
    expect(await sampler.refresh()).toBe(true);
    server.strategy = { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 7 } };
    expect(await sampler.refresh()).toBe(false);
    expect(String(sampler)).toContain('TraceIdRatioBased{1}');
  });

  it('shutdown stops polling; an unreachable manager keeps the initial sampler', async () => {
    const sampler = new JaegerRemoteSampler({ endpoint: server.url, serviceName: 'svc', poolingIntervalMs: 10 });
    await until(() => server.requests.length >= 2, 'two polls');
    await sampler.shutdown();
    const count = server.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests.length).toBeLessThanOrEqual(count + 1); // at most the poll that was in flight
    expect(await sampler.refresh()).toBe(false);

    const gone = new JaegerRemoteSampler({ endpoint: 'http://127.0.0.1:1/sampling', serviceName: 'svc', poolingIntervalMs: 60_000 });
    samplers.push(gone);
    expect(await gone.refresh()).toBe(false);
    expect(String(gone.getCurrentSampler())).toBe('TraceIdRatioBased{0.001}');
  });

  it('parentbased_jaeger_remote from createSampler polls and closes through shutdown()', async () => {
    server.strategy = { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0 } };
    const sampler = createSampler(
      { name: 'parentbased_jaeger_remote', arg: `endpoint=${server.url},pollingIntervalMs=20,initialSamplingRate=1` },
      { serviceName: 'api', ignorePaths: ['/health'] },
    ) as Sampler & { shutdown(): Promise<void> };
    samplers.push(sampler);
    expect(String(sampler)).toMatch(/^IgnorePaths\{paths=\[\/health\],inner=ParentBased\{root=JaegerRemoteSampler/);
    await until(() => String(sampler).includes('TraceIdRatioBased{0}'), 'the remote strategy');
    expect(decide(sampler)).toBe(N);
    expect(server.requests.some((u) => u === '/sampling?service=api')).toBe(true);
    await sampler.shutdown();
    const count = server.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests.length).toBeLessThanOrEqual(count + 1);
  });
});

describe('samplerFromStrategy', () => {
  const rows: Array<[unknown, string | undefined]> = [
    [{ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.2 } }, 'TraceIdRatioBased{0.2}'],
    [{ strategyType: 0, probabilisticSampling: { samplingRate: 0.3 } }, 'TraceIdRatioBased{0.3}'],
    [{ probabilisticSampling: { samplingRate: 0.4 } }, 'TraceIdRatioBased{0.4}'],
    [{ strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 3 } }, 'RateLimitingSampler{3}'],
    [{ strategyType: 'RATE_LIMITING' }, undefined],
    [{ strategyType: 'LOTTERY' }, undefined],
    [{ operationSampling: { defaultSamplingProbability: 0.1, defaultLowerBoundTracesPerSecond: 1, perOperationStrategies: [{ operation: 'a', probabilisticSampling: { samplingRate: 1 } }, { operation: 'b' }] } }, 'PerOperation{default=GuaranteedThroughput{0.1,lowerBound=1},operations=1}'],
    [null, undefined],
    ['PROBABILISTIC', undefined],
  ];
  for (const [input, expected] of rows) {
    it(`${JSON.stringify(input)} → ${expected}`, () => expect(samplerFromStrategy(input)?.toString()).toBe(expected));
  }

  it('guaranteed throughput: the lower bound admits some of an otherwise unsampled operation', () => {
    let now = 0;
    const sampler = samplerFromStrategy(
      { operationSampling: { defaultSamplingProbability: 0, defaultLowerBoundTracesPerSecond: 1 } },
      { clock: () => now },
    )!;
    const first = [decide(sampler, 'x'), decide(sampler, 'x'), decide(sampler, 'x')];
    expect(first).toEqual([S, N, N]);
    now += 1000;
    expect(decide(sampler, 'x')).toBe(S);
  });
});
