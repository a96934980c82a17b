import { TracingConfigError } from '../errors';
import { getTraceCollector } from '../analysis/current';
import { CollectorTraceSource } from './collector-source';
import { RingTraceSource } from './ring-source';
import { startViewerServer, type ViewerServer } from './server';
import type { StartTraceViewerOptions } from './options';

/**
 * The in-process viewer: the traces the analysis collector holds when `initializeTracing({ analysis })`
 * turned it on, otherwise a ring of the app's recent spans, behind the page and API.
 */
export async function startTraceViewer(options: StartTraceViewerOptions = {}): Promise<ViewerServer> {
  const maxSpans = options.maxSpans ?? 10_000;
  if (!Number.isInteger(maxSpans) || maxSpans < 1) throw new TracingConfigError('viewer.maxSpans', maxSpans, 'an integer >= 1');
  const collector = getTraceCollector();
  const source = collector ? new CollectorTraceSource(collector) : new RingTraceSource({ maxSpans });
  try {
    return await startViewerServer(source, { ...options, title: options.title ?? 'tracewright live traces' });
  } catch (error) {
    await source.close();
    throw error;
  }
}
