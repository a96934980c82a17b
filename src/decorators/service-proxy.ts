import { SpanKind, type Attributes } from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import { OnceLogger } from '../internal/diag';
import { ATTR_CODE_FUNCTION_NAME } from '../semconv/attributes';
import { DISABLED_TRACER, resolveTracer, runInSpan, type TracerSource } from '../tracer/run-in-span';

const once = new OnceLogger();
const instrumented = new WeakSet<object>();

/** Options of `instrumentService(service, serviceName, options?)`. */
export interface InstrumentServiceOptions<T extends object = object> extends TracerSource {
  /** Method names never traced (e.g. hot trivial helpers). Default: none. No env variable. */
  skipMethods?: readonly string[];
  /** When given, only these method names are traced. Default: every method. No env variable. */
  includeMethods?: readonly string[];
  /**
   * Attributes for each call's span, computed before the call (e.g. a tenant id the service
   * holds). Default: none. A throwing extractor is ignored (logged once). No env variable.
   */
  extractServiceTags?: (service: T, methodName: string, args: readonly unknown[]) => Attributes | undefined;
  /** Span name for a call. Default: `${serviceName}.${methodName}`. No env variable. */
  spanNameFactory?: (serviceName: string, methodName: string) => string;
  /** Span kind of every call. Default: `SpanKind.INTERNAL`. No env variable. */
  kind?: SpanKind;
  /** Attributes set on every call's span. Default: none. No env variable. */
  attributes?: Attributes;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (this: unknown, ...args: any[]) => unknown;

/**
 * Returns a Proxy of `service` whose method calls each run in a span named `Service.method`.
 * Traced: own and prototype methods with string keys. Untouched: getters/setters, `constructor`,
 * Symbol keys, methods inherited from `Object.prototype`, and every non-function property (reads
 * and writes go straight to the service). Methods run with `this` = the original service, so
 * `#private` fields keep working; calls a method makes on `this` are therefore not traced again.
 * Sync and async methods alike; errors are recorded and rethrown unchanged.
 */
export function instrumentService<T extends object>(
  service: T,
  serviceName: string,
  options: InstrumentServiceOptions<T> = {},
): T {
  if (service === null || (typeof service !== 'object' && typeof service !== 'function')) {
    throw new TracingConfigError('instrumentService(service)', service, 'an object or a class instance');
  }
  if (typeof serviceName !== 'string' || serviceName.trim() === '') {
    throw new TracingConfigError('instrumentService(serviceName)', serviceName, 'a non-empty string such as "UserService"');
  }
  if (instrumented.has(service)) return service;

  const skip = new Set(options.skipMethods ?? []);
  const include = options.includeMethods ? new Set(options.includeMethods) : undefined;
  const kind = options.kind ?? SpanKind.INTERNAL;
  const cache = new Map<string, { original: AnyFunction; wrapped: AnyFunction }>();

  const wrap = (methodName: string, original: AnyFunction): AnyFunction => {
    const spanName = options.spanNameFactory ? options.spanNameFactory(serviceName, methodName) : `${serviceName}.${methodName}`;
    // Built once per method: the SDK copies span attributes, so the object can be shared.
    const base: Attributes = { [ATTR_CODE_FUNCTION_NAME]: `${serviceName}.${methodName}`, ...options.attributes };
    const extractor = options.extractServiceTags;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const self = this === proxy || this === undefined ? service : this;
      const tracer = resolveTracer(options);
      // Disabled: the call itself, with no span options, closure or extractor built.
      if (tracer === DISABLED_TRACER) return original.apply(self, args);
      const attributes = extractor ? { ...base, ...extractTags(extractor, service, methodName, args) } : base;
      return runInSpan(tracer, spanName, { kind, attributes }, () => original.apply(self, args));
    };
    Object.defineProperty(wrapped, 'name', { value: original.name, configurable: true });
    return wrapped;
  };

  const proxy = new Proxy(service, {
    get(target, key) {
      // Read with the service as receiver: getters touching #private fields must not see the proxy.
      const value: unknown = Reflect.get(target, key, target);
      if (typeof key !== 'string' || typeof value !== 'function' || key === 'constructor') return value;
      const hit = cache.get(key);
      if (hit !== undefined && hit.original === value) return hit.wrapped;
      if (skip.has(key) || (include !== undefined && !include.has(key))) return value;
      if (!isTraceableMethod(target, key)) return value;
      const wrapped = wrap(key, value as AnyFunction);
      cache.set(key, { original: value as AnyFunction, wrapped });
      return wrapped;
    },
  });
  instrumented.add(proxy);
  return proxy;
}

/**
 * `instrumentService` over a record of services, the key being each service's name:
 * `batchInstrumentServices({ UserService: users, OrderService: orders })`.
 */
export function batchInstrumentServices<S extends Record<string, object>>(
  services: S,
  options: InstrumentServiceOptions = {},
): S {
  const out = {} as Record<string, object>;
  for (const [name, service] of Object.entries(services)) {
    out[name] = instrumentService(service, name, options as InstrumentServiceOptions<object>);
  }
  return out as S;
}

/** A data property holding a function, found on the object or its prototype chain below Object.prototype. */
function isTraceableMethod(target: object, key: string): boolean {
  let current: object | null = target;
  while (current !== null && current !== Object.prototype && current !== Function.prototype) {
    const descriptor = Object.getOwnPropertyDescriptor(current, key);
    if (descriptor) return 'value' in descriptor;
    current = Object.getPrototypeOf(current) as object | null;
  }
  return false;
}

function extractTags<T extends object>(
  extractor: NonNullable<InstrumentServiceOptions<T>['extractServiceTags']>,
  service: T,
  methodName: string,
  args: readonly unknown[],
): Attributes | undefined {
  try {
    return extractor(service, methodName, args);
  } catch (error) {
    once.warn('extract-tags', `higher: extractServiceTags threw and was ignored: ${String(error)}`);
    return undefined;
  }
}
