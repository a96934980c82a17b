import { createContextManagerFacade, type ContextManagerFacade } from './context-manager';

let facade: ContextManagerFacade | undefined;

/**
 * The context manager facade (`extractContext` / `injectContext` / `fields`). One shared,
 * stateless object: it reads the global propagator on every call, so it works before and after
 * `initializeTracing()` and follows whatever propagators were registered.
 */
export function getContextManager(): ContextManagerFacade {
  facade ??= createContextManagerFacade();
  return facade;
}
