export {
  CombinedPropagator,
  createPropagator,
  isPropagatorName,
} from './create-propagator';
export { DEFAULT_PROPAGATORS, PROPAGATOR_NAMES } from './propagator-options';
export type { PropagatorName } from './propagator-options';
export {
  StrictTraceContextPropagator,
  TRACE_PARENT_HEADER,
  TRACE_STATE_HEADER,
} from './trace-context-propagator';
export { FLAG_RANDOM, FLAG_SAMPLED, formatTraceParent, parseTraceParent } from './trace-parent';
export type { ParsedTraceParent } from './trace-parent';
export { MAX_TRACE_STATE_MEMBERS, StrictTraceState, parseTraceState } from './trace-state';
export { BAGGAGE_HEADER, StrictBaggagePropagator } from './baggage-propagator';
export { JaegerPropagator, UBER_BAGGAGE_PREFIX, UBER_TRACE_ID_HEADER, isJaegerDebug } from './jaeger-propagator';
export type { JaegerPropagatorOptions } from './jaeger-propagator';
export {
  MAX_BAGGAGE_BYTES,
  MAX_BAGGAGE_MEMBERS,
  decodeBaggageValue,
  encodeBaggageValue,
  parseBaggageHeader,
} from './baggage-codec';
export type { BaggageMember } from './baggage-codec';
export { headerGetter, headerSetter } from './carrier';
export type { HeaderCarrier, HeaderValue, HeadersLike } from './carrier';
export { createContextManagerFacade } from './context-manager';
export { getContextManager } from './get-context-manager';
export type { ContextManagerFacade } from './context-manager';
export {
  createBaggageFromRecord,
  getAllBaggage,
  getBaggage,
  removeBaggage,
  setBaggage,
  withBaggage,
} from './baggage';
export type { BaggageInput } from './baggage';
export {
  CORRELATION_HEADERS,
  CORRELATION_ID_KEY,
  getCorrelationId,
  isValidCorrelationId,
  resolveCorrelationId,
  setCorrelationId,
  withCorrelationId,
} from './correlation';
export { CORRELATION_ID_HEADER, CorrelationIdPropagator } from './correlation-propagator';
