/**
 * What a call through `instrumentService` costs: the bare method call, the Proxy-instrumented
 * call, a hand-written `withSpan` wrapper doing the same span, and the raw OTel
 * `startActiveSpan` equivalent. Same provider, tracewright's processor and a discarding exporter;
 * then tracing disabled. One run, rounds interleaved, medians and ratios printed.
 */
import { trace } from '@opentelemetry/api';
import { ATTR_CODE_FUNCTION_NAME } from '../src/semconv/attributes';
import { instrumentService } from '../src/decorators/service-proxy';
import { initializeTracing, shutdownTracing, withSpan } from '../src/index';
import { measure, quick, type BenchCase } from './support/timing';

const ROUNDS = quick ? 5 : 15;
const PER_ROUND = quick ? 20_000 : 50_000;
// CPU time, not wall time: on the shared 2-core VM the wall clock mostly measured the run queue.
const TIMING = { rounds: ROUNDS, perRound: PER_ROUND, yieldEvery: 1024, clock: 'cpu' as const };

class PriceService {
  #rate = 1.2;
  total(amount: number): number {
    return Math.round(amount * this.#rate * 100) / 100;
  }
}

function buildCases(): BenchCase[] {
  const bare = new PriceService();
  const traced = instrumentService(new PriceService(), 'PriceService');
  const raw = trace.getTracer('raw-otel');
  // The same span on every traced side: instrumentService records code.function.name, so the
  // hand-written and raw wrappers do too (the SDK validates each attribute; leaving it out would
  // charge the attribute to the proxy).
  const attributes = { [ATTR_CODE_FUNCTION_NAME]: 'PriceService.total' };
  return [
    { name: 'bare call', run: (i) => bare.total(i) },
    { name: 'instrumentService', run: (i) => traced.total(i) },
    { name: 'hand-written withSpan', run: (i) => withSpan('PriceService.total', () => bare.total(i), attributes) },
    {
      name: 'raw OTel startActiveSpan',
      run: (i) =>
        raw.startActiveSpan('PriceService.total', { attributes }, (span) => {
          try {
            return bare.total(i);
          } finally {
            span.end();
          }
        }),
    },
  ];
}

function print(title: string, results: Map<string, number>): void {
  const bare = results.get('bare call')!;
  const hand = results.get('hand-written withSpan')!;
  console.log(`\n${title}`);
  console.log('case                        ns/op     x bare   x withSpan');
  for (const [name, ns] of results) {
    console.log(`${name.padEnd(26)} ${ns.toFixed(0).padStart(7)}   ${(ns / bare).toFixed(1).padStart(6)}   ${(ns / hand).toFixed(2).padStart(8)}`);
  }
  const proxy = results.get('instrumentService')!;
  console.log(`instrumentService overhead over withSpan: ${(proxy - hand).toFixed(0)} ns/call`);
}

async function main(): Promise<void> {
  console.log(`${ROUNDS - 1} rounds x ${PER_ROUND} calls, median ns/op (Node ${process.version})`);
  await initializeTracing({ serviceName: 'bench', exporterType: 'none', handleSignals: false, logLevel: 'none', maxQueueSize: 8192, maxBatchSize: 1024, batchTimeout: 50 });
  print('tracing on (exporter none)', await measure(buildCases(), TIMING));
  await shutdownTracing();

  await initializeTracing({ serviceName: 'bench', enabled: false, logLevel: 'none' });
  print('tracing disabled', await measure(buildCases(), TIMING));
  await shutdownTracing();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
