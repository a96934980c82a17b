import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { isTracingConfigError } from '../../src/errors';
import { checkSamplerArg, createSampler, RateLimitingSampler, type SamplerSpec } from '../../src/sampling/index';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const sampledParent = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
const unsampledParent = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: '00f067aa0ba902b7', traceFlags: 0, isRemote: true });

function decide(sampler: Sampler, ctx = ROOT_CONTEXT, traceId = TRACE): SamplingDecision {
  return sampler.shouldSample(ctx, traceId, 'op', SpanKind.SERVER, {}, []).decision;
}
const S = SamplingDecision.RECORD_AND_SAMPLED;
const N = SamplingDecision.NOT_RECORD;

async function closeAll(sampler: Sampler) {
  await (sampler as Sampler & { shutdown?: () => Promise<void> }).shutdown?.();
}

describe('createSampler by name', () => {
  const rows: Array<{ spec: SamplerSpec; str: RegExp; root: SamplingDecision; underSampled: SamplingDecision; underUnsampled: SamplingDecision }> = [
    { spec: { name: 'always_on' }, str: /^AlwaysOnSampler$/, root: S, underSampled: S, underUnsampled: S },
    { spec: { name: 'always_off' }, str: /^AlwaysOffSampler$/, root: N, underSampled: N, underUnsampled: N },
    { spec: { name: 'traceidratio', arg: 0 }, str: /^TraceIdRatioBased\{0\}$/, root: N, underSampled: N, underUnsampled: N },
    { spec: { name: 'traceidratio' }, str: /^TraceIdRatioBased\{1\}$/, root: S, underSampled: S, underUnsampled: S },
    { spec: { name: 'parentbased_always_on' }, str: /^ParentBased\{root=AlwaysOnSampler/, root: S, underSampled: S, underUnsampled: N },
    { spec: { name: 'parentbased_always_off' }, str: /^ParentBased\{root=AlwaysOffSampler/, root: N, underSampled: S, underUnsampled: N },
    { spec: { name: 'parentbased_traceidratio', arg: '0' }, str: /^ParentBased\{root=TraceIdRatioBased\{0\}/, root: N, underSampled: S, underUnsampled: N },
    { spec: { name: 'ratelimiting', arg: 5 }, str: /^RateLimitingSampler\{5\}$/, root: S, underSampled: S, underUnsampled: N },
    { spec: { name: 'jaeger_remote', arg: 'endpoint=http://127.0.0.1:9/sampling,initialSamplingRate=1' }, str: /^JaegerRemoteSampler\{endpoint=http:\/\/127\.0\.0\.1:9\/sampling,service=svc,current=TraceIdRatioBased\{1\}\}$/, root: S, underSampled: S, underUnsampled: S },
    { spec: { name: 'parentbased_jaeger_remote', arg: 'endpoint=http://127.0.0.1:9/sampling,initialSamplingRate=0' }, str: /^ParentBased\{root=JaegerRemoteSampler/, root: N, underSampled: S, underUnsampled: N },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.spec)}`, async () => {
      const sampler = createSampler(row.spec, { serviceName: 'svc' });
      try {
        expect(sampler.toString()).toMatch(row.str);
        expect(decide(sampler)).toBe(row.root);
        expect(decide(sampler, sampledParent)).toBe(row.underSampled);
        expect(decide(sampler, unsampledParent)).toBe(row.underUnsampled);
      } finally {
        await closeAll(sampler);
      }
    });
  }

  it('passes an instance through, and wraps it for ignorePaths', () => {
    const mine = new RateLimitingSampler(3);
    expect(createSampler(mine)).toBe(mine);
    const wrapped = createSampler(mine, { ignorePaths: ['/health'] });
    expect(wrapped.toString()).toBe('IgnorePaths{paths=[/health],inner=RateLimitingSampler{3}}');
  });

  const bad: Array<{ spec: unknown; option: string }> = [
    { spec: { name: 'sometimes' }, option: 'sampler' },
    { spec: { name: 'traceidratio', arg: 1.5 }, option: 'samplerArg' },
    { spec: { name: 'traceidratio', arg: 'half' }, option: 'samplerArg' },
    { spec: { name: 'ratelimiting', arg: -1 }, option: 'samplerArg' },
    { spec: { name: 'parentbased_ratelimiting', arg: 0 }, option: 'samplerArg' },
    { spec: { name: 'jaeger_remote', arg: 'color=blue' }, option: 'samplerArg' },
    { spec: 'always_on', option: 'sampler' },
  ];
  for (const row of bad) {
    it(`throws TracingConfigError(${row.option}) for ${JSON.stringify(row.spec)}`, () => {
      let error: unknown;
      try {
        createSampler(row.spec as SamplerSpec);
      } catch (e) {
        error = e;
      }
      expect(isTracingConfigError(error)).toBe(true);
      expect((error as { option: string }).option).toBe(row.option);
    });
  }

  it('reads the Jaeger remote argument in each of its forms, and nothing else', () => {
    const remote = (arg: unknown) => checkSamplerArg('parentbased_jaeger_remote', arg);
    expect(remote('endpoint=http://h:5778/sampling, pollingIntervalMs=500,initialSamplingRate=0.25')).toEqual({
      endpoint: 'http://h:5778/sampling',
      pollingIntervalMs: 500,
      initialSamplingRate: 0.25,
    });
    expect(remote({ endpoint: 'http://h:5778/sampling', pollingIntervalMs: 500 })).toEqual({ endpoint: 'http://h:5778/sampling', pollingIntervalMs: 500 });
    expect(remote(undefined)).toBeUndefined();
    expect(remote('http://agent:5778/sampling')).toEqual({ endpoint: 'http://agent:5778/sampling' });
    expect(remote(0.5)).toEqual({ initialSamplingRate: 0.5 });
    for (const bad of ['pollingIntervalMs=5', 'initialSamplingRate=2', 'endpoint=ftp://h', { color: 'blue' }, true]) {
      expect(() => remote(bad), JSON.stringify(bad)).toThrow(/samplerArg/);
    }
  });

  it('checks a ratio and a rate the same way for the config and for a spec given by hand', () => {
    expect(checkSamplerArg('traceidratio', '0.25')).toBe(0.25);
    expect(checkSamplerArg('parentbased_ratelimiting', 3)).toBe(3);
    expect(checkSamplerArg('always_on', 'ignored')).toBeUndefined();
    for (const [name, arg] of [['traceidratio', 1.5], ['traceidratio', 'half'], ['ratelimiting', 0], ['ratelimiting', Infinity]] as const) {
      expect(() => checkSamplerArg(name, arg), `${name} ${arg}`).toThrow(/samplerArg/);
      expect(() => resolveConfig({ serviceName: 'svc', sampler: name, samplerArg: arg as number }, {}), `${name} ${arg} via config`).toThrow(/samplerArg/);
    }
  });
});

describe('env → config → createSampler (the wiring initializeTracing uses)', () => {
  const rows: Array<{ env: Record<string, string>; options?: Record<string, unknown>; str: RegExp }> = [
    { env: {}, str: /^ParentBased\{root=AlwaysOnSampler/ },
    { env: { OTEL_TRACES_SAMPLER: 'always_off' }, str: /^AlwaysOffSampler$/ },
    { env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, str: /^TraceIdRatioBased\{0\.25\}$/ },
    { env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' }, str: /^ParentBased\{root=TraceIdRatioBased\{0\.5\}/ },
    { env: { OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, str: /^ParentBased\{root=AlwaysOffSampler/ },
    { env: { OTEL_TRACES_SAMPLER: 'ratelimiting', OTEL_TRACES_SAMPLER_ARG: '7' }, str: /^RateLimitingSampler\{7\}$/ },
    { env: { JAEGER_SAMPLER: 'const', JAEGER_SAMPLER_PARAM: '0' }, str: /^ParentBased\{root=AlwaysOffSampler/ },
    { env: { JAEGER_SAMPLER: 'const', JAEGER_SAMPLER_PARAM: '1' }, str: /^ParentBased\{root=AlwaysOnSampler/ },
    { env: { JAEGER_SAMPLER: 'probabilistic', JAEGER_SAMPLER_PARAM: '0.1' }, str: /^ParentBased\{root=TraceIdRatioBased\{0\.1\}/ },
    { env: { JAEGER_SAMPLER: 'rateLimiting', JAEGER_SAMPLER_PARAM: '2' }, str: /^ParentBased\{root=RateLimitingSampler\{2\}/ },
    { env: { JAEGER_SAMPLER: 'remote', JAEGER_SAMPLER_MANAGER_HOST_PORT: '127.0.0.1:9' }, str: /^ParentBased\{root=JaegerRemoteSampler\{endpoint=http:\/\/127\.0\.0\.1:9\/sampling,service=env-svc/ },
    { env: { OTEL_SAMPLING_RATE: '0.3' }, str: /^ParentBased\{root=TraceIdRatioBased\{0\.3\}/ },
    { env: { OTEL_TRACES_SAMPLER: 'always_off' }, options: { samplingRate: 0.2 }, str: /^ParentBased\{root=TraceIdRatioBased\{0\.2\}/ },
    { env: { OTEL_TRACES_SAMPLER: 'always_off' }, options: { sampler: 'always_on' }, str: /^AlwaysOnSampler$/ },
    { env: { TRACEWRIGHT_IGNORE_PATHS: '/health,/ready' }, str: /^IgnorePaths\{paths=\[\/health,\/ready\],inner=ParentBased/ },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.env)} ${row.options ? JSON.stringify(row.options) : ''}`, async () => {
      const config = resolveConfig({ serviceName: 'env-svc', ...row.options } as never, row.env, { warn: () => undefined });
      const sampler = createSampler(config.sampler, { ignorePaths: config.ignorePaths, serviceName: config.serviceName });
      try {
        expect(sampler.toString()).toMatch(row.str);
      } finally {
        await closeAll(sampler);
      }
    });
  }
});
