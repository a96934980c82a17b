import { context, propagation, trace, type TextMapPropagator, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * Makes a provider the global one, with an AsyncLocalStorage context manager and the given
 * propagator. SDK 3's TracerProvider has no `register()`: the three globals are set on the API
 * directly, which is what `register()` did in the 2.x line.
 */
export function registerGlobally(provider: TracerProvider, propagator: TextMapPropagator): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(propagator);
  trace.setGlobalTracerProvider(provider);
}

/** Undoes `registerGlobally`, so that tracing can be set up again. */
export function unregisterGlobals(): void {
  trace.disable();
  context.disable();
  propagation.disable();
}
