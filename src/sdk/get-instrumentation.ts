import type { ResolvedConfig } from '../config/resolved-config';
import { createInstrumentation, resolveInstrumentationOptions, type Instrumentation } from '../instrument/index';
import { instrumentationOptionsOf } from '../middleware/options-source';
import { getResolvedConfig } from './lifecycle';

let cached: { config: ResolvedConfig | undefined; instrumentation: Instrumentation } | undefined;

/**
 * The instrumentation helpers and middleware, configured from the running setup (the enable
 * flags, sanitizing, header allowlists, ignorePaths). Before `initializeTracing` they use the
 * defaults and the global provider, and start recording once tracing starts.
 */
export function getInstrumentation(): Instrumentation {
  const config = getResolvedConfig();
  if (cached && cached.config === config) return cached.instrumentation;
  const instrumentation = createInstrumentation(
    // the same mapping the standalone middleware follows per request (middleware/options-source)
    resolveInstrumentationOptions(instrumentationOptionsOf(config)),
  );
  cached = { config, instrumentation };
  return instrumentation;
}
