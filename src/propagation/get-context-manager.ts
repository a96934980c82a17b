import { createContextManagerFacade, type ContextManagerFacade } from './context-manager';

let facade: ContextManagerFacade | undefined;

/** The propagation facade: extract/inject over any header carrier, with the global propagator. */
export function getContextManager(): ContextManagerFacade {
  facade ??= createContextManagerFacade();
  return facade;
}
