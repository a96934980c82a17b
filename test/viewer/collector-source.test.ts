import { afterEach, describe, expect, it } from 'vitest';
import { getTracer, initializeTracing, shutdownTracing, withSpan } from '../../src/index';
import type { ViewerServer } from '../../src/viewer/server';
import { startTraceViewer } from '../../src/viewer/lazy';

let viewer: ViewerServer | undefined;
afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
  await shutdownTracing();
});

describe('startTraceViewer with local analysis on', () => {
  it('serves the traces the TraceCollector holds: the same spans, parents, status and attributes', async () => {
    await initializeTracing({ serviceName: 'shop', exporterType: 'none', handleSignals: false, logLevel: 'none', analysis: { maxTraces: 2 } });
    viewer = (await startTraceViewer({ port: 0 })) as ViewerServer;
    withSpan('checkout', () => {
      withSpan('reserve', (span) => {
        span.setAttribute('order.id', 7);
        span.setStatus({ code: 2, message: 'out of stock' });
      });
    });
    const list = await (await fetch(`${viewer.url}api/traces`)).json();
    expect(list.traces.map((t: { rootName: string; spanCount: number; errorCount: number }) => [t.rootName, t.spanCount, t.errorCount])).toEqual([['checkout', 2, 1]]);
    const detail = await (await fetch(`${viewer.url}api/traces/${list.traces[0].traceId}`)).json();
    const [root, child] = detail.spans;
    expect([root.name, root.service, root.parentSpanId]).toEqual(['checkout', 'shop', undefined]);
    expect(child).toMatchObject({ name: 'reserve', parentSpanId: root.spanId, status: { code: 2, message: 'out of stock' }, attributes: { 'order.id': 7 } });
    // The collector's retention (maxTraces: 2) is the viewer's: the oldest trace goes.
    for (const name of ['a', 'b']) getTracer().startSpan(name).end();
    const after = await (await fetch(`${viewer.url}api/traces`)).json();
    expect(after.traces.map((t: { rootName: string }) => t.rootName).sort()).toEqual(['a', 'b']);
    const overview = await (await fetch(`${viewer.url}api/overview`)).json();
    expect(overview).toMatchObject({ kind: 'live', traceCount: 2, spanCount: 2, evictedSpans: 2 });
  });
});
