/**
 * Sampling results shared by every decision of the common samplers, frozen: the SDK only reads a
 * result (its decision, attributes and trace state), so one object per decision serves every span
 * instead of one allocation per span.
 */
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';

/** Record and sample, no attributes, the parent's trace state. */
export const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
/** Do not record. */
export const NOT_SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

/** The SDK's `AlwaysOnSampler` (same name, same decisions) answering with {@link SAMPLED}. */
export class SharedAlwaysOnSampler extends AlwaysOnSampler {
  override shouldSample(): SamplingResult {
    return SAMPLED;
  }
}

/** The SDK's `AlwaysOffSampler` answering with {@link NOT_SAMPLED}. */
export class SharedAlwaysOffSampler extends AlwaysOffSampler {
  override shouldSample(): SamplingResult {
    return NOT_SAMPLED;
  }
}

/**
 * The SDK's `ParentBasedSampler` around `root`, with the shared-result samplers for the parent
 * cases it would otherwise fill with the SDK's allocating ones (same decisions, same `toString`).
 */
export function parentBased(root: Sampler): ParentBasedSampler {
  const on = new SharedAlwaysOnSampler();
  const off = new SharedAlwaysOffSampler();
  return new ParentBasedSampler({ root, remoteParentSampled: on, remoteParentNotSampled: off, localParentSampled: on, localParentNotSampled: off });
}
