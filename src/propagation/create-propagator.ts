import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { TracingConfigError } from '../errors';
import { OnceLogger } from '../internal/diag';
import { StrictBaggagePropagator } from './baggage-propagator';
import { JaegerPropagator } from './jaeger-propagator';
import { StrictTraceContextPropagator } from './trace-context-propagator';

/** The well-known propagator names of `OTEL_PROPAGATORS` that tracewright supports. */
import { PROPAGATOR_NAMES, type PropagatorName } from './propagator-options';

const once = new OnceLogger();

/** A propagator with a readable name for `toString()`. */
class Named implements TextMapPropagator {
  constructor(
    private readonly name: string,
    private readonly inner: TextMapPropagator,
  ) {}
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.inner.inject(context, carrier, setter);
  }
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.inner.extract(context, carrier, getter);
  }
  fields(): string[] {
    return this.inner.fields();
  }
  toString(): string {
    return this.name;
  }
}

const FACTORIES: Record<Exclude<PropagatorName, 'none'>, () => TextMapPropagator> = {
  tracecontext: () => new StrictTraceContextPropagator(),
  baggage: () => new StrictBaggagePropagator(),
  b3: () => new Named('B3Propagator{single}', new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER })),
  b3multi: () => new Named('B3Propagator{multi}', new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })),
  jaeger: () => new JaegerPropagator(),
};

export function isPropagatorName(value: unknown): value is PropagatorName {
  return typeof value === 'string' && (PROPAGATOR_NAMES as readonly string[]).includes(value);
}

/**
 * Several propagators as one. Extraction runs them in order, each on the previous result;
 * injection writes every format. One propagator failing on a hostile carrier never breaks the
 * others or the caller: the failure is logged once and skipped.
 */
export class CombinedPropagator implements TextMapPropagator {
  readonly propagators: readonly TextMapPropagator[];
  private readonly fieldList: string[];

  constructor(propagators: readonly TextMapPropagator[]) {
    this.propagators = Object.freeze([...propagators]);
    this.fieldList = [...new Set(propagators.flatMap((p) => p.fields()))];
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    for (const p of this.propagators) {
      try {
        p.inject(context, carrier, setter);
      } catch (error) {
        once.warn(`inject:${String(p)}`, `propagator ${String(p)} failed to inject: ${String(error)}`);
      }
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    let out = context;
    for (const p of this.propagators) {
      try {
        out = p.extract(out, carrier, getter);
      } catch (error) {
        once.warn(`extract:${String(p)}`, `propagator ${String(p)} failed to extract: ${String(error)}`);
      }
    }
    return out;
  }

  fields(): string[] {
    return [...this.fieldList];
  }

  toString(): string {
    return `CombinedPropagator{${this.propagators.map(String).join(',')}}`;
  }
}

/**
 * Builds one propagator from names (as in `OTEL_PROPAGATORS`) and/or propagator instances,
 * combined in order and de-duplicated (by name, and by instance). `'none'` alone (or an empty list)
 * gives a propagator that neither injects nor extracts; beside other names it is ignored.
 * Unknown names throw `TracingConfigError` (the config reader warns on env junk before calling).
 */
export function createPropagator(
  names: readonly (PropagatorName | TextMapPropagator)[],
): CombinedPropagator {
  if (!Array.isArray(names)) {
    throw new TracingConfigError('propagators', names, `an array of ${PROPAGATOR_NAMES.join(', ')} or TextMapPropagator`);
  }
  const seenNames = new Set<string>();
  const seenInstances = new Set<TextMapPropagator>();
  const out: TextMapPropagator[] = [];
  for (const item of names) {
    if (typeof item === 'string') {
      const name = item.trim().toLowerCase();
      if (!isPropagatorName(name)) {
        throw new TracingConfigError('propagators', item, PROPAGATOR_NAMES.join(', '));
      }
      if (name === 'none' || seenNames.has(name)) continue;
      seenNames.add(name);
      out.push(FACTORIES[name]());
    } else if (item && typeof item.inject === 'function' && typeof item.extract === 'function') {
      if (seenInstances.has(item)) continue;
      seenInstances.add(item);
      out.push(item);
    } else {
      throw new TracingConfigError('propagators', item, `${PROPAGATOR_NAMES.join(', ')} or a TextMapPropagator`);
    }
  }
  return new CombinedPropagator(out);
}
