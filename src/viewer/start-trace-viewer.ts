import { TracingConfigError } from '../errors';
import { RingTraceSource } from './ring-source';
import { startViewerServer, type ViewerServer } from './server';
import type { StartTraceViewerOptions } from './options';

/** The in-process viewer: a ring of the app's recent spans behind the page and API. */
export async function startTraceViewer(options: StartTraceViewerOptions = {}): Promise<ViewerServer> {
  const maxSpans = options.maxSpans ?? 10_000;
  if (!Number.isInteger(maxSpans) || maxSpans < 1) throw new TracingConfigError('viewer.maxSpans', maxSpans, 'an integer >= 1');
  const source = new RingTraceSource({ maxSpans });
  try {
    return await startViewerServer(source, { ...options, title: options.title ?? 'tracewright live traces' });
  } catch (error) {
    await source.close();
    throw error;
  }
}
