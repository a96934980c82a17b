/**
 * Local analysis with no tracing backend: `initializeTracing({ analysis })` adds a TraceCollector
 * beside the exporters, and `getPerformanceOverview()` answers "which operation is slow, which one
 * fails, is it getting worse".
 *
 *   npx tsx examples/analysis.ts
 *
 * It runs 24 requests through three instrumented services (a fast repository, an LLM call that is
 * always slow and a payment call that times out every third time), then prints one table per
 * service, the top insights and recommendations, and the analysis of the slowest trace.
 */
import {
  getCollectorStats,
  getPerformanceOverview,
  getTraceAnalysis,
  getTraceCollector,
  initializeTracing,
  instrumentService,
  shutdownTracing,
  withSpan,
  type PerformanceOverview,
} from 'tracewright';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

const users = instrumentService({ async find(id: number) { await sleep(2); return { id, name: `user ${id}` }; } }, 'UserRepository');
const gemini = instrumentService({ async generateResponse(prompt: string) { await sleep(120); return `answer to ${prompt}`; } }, 'GeminiService');
let charges = 0;
const payments = instrumentService(
  {
    async charge(cents: number) {
      await sleep(5);
      if (++charges % 3 === 0) throw new TimeoutError(`payment gateway timed out after ${cents % 7 + 30}s`);
      return `ch_${cents}`;
    },
  },
  'PaymentService',
);

async function request(i: number): Promise<void> {
  await withSpan('POST /chat', async () => {
    const user = await users.find(i);
    await gemini.generateResponse(`question ${i} from ${user.name}`);
    await payments.charge(100 + i).catch(() => undefined);
  });
}

function ms(value: number): string {
  return `${value.toFixed(1)}ms`;
}

function printReport(overview: PerformanceOverview): void {
  for (const health of overview.serviceHealth) {
    console.log(`\n${health.serviceName}  [${health.status}]  ${health.count} spans, error rate ${(health.errorRate * 100).toFixed(1)}%, p95 ${ms(health.p95Ms)}`);
    console.table(
      overview.operations
        .filter((op) => op.service === health.serviceName)
        .map((op) => ({ operation: op.name, count: op.count, errors: op.errorCount, p50: ms(op.p50Ms), p95: ms(op.p95Ms), p99: ms(op.p99Ms), max: ms(op.maxMs) })),
    );
    for (const issue of health.issues) console.log(`  issue: ${issue}`);
  }
  console.log('\nTop insights:');
  for (const insight of overview.insights.slice(0, 8)) console.log(`  [${insight.severity}] ${insight.message}`);
  console.log('\nRecommendations:');
  for (const rec of overview.recommendations.slice(0, 5)) console.log(`  [${rec.severity}] ${rec.message}`);
  console.log(`\nTrends: latency ${overview.trends.latencyTrend}, error rate ${overview.trends.errorRateTrend}`);
}

async function main(): Promise<void> {
  await initializeTracing({
    serviceName: 'analysis-example',
    exporterType: 'none',
    // Thresholds small enough for a two-second demo (defaults: 1000 ms and 5000 ms).
    analysis: { slowThresholdMs: 50, criticalThresholdMs: 100 },
    handleSignals: false,
    logLevel: 'error',
  });
  for (let batch = 0; batch < 4; batch++) await Promise.all(Array.from({ length: 6 }, (_, i) => request(batch * 6 + i)));

  printReport(getPerformanceOverview());
  const slowest = getTraceCollector()!
    .listTraces()
    .map((t) => getTraceAnalysis(t.traceId)!)
    .sort((a, b) => b.durationMs - a.durationMs)[0];
  console.log(`\nSlowest trace ${slowest.traceId}: ${slowest.rootName} ${ms(slowest.durationMs)}, ${slowest.spanCount} spans, critical path ${slowest.performance.criticalPath.length} spans`);
  for (const entry of slowest.timeline) console.log(`  ${'  '.repeat(entry.depth)}${entry.name}  +${ms(entry.offsetMs)}  ${ms(entry.durationMs)}${entry.status === 'error' ? '  ERROR' : ''}`);
  const stats = getCollectorStats();
  console.log(`\ncollector: ${stats.traces} traces, ${stats.spans} spans held, ~${Math.round(stats.estimatedBytes / 1024)} KiB`);
  await shutdownTracing();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
