import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createSampler } from '../../src/sampling';
import { NOT_SAMPLED, SAMPLED } from '../../src/sampling/shared-results';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const parent = (flags: number, isRemote: boolean) =>
  trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: 'b7ad6b7169203331', traceFlags: flags, isRemote });

describe('shared sampling results', () => {
  it('are frozen, so no caller can change the decision every other span gets', () => {
    expect(Object.isFrozen(SAMPLED)).toBe(true);
    expect(Object.isFrozen(NOT_SAMPLED)).toBe(true);
    expect(SAMPLED).toEqual({ decision: SamplingDecision.RECORD_AND_SAMPLED });
    expect(NOT_SAMPLED).toEqual({ decision: SamplingDecision.NOT_RECORD });
  });

  it.each([
    ['always_on', ROOT_CONTEXT, SAMPLED],
    ['always_off', ROOT_CONTEXT, NOT_SAMPLED],
    ['parentbased_always_on', ROOT_CONTEXT, SAMPLED],
    ['parentbased_always_on', parent(TraceFlags.SAMPLED, true), SAMPLED],
    ['parentbased_always_on', parent(TraceFlags.NONE, true), NOT_SAMPLED],
    ['parentbased_always_on', parent(TraceFlags.SAMPLED, false), SAMPLED],
    ['parentbased_always_on', parent(TraceFlags.NONE, false), NOT_SAMPLED],
    ['parentbased_always_off', parent(TraceFlags.SAMPLED, false), SAMPLED],
    ['parentbased_always_off', ROOT_CONTEXT, NOT_SAMPLED],
    ['ratelimiting', parent(TraceFlags.SAMPLED, true), SAMPLED],
    ['ratelimiting', parent(TraceFlags.NONE, true), NOT_SAMPLED],
  ] as const)('%s answers with the one shared result (%#)', (name, ctx, expected) => {
    const sampler = createSampler({ name, arg: name === 'ratelimiting' ? 10 : undefined });
    const first = sampler.shouldSample(ctx, TRACE, 'op', SpanKind.SERVER, {}, []);
    const second = sampler.shouldSample(ctx, TRACE, 'op', SpanKind.SERVER, {}, []);
    expect(first).toBe(expected);
    expect(second).toBe(first);
  });

  it('an ignored path is dropped with the shared NOT_SAMPLED result', () => {
    const sampler = createSampler({ name: 'always_on' }, { ignorePaths: ['/health'] });
    expect(sampler.shouldSample(ROOT_CONTEXT, TRACE, 'GET', SpanKind.SERVER, { 'url.path': '/health' }, [])).toBe(NOT_SAMPLED);
    expect(sampler.shouldSample(ROOT_CONTEXT, TRACE, 'GET', SpanKind.SERVER, { 'url.path': '/api' }, [])).toBe(SAMPLED);
  });
});
