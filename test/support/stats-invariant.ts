import type { ExportStats } from '../../src/pipeline/stats';

/**
 * The accounting invariant of docs/export-pipeline.md, written once for every test and script that
 * checks it: spans ended while sampled + recoveredSpans = exportedSpans + droppedSpans + failedSpans
 * + queueSize + inFlightSpans + spooledSpans, with no gauge below zero.
 */
export function accountedSpans(s: ExportStats): number {
  return s.exportedSpans + s.droppedSpans + s.failedSpans + s.queueSize + s.inFlightSpans + s.spooledSpans;
}

/** What breaks the invariant for `ended` sampled spans, or an empty list. */
export function invariantProblems(s: ExportStats, ended: number): string[] {
  const problems: string[] = [];
  const sum = accountedSpans(s);
  if (sum !== ended + s.recoveredSpans) problems.push(`ended ${ended} + recovered ${s.recoveredSpans} != ${sum} in ${JSON.stringify(s)}`);
  if (s.queueSize < 0 || s.inFlightSpans < 0 || s.spooledSpans < 0) problems.push(`negative gauge ${JSON.stringify(s)}`);
  return problems;
}
