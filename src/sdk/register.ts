import { context, propagation, ProxyTracerProvider, trace, type TextMapPropagator, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { FollowingTracerProvider } from './following-provider';

/** Registered with the API once; each setup's provider is put behind it. */
const following = new FollowingTracerProvider();

/**
 * Makes a provider the one behind the API, with an AsyncLocalStorage context manager and the
 * given propagator. SDK 3's TracerProvider has no `register()`: the globals are set on the API
 * directly. The API sees {@link following} (registered again only if someone disabled it), so
 * tracers taken earlier follow this provider.
 */
export function registerGlobally(provider: TracerProvider, propagator: TextMapPropagator): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(propagator);
  following.follow(provider);
  const global = trace.getTracerProvider();
  if (!(global instanceof ProxyTracerProvider) || global.getDelegate() !== following) trace.setGlobalTracerProvider(following);
}

/**
 * Stops tracing: spans started from now on, by any tracer, do not record. The API keeps the
 * following provider, so the next setup is followed by tracers taken before it.
 */
export function unregisterGlobals(): void {
  following.follow(undefined);
  context.disable();
  propagation.disable();
}
