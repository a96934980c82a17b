/**
 * `tracer`: the tracer facade as one exported object, a name from the design documents. Each
 * method calls the current `getTracer()`, so the object follows `initializeTracing()`, a shutdown
 * and a re-initialisation like `getTracer()` does.
 */
import type { Tracer } from '@opentelemetry/api';
import { getTracer, type TracerFacade } from '../tracer/facade';

type Method = Exclude<keyof TracerFacade, 'tracer'>;

const METHODS: readonly Method[] = [
  'startSpan',
  'startChildSpan',
  'startActiveSpan',
  'endSpan',
  'setStatus',
  'addEvent',
  'recordException',
  'addLinks',
  'wrapWithSpan',
  'wrapAsyncWithSpan',
  'withSpan',
];

function createTracerObject(): TracerFacade {
  const object = {
    get tracer(): Tracer {
      return getTracer().tracer;
    },
  } as TracerFacade;
  for (const method of METHODS) {
    Object.defineProperty(object, method, {
      enumerable: true,
      value: (...args: unknown[]) => {
        const current = getTracer();
        return (current[method] as (...a: unknown[]) => unknown).apply(current, args);
      },
    });
  }
  return Object.freeze(object);
}

/** The default tracer facade (`getTracer()`), following every (re-)initialisation. */
export const tracer: TracerFacade = createTracerObject();
