/** Polls `condition` every 2 ms until it holds; throws after `ms` (real time: for real timers and sockets). */
export async function waitUntil(condition: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
