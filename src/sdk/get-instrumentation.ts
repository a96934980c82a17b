import type { IncomingMessage, ServerResponse } from 'node:http';
import { createInstrumentation, resolveInstrumentationOptions, type Instrumentation } from './instrumentation';
import { tracingMiddleware } from '../middleware/express';
import { traceFetchHandler } from '../middleware/fetch-handler';
import { wrapRequestListener } from '../middleware/node-http';
import { instrumentationOptionsOf } from '../middleware/options-source';
import { currentConfig, currentGeneration } from '../runtime/setup';

let cached: { generation: number; instrumentation: Instrumentation } | undefined;

/**
 * The instrumentation helpers and middleware, configured from the running setup (the enable
 * flags, sanitizing, header allowlists, ignorePaths). Before `initializeTracing` the helpers use
 * the defaults and the global provider, and start recording once tracing starts; the middleware
 * handed out then follow the config of a later `initializeTracing`, request by request.
 */
export function getInstrumentation(): Instrumentation {
  const generation = currentGeneration();
  if (cached && cached.generation === generation) return cached.instrumentation;
  const config = currentConfig();
  // the same mapping the standalone middleware follows per request (middleware/options-source)
  const helpers = createInstrumentation(resolveInstrumentationOptions(instrumentationOptionsOf(config)));
  const instrumentation = config ? helpers : withFollowingMiddleware(helpers);
  cached = { generation, instrumentation };
  return instrumentation;
}

/** The helpers with the standalone middleware, which read the running config on each request. */
function withFollowingMiddleware(helpers: Instrumentation): Instrumentation {
  const wrap = <Req extends IncomingMessage, Res extends ServerResponse>(listener: (req: Req, res: Res) => unknown) =>
    wrapRequestListener(listener);
  return {
    ...helpers,
    expressMiddleware: () => tracingMiddleware(),
    wrapRequestListener: wrap,
    httpServerHandler: wrap,
    traceFetchHandler: (handler, options) => traceFetchHandler(handler, options?.route ? { route: options.route } : undefined),
  };
}
