/**
 * Where the middleware gets its options per request. `getInstrumentation()` hands over options
 * already resolved from the running config; a standalone wrapper (`wrapRequestListener`,
 * `tracingMiddleware`, `traceFetchHandler` / `withTracing(handler)`) follows the config of
 * `initializeTracing()` as it is when each request arrives, with its own explicit options on top,
 * so a wrapper made at import time, before tracing starts, behaves like `getInstrumentation()`'s.
 */
import type { ResolvedConfig } from '../config/resolved-config';
import {
  isResolvedInstrumentationOptions,
  resolveInstrumentationOptions,
  type InstrumentationOptions,
  type ResolvedInstrumentationOptions,
} from '../instrument/options';
import { createPathMatcher, type IgnorePathPattern } from '../sampling/ignore-paths';
import { currentConfig, currentGeneration } from '../runtime/setup';

/** The explicit options a standalone wrapper may be given (the middleware-only ones are ignored here). */
export type ExplicitOptions = Partial<InstrumentationOptions> & { ignorePaths?: readonly IgnorePathPattern[] };

/** The options of the current request. */
export type OptionsSource = () => ResolvedInstrumentationOptions;

/** A predicate for `ignorePaths`, or undefined when there are none (no call per request). */
export function ignorePathPredicate(paths: readonly IgnorePathPattern[] | undefined): ((path: string) => boolean) | undefined {
  return paths && paths.length > 0 ? createPathMatcher(paths) : undefined;
}

/** The instrumentation options a resolved config stands for: what `getInstrumentation()` uses. */
export function instrumentationOptionsOf(config: ResolvedConfig | undefined): Partial<InstrumentationOptions> {
  if (!config) return {};
  return { ...config.instrumentation, shouldIgnorePath: ignorePathPredicate(config.ignorePaths) };
}

/** The options given explicitly (undefined values dropped, so they never hide the config's). */
function explicitOptions(options: ExplicitOptions): Partial<InstrumentationOptions> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== undefined && key !== 'ignorePaths') out[key] = value;
  if (options.shouldIgnorePath === undefined && options.ignorePaths !== undefined) {
    // an explicit empty list means "ignore nothing here", whatever the config says
    out.shouldIgnorePath = ignorePathPredicate(options.ignorePaths) ?? (() => false);
  }
  return out as Partial<InstrumentationOptions>;
}

/**
 * Resolved options once, when given resolved; otherwise the running config (or the defaults
 * before `initializeTracing()` and after `shutdownTracing()`) under the explicit options,
 * re-resolved only when the setup changes: the per-request cost is one comparison.
 */
export function createOptionsSource(options: ExplicitOptions | ResolvedInstrumentationOptions = {}): OptionsSource {
  if (isResolvedInstrumentationOptions(options)) {
    const fixed = options;
    return () => fixed;
  }
  const explicit = explicitOptions(options);
  let seen = -1;
  let resolved: ResolvedInstrumentationOptions | undefined;
  return () => {
    const generation = currentGeneration();
    if (resolved === undefined || generation !== seen) {
      resolved = resolveInstrumentationOptions({ ...instrumentationOptionsOf(currentConfig()), ...explicit });
      seen = generation;
    }
    return resolved;
  };
}
