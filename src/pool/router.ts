/** What the router needs to know of a deployment. */
export interface Routable {
  /** Lower goes first. */
  readonly priority: number;
  /** Calls in flight. */
  readonly inFlight: number;
  /** When a call of `tokens` could go (monotonic ms; Infinity: not in the foreseeable future). */
  readyAt(tokens: number, now: number): number;
  /** Share of the budget free at `now`, 0 to 1. */
  headroom(now: number): number;
}

/** The router's answer: a deployment to send to now, or how long until one could take the call. */
export type Route<T> = { readonly deployment: T; readonly waitMs: 0 } | { readonly deployment?: undefined; readonly waitMs: number };

/**
 * Picks the deployment for a call of `tokens` at `now`. Deployments form priority groups (lower first); a call
 * goes to the first group that has a deployment ready now (so it spills over to the next group rather than wait),
 * and within a group to the one with the most headroom (then the fewest calls in flight). Deployments are ready
 * when their budget fits the call, they are not cooling down after a 429, their circuit lets calls through, and
 * `avoidUntil` (this call's own back-off from deployments that just failed it) has passed.
 */
export function route<T extends Routable>(
  deployments: readonly T[],
  tokens: number,
  now: number,
  avoidUntil: (deployment: T) => number = () => 0,
): Route<T> {
  let best: T | undefined;
  let bestHeadroom = 0;
  let earliest = Infinity;
  for (const d of deployments) {
    const readyAt = Math.max(d.readyAt(tokens, now), avoidUntil(d));
    if (readyAt > now) {
      earliest = Math.min(earliest, readyAt);
      continue;
    }
    const headroom = d.headroom(now);
    if (best === undefined || d.priority < best.priority || (d.priority === best.priority && isRoomier(headroom, d, bestHeadroom, best))) {
      best = d;
      bestHeadroom = headroom;
    }
  }
  return best !== undefined ? { deployment: best, waitMs: 0 } : { waitMs: earliest - now };
}

function isRoomier(headroom: number, d: Routable, bestHeadroom: number, best: Routable): boolean {
  return headroom > bestHeadroom || (headroom === bestHeadroom && d.inFlight < best.inFlight);
}
