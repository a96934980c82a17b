import { DDSketch } from '@datadog/sketches-js';

/**
 * Relative accuracy of every latency quantile: a reported pXX is within ±1% of a duration that
 * really is at that rank (DDSketch's guarantee, independent of the distribution).
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/** A DDSketch with the collector's accuracy; sketches made here can be merged with each other. */
export function createSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

/** The value at quantile q (0..1); 0 for an empty sketch. */
export function quantile(sketch: DDSketch, q: number): number {
  return sketch.count === 0 ? 0 : sketch.getValueAtQuantile(q);
}

export type { DDSketch };
