import { SpanKind, type Attributes } from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import { OnceLogger } from '../internal/diag';
import { ATTR_CODE_FUNCTION_NAME } from '../semconv/attributes';
import { resolveTracer, runInSpan, type TracerSource } from '../tracer/run-in-span';

const once = new OnceLogger();

/** Options of `@Trace(name?, options?)`. */
export interface TraceOptions extends TracerSource {
  /** Span kind of every span. Default: `SpanKind.INTERNAL`. No env variable. */
  kind?: SpanKind;
  /** Attributes set on every span, before the call runs. Default: none. No env variable. */
  attributes?: Attributes;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMethod = (this: any, ...args: any[]) => any;

/**
 * A method decorator usable both ways TypeScript knows: the TypeScript 5 standard form
 * `(value, context)` and the legacy `experimentalDecorators` form `(target, key, descriptor)`.
 */
export interface TraceMethodDecorator {
  <This, Args extends unknown[], Return>(
    value: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): (this: This, ...args: Args) => Return;
  <T>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T> | void;
}

/**
 * Method decorator: one span per call, named `Class.method` unless a name is given. Works on sync
 * and async methods (the span ends when the returned promise settles), keeps `this`, returns the
 * method's own return value and rethrows its error after recording it (ERROR status, exception
 * event, `error.type`). Works with TS 5 standard decorators and with `experimentalDecorators`.
 *
 * @example
 * class UserService {
 *   @Trace() async find(id: string) { ... }                       // span "UserService.find"
 *   @Trace('users.create', { kind: SpanKind.INTERNAL }) create() { ... }
 * }
 */
export function Trace(name?: string, options?: TraceOptions): TraceMethodDecorator;
export function Trace(options: TraceOptions): TraceMethodDecorator;
/** Bare `@Trace` (no parentheses), standard decorators. */
export function Trace<This, Args extends unknown[], Return>(
  value: (this: This, ...args: Args) => Return,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
): (this: This, ...args: Args) => Return;
/** Bare `@Trace` (no parentheses), legacy `experimentalDecorators`. */
export function Trace<T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T> | void;
export function Trace(...args: unknown[]): unknown {
  // Used without parentheses: the arguments are already the decorator's.
  if (isStandardContext(args[1]) || (args.length === 3 && (typeof args[1] === 'string' || typeof args[1] === 'symbol'))) {
    return (createTraceDecorator(undefined, {}) as (...a: unknown[]) => unknown)(...args);
  }
  return traceFactory(args[0] as string | TraceOptions | undefined, args[1] as TraceOptions | undefined);
}

function traceFactory(nameOrOptions: string | TraceOptions | undefined, maybeOptions: TraceOptions | undefined): TraceMethodDecorator {
  const name = typeof nameOrOptions === 'string' ? nameOrOptions : undefined;
  const options = (typeof nameOrOptions === 'object' && nameOrOptions !== null ? nameOrOptions : maybeOptions) ?? {};
  if (nameOrOptions !== undefined && typeof nameOrOptions !== 'string' && typeof nameOrOptions !== 'object') {
    throw new TracingConfigError('Trace(name)', nameOrOptions, 'a span name string or an options object');
  }
  if (name !== undefined && name.trim() === '') {
    throw new TracingConfigError('Trace(name)', name, 'a non-empty span name, or no name for "Class.method"');
  }
  return createTraceDecorator(name, options);
}

/** Builds the dual-mode decorator; `withTracing(name)` shares it. */
export function createTraceDecorator(name: string | undefined, options: TraceOptions): TraceMethodDecorator {
  function decorator(...args: unknown[]): unknown {
    if (isStandardContext(args[1])) return decorateStandard(args[0], args[1], name, options);
    if (args.length === 3 && (typeof args[1] === 'string' || typeof args[1] === 'symbol')) {
      return decorateLegacy(args[0] as object, args[1], args[2] as PropertyDescriptor | undefined, name, options);
    }
    once.warn('decorator-shape', 'higher: @Trace was applied to something that is not a method; left untouched');
    return undefined;
  }
  return decorator as TraceMethodDecorator;
}

function isStandardContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

function decorateStandard(value: unknown, ctx: DecoratorContext, name: string | undefined, options: TraceOptions): unknown {
  if (ctx.kind !== 'method' || typeof value !== 'function') {
    once.warn(`kind-${ctx.kind}`, `higher: @Trace supports methods only, not ${ctx.kind} "${String(ctx.name)}"; left untouched`);
    return undefined;
  }
  const key = ctx.name;
  const isStatic = ctx.static;
  // The declaring class is not in the standard context: find it on first call by walking from
  // `this` to the object that owns the traced function, so subclasses still report the base class.
  let qualified: string | undefined;
  const traced = wrapMethod(value as AnyMethod, options, (self) => {
    if (qualified !== undefined) return qualified;
    const owner = findOwner(self, key, traced);
    const className = classNameOf(owner ?? self, isStatic);
    const result = `${className}.${String(key)}`;
    if (owner !== undefined) qualified = result;
    return result;
  }, name);
  return traced;
}

function decorateLegacy(
  target: object,
  key: string | symbol,
  descriptor: PropertyDescriptor | undefined,
  name: string | undefined,
  options: TraceOptions,
): PropertyDescriptor | undefined {
  if (!descriptor || typeof descriptor.value !== 'function') {
    once.warn('legacy-non-method', `higher: @Trace supports methods only, not accessor "${String(key)}"; left untouched`);
    return descriptor;
  }
  const qualified = `${classNameOf(target, typeof target === 'function')}.${String(key)}`;
  return { ...descriptor, value: wrapMethod(descriptor.value as AnyMethod, options, () => qualified, name) };
}

function wrapMethod(
  original: AnyMethod,
  options: TraceOptions,
  qualifiedName: (self: unknown) => string,
  name: string | undefined,
): AnyMethod {
  const kind = options.kind ?? SpanKind.INTERNAL;
  const traced = function (this: unknown, ...args: unknown[]): unknown {
    const fqn = qualifiedName(this);
    // Resolved per call unless given, so a decorator evaluated at import time follows the global
    // provider registered later by initializeTracing().
    const tracer = resolveTracer(options);
    const attributes: Attributes = { [ATTR_CODE_FUNCTION_NAME]: fqn, ...options.attributes };
    return runInSpan(tracer, name ?? fqn, { kind, attributes }, () => original.apply(this, args));
  };
  Object.defineProperty(traced, 'name', { value: original.name, configurable: true });
  carryOverMetadata(original, traced);
  return traced;
}

type MetadataReflect = {
  getOwnMetadataKeys?: (target: object) => unknown[];
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
};

/**
 * Frameworks on legacy decorators (NestJS routes, guards) keep reflect-metadata on the method
 * function itself; decorators listed below @Trace ran first and wrote it on the original, so the
 * wrapper must carry it (and any own properties) or the route would silently disappear.
 */
function carryOverMetadata(original: AnyMethod, traced: AnyMethod): void {
  for (const key of Object.getOwnPropertyNames(original)) {
    if (key === 'length' || key === 'name' || key === 'prototype' || key === 'caller' || key === 'arguments') continue;
    const descriptor = Object.getOwnPropertyDescriptor(original, key);
    if (descriptor) Object.defineProperty(traced, key, descriptor);
  }
  const reflect = Reflect as unknown as MetadataReflect;
  if (!reflect.getOwnMetadataKeys || !reflect.getOwnMetadata || !reflect.defineMetadata) return;
  for (const key of reflect.getOwnMetadataKeys(original)) {
    reflect.defineMetadata(key, reflect.getOwnMetadata(key, original), traced);
  }
}

function findOwner(self: unknown, key: string | symbol, fn: unknown): object | undefined {
  let current: unknown = self;
  while (current !== null && current !== undefined) {
    const own = Object.getOwnPropertyDescriptor(current, key);
    if (own && own.value === fn) return current as object;
    current = Object.getPrototypeOf(current);
  }
  return undefined;
}

function classNameOf(holder: unknown, isStatic: boolean): string {
  if (isStatic && typeof holder === 'function') return holder.name || 'anonymous';
  const ctor = (holder as { constructor?: { name?: string } } | null | undefined)?.constructor;
  return ctor?.name || 'anonymous';
}
