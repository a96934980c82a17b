import type { StartTraceViewerOptions, TraceViewer } from './options';

/**
 * Serves a page with the running application's recent spans (list, waterfall, span detail,
 * operation stats) on http://127.0.0.1:16686/. Spans are seen through the `SpanTap` processor that
 * `initializeTracing` installs, so start it after or before initializing, as you like. The server
 * and its page load on first call: importing tracewright stays light.
 */
export async function startTraceViewer(options: StartTraceViewerOptions = {}): Promise<TraceViewer> {
  const { startTraceViewer: start } = await import('./start-trace-viewer');
  return start(options);
}
