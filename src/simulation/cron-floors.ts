import { cronMatcher, type CronMinute } from "../core/cron";
import type { CronFloor } from "./app-model";
import { localMinute } from "./local-clock";

/** Minutes looked back before the simulation starts, so that a window opened the week before is seen as open. */
const LOOKBACK_MINUTES = 7 * 1440;

/**
 * The replicas an app's cron floors hold, minute by minute from `startMs` for `minutes` minutes: KEDA's cron scaler
 * reports `desiredReplicas` from a minute its `start` expression matches until a minute its `end` matches, in the
 * rule's time zone (keda.sh, Cron scaler); several floors give the highest. Zero where none is active.
 */
export function cronFloorTimeline(floors: readonly CronFloor[], startMs: number, minutes: number): Int32Array {
  const timeline = new Int32Array(minutes);
  for (const floor of floors) {
    const starts = cronMatcher(floor.start);
    const ends = cronMatcher(floor.end);
    let active = false;
    for (let m = -LOOKBACK_MINUTES; m < minutes; m++) {
      const at: CronMinute = localMinute(startMs + m * 60_000, floor.timeZone);
      if (ends(at)) active = false;
      if (starts(at)) active = true;
      if (m >= 0 && active) timeline[m] = Math.max(timeline[m]!, floor.desiredReplicas);
    }
  }
  return timeline;
}
