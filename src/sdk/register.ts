import { context, propagation, ProxyTracerProvider, trace, type TextMapPropagator } from '@opentelemetry/api';
import { registerContextManager, TracewrightContextManager } from '../propagation/async-context';
import { FollowingTracerProvider } from './following-provider';

/** Registered with the API once per process; it forwards to the running setup's provider (src/runtime/setup.ts). */
const following = new FollowingTracerProvider();

/**
 * Puts tracewright behind the API: an AsyncLocalStorage context manager, the given propagator, and
 * the following provider (registered again only if someone disabled it), so tracers taken earlier
 * follow the setup the lifecycle records next. SDK 3's TracerProvider has no `register()`: the
 * globals are set on the API directly.
 */
export function registerGlobally(propagator: TextMapPropagator): void {
  registerContextManager(new TracewrightContextManager().enable());
  propagation.setGlobalPropagator(propagator);
  const global = trace.getTracerProvider();
  if (!(global instanceof ProxyTracerProvider) || global.getDelegate() !== following) trace.setGlobalTracerProvider(following);
}

/**
 * Stops context and propagation. The API keeps the following provider, which hands out
 * non-recording spans while no setup runs and follows the next one.
 */
export function unregisterGlobals(): void {
  context.disable();
  propagation.disable();
}
