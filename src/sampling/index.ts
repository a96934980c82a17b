export { createSampler, samplerReadsAttributes } from './create-sampler';
export type { CreateSamplerOptions } from './create-sampler';
export { DEFAULT_JAEGER_REMOTE_ENDPOINT, SAMPLER_NAMES, checkSamplerArg } from './sampler-options';
export type { JaegerRemoteSamplerArg, SamplerName, SamplerSpec } from './sampler-options';
export { RateLimitingSampler } from './rate-limiting-sampler';
export { JaegerRemoteSampler } from './jaeger-remote-sampler';
export type { JaegerRemoteSamplerOptions } from './jaeger-remote-sampler';
export { samplerFromStrategy } from './jaeger-strategy';
export type { JaegerStrategyResponse } from './jaeger-strategy';
export {
  MAX_IGNORE_PATH_LENGTH,
  PATH_ATTRIBUTES,
  createIgnorePathsSampler,
  createPathMatcher,
  matchesIgnoredPath,
  pathFromAttributes,
} from './ignore-paths';
export type { IgnorePathPattern } from './ignore-paths';
export { TokenBucket, monotonicClock } from './token-bucket';
export type { Clock } from './token-bucket';
