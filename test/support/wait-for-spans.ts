/**
 * Polls until `spans()` holds at least `count` spans or the deadline passes (real servers answer
 * before their SERVER span ends: the span ends on the response's close). Resolves either way; the
 * test's own assertions say what was missing.
 */
export async function waitForSpans(spans: () => readonly unknown[], count: number, deadlineMs = 2000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (spans().length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
}
