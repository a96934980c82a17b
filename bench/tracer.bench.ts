/**
 * Per-span cost of `withSpan` with 3 attributes and one event: tracewright vs the raw OTel API
 * doing the same through the same provider, processor and discarding exporter; then tracewright
 * disabled vs the OTel API with no provider at all. One run, rounds interleaved, medians printed.
 */
import { trace, type Span, type Tracer } from '@opentelemetry/api';
import { initializeTracing, shutdownTracing, withSpan } from '../src/index';
import { measure, quick, type BenchCase } from './support/timing';

const ROUNDS = quick ? 5 : 15;
const PER_ROUND = quick ? 20_000 : 50_000;
const ATTRS = { 'app.user': 'u-42', 'app.plan': 'pro', 'app.items': 3 };
// Let the batch processor's exports run, as they would between requests.
const TIMING = { rounds: ROUNDS, perRound: PER_ROUND, yieldEvery: 1024 };

const work = (span: Span) => {
  span.addEvent('step', { n: 1 });
  return 1;
};

/** The same span through the OTel API by hand: startActiveSpan, the work, end. */
function rawCase(name: string, tracer: Tracer): BenchCase {
  return {
    name,
    run: () =>
      tracer.startActiveSpan('op', { attributes: ATTRS }, (span) => {
        const r = work(span);
        span.end();
        return r;
      }),
  };
}

async function main() {
  // Phase 1: tracing on, exporter 'none' (discards), tracewright's processor for both cases.
  await initializeTracing({ serviceName: 'bench', exporterType: 'none', handleSignals: false, logLevel: 'none', maxQueueSize: 8192, maxBatchSize: 1024, batchTimeout: 50 });
  const on = await measure(
    [{ name: 'tracewright withSpan', run: () => withSpan('op', work, ATTRS) }, rawCase('raw OTel startActiveSpan', trace.getTracer('raw-otel'))],
    TIMING,
  );
  await shutdownTracing();

  // Phase 2: tracing disabled vs the OTel API with no provider registered.
  await initializeTracing({ serviceName: 'bench', enabled: false, logLevel: 'none' });
  const off = await measure(
    [{ name: 'tracewright disabled withSpan', run: () => withSpan('op', work, ATTRS) }, rawCase('OTel API, no provider', trace.getTracer('no-provider'))],
    TIMING,
  );
  await shutdownTracing();

  const rows = [...on, ...off];
  console.log(`withSpan, 3 attributes + 1 event; ${ROUNDS - 1} rounds x ${PER_ROUND} spans, median ns/op (Node ${process.version})`);
  for (const [name, ns] of rows) console.log(`  ${name.padEnd(32)} ${ns.toFixed(0).padStart(7)} ns/op`);
  const ratio = (a: string, b: string, all: Map<string, number>) => all.get(a)! / all.get(b)!;
  console.log(`  ratio tracewright / raw OTel         ${ratio('tracewright withSpan', 'raw OTel startActiveSpan', on).toFixed(2)}x (target <= 1.10x)`);
  console.log(`  ratio disabled / no-provider API     ${ratio('tracewright disabled withSpan', 'OTel API, no provider', off).toFixed(2)}x (target <= 1.50x)`);
}

void main();
