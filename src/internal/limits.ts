/**
 * Longest delay a Node timer can wait: a larger one fires after 1 ms (Node warns and clamps), which
 * would turn a generous timeout into an instant one. Every timer-backed option is capped here.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Largest queue a processor may be given: the queue is preallocated, and a span held costs memory
 * while the backend is down.
 */
export const MAX_QUEUE_SIZE = 1_000_000;
