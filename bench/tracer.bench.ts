/**
 * Per-span cost of `withSpan` with 3 attributes and one event: tracewright vs the raw OTel API
 * doing the same through the same provider, processor and discarding exporter; then tracewright
 * disabled vs the OTel API with no provider at all. One run, rounds interleaved, medians printed.
 */
import { trace, type Span } from '@opentelemetry/api';
import { initializeTracing, shutdownTracing, withSpan } from '../src/index';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 5 : 15;
const PER_ROUND = quick ? 20_000 : 50_000;
const ATTRS = { 'app.user': 'u-42', 'app.plan': 'pro', 'app.items': 3 };

type Case = { name: string; run: () => void };

async function measure(cases: Case[]): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of round % 2 === 0 ? cases : [...cases].reverse()) {
      (globalThis as { gc?: () => void }).gc?.();
      const start = process.hrtime.bigint();
      for (let i = 0; i < PER_ROUND; i++) {
        c.run();
        // Let the batch processor's exports run, as they would between requests.
        if ((i & 1023) === 1023) await new Promise((r) => setImmediate(r));
      }
      const ns = Number(process.hrtime.bigint() - start) / PER_ROUND;
      if (round > 0) samples.get(c.name)!.push(ns); // round 0 warms up
    }
  }
  return new Map([...samples].map(([name, list]) => [name, median(list)]));
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const work = (span: Span) => {
  span.addEvent('step', { n: 1 });
  return 1;
};

async function main() {
  // Phase 1: tracing on, exporter 'none' (discards), tracewright's processor for both cases.
  await initializeTracing({ serviceName: 'bench', exporterType: 'none', handleSignals: false, logLevel: 'none', maxQueueSize: 8192, maxBatchSize: 1024, batchTimeout: 50 });
  const raw = trace.getTracer('raw-otel');
  const on = await measure([
    { name: 'tracewright withSpan', run: () => withSpan('op', work, ATTRS) },
    {
      name: 'raw OTel startActiveSpan',
      run: () =>
        raw.startActiveSpan('op', { attributes: ATTRS }, (span) => {
          const r = work(span);
          span.end();
          return r;
        }),
    },
  ]);
  await shutdownTracing();

  // Phase 2: tracing disabled vs the OTel API with no provider registered.
  await initializeTracing({ serviceName: 'bench', enabled: false, logLevel: 'none' });
  const noop = trace.getTracer('no-provider');
  const off = await measure([
    { name: 'tracewright disabled withSpan', run: () => withSpan('op', work, ATTRS) },
    {
      name: 'OTel API, no provider',
      run: () =>
        noop.startActiveSpan('op', { attributes: ATTRS }, (span) => {
          const r = work(span);
          span.end();
          return r;
        }),
    },
  ]);
  await shutdownTracing();

  const rows = [...on, ...off];
  console.log(`withSpan, 3 attributes + 1 event; ${ROUNDS - 1} rounds x ${PER_ROUND} spans, median ns/op (Node ${process.version})`);
  for (const [name, ns] of rows) console.log(`  ${name.padEnd(32)} ${ns.toFixed(0).padStart(7)} ns/op`);
  const ratio = (a: string, b: string, all: Map<string, number>) => all.get(a)! / all.get(b)!;
  console.log(`  ratio tracewright / raw OTel         ${ratio('tracewright withSpan', 'raw OTel startActiveSpan', on).toFixed(2)}x (target <= 1.10x)`);
  console.log(`  ratio disabled / no-provider API     ${ratio('tracewright disabled withSpan', 'OTel API, no provider', off).toFixed(2)}x (target <= 1.50x)`);
}

void main();
