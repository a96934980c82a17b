/** The propagators known by name (`propagators`, `OTEL_PROPAGATORS`): read by the config and by createPropagator. */
export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger' | 'none';

export const PROPAGATOR_NAMES: readonly PropagatorName[] = Object.freeze([
  'tracecontext',
  'baggage',
  'b3',
  'b3multi',
  'jaeger',
  'none',
]);

/** The default, as in the OpenTelemetry specification: `tracecontext,baggage`. */
export const DEFAULT_PROPAGATORS: readonly PropagatorName[] = Object.freeze(['tracecontext', 'baggage']);
