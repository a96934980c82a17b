/**
 * Header parsing cost: tracewright's strict W3C propagators vs OTel JS's W3CTraceContextPropagator
 * and W3CBaggagePropagator, extracting the same headers through the same getter; typical requests
 * and hostile ones; each iteration extracts and injects once (one hop). One run, rounds
 * interleaved, medians printed with the ratio strict / OTel.
 *
 *   npx tsx bench/context.bench.ts [--quick]
 */
import { ROOT_CONTEXT, type TextMapPropagator } from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { headerGetter, headerSetter, StrictBaggagePropagator, StrictTraceContextPropagator } from '../src/propagation/index';
import { measure, quick } from './support/timing';

const ROUNDS = quick ? 5 : 11;
const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

interface Scenario {
  name: string;
  headers: Record<string, string>;
  iterations: number;
  strict: TextMapPropagator;
  otel: TextMapPropagator;
}

const members = (n: number, value = 'v') => Array.from({ length: n }, (_, i) => `k${i}=${value}${i}`).join(',');

const scenarios: Scenario[] = [
  {
    name: 'traceparent + 2-member tracestate',
    headers: { traceparent: TP, tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7' },
    iterations: 200_000,
    strict: new StrictTraceContextPropagator(),
    otel: new W3CTraceContextPropagator(),
  },
  {
    name: 'tracestate of 32 members',
    headers: { traceparent: TP, tracestate: members(32) },
    iterations: 50_000,
    strict: new StrictTraceContextPropagator(),
    otel: new W3CTraceContextPropagator(),
  },
  {
    name: 'hostile: tracestate of 10,000 members',
    headers: { traceparent: TP, tracestate: members(10_000) },
    iterations: 500,
    strict: new StrictTraceContextPropagator(),
    otel: new W3CTraceContextPropagator(),
  },
  {
    name: 'baggage of 3 members, one encoded',
    headers: { baggage: 'tenant=acme,user=J%C3%BCrgen,plan=pro;ttl=60' },
    iterations: 100_000,
    strict: new StrictBaggagePropagator(),
    otel: new W3CBaggagePropagator(),
  },
  {
    name: 'baggage of 64 members',
    headers: { baggage: members(64, 'value') },
    iterations: 10_000,
    strict: new StrictBaggagePropagator(),
    otel: new W3CBaggagePropagator(),
  },
  {
    name: 'hostile: baggage of 10,000 members',
    headers: { baggage: members(10_000) },
    iterations: 2_000,
    strict: new StrictBaggagePropagator(),
    otel: new W3CBaggagePropagator(),
  },
  {
    name: 'hostile: 1 MB single baggage member',
    headers: { baggage: `a=${'x'.repeat(1024 * 1024)}` },
    iterations: 200,
    strict: new StrictBaggagePropagator(),
    otel: new W3CBaggagePropagator(),
  },
];

// One hop: the request's headers in, one outgoing call's headers out. (OTel's TraceState parses
// lazily, on first use; injecting makes both sides do the full work.)
function hop(p: TextMapPropagator, headers: Record<string, string>): void {
  p.inject(p.extract(ROOT_CONTEXT, headers, headerGetter), {}, headerSetter);
}

function fmt(ns: number): string {
  return ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${ROUNDS} rounds (first is warm-up), median per extract + inject\n`);
  console.log(`${'scenario'.padEnd(40)} ${'strict'.padStart(10)} ${'OTel JS'.padStart(10)} ${'ratio'.padStart(7)}`);
  for (const s of scenarios) {
    const perRound = quick ? Math.max(50, Math.floor(s.iterations / 5)) : s.iterations;
    const results = await measure(
      [
        { name: 'strict', run: () => hop(s.strict, s.headers) },
        { name: 'otel', run: () => hop(s.otel, s.headers) },
      ],
      { rounds: ROUNDS, perRound },
    );
    const a = results.get('strict')!;
    const b = results.get('otel')!;
    console.log(`${s.name.padEnd(40)} ${fmt(a).padStart(10)} ${fmt(b).padStart(10)} ${(a / b).toFixed(2).padStart(6)}×`);
  }
}

await main();
