import type { CapacityPlan } from "./capacity-plan";

/**
 * The day's traffic shape, hour by hour (model hours 0-23 from midnight): a retail customer-service day, quiet at
 * night, rising through the morning, a lunchtime peak hour (12:00-13:00) and a broad afternoon and evening. The
 * capacity plan gives no shape, only the daily messages and the peak-hour factor; the shape below is this library's
 * assumption (used by the endurance benchmark, the simulation and the load-test plan). Relative weights; {@link hourlyWeights} sets the peak hour to the plan's factor and scales
 * the other hours so that the weights sum to 24 (the day's traffic is the plan's daily messages).
 */
export const RELATIVE_SHAPE: readonly number[] = [
  0.3, 0.2, 0.15, 0.15, 0.15, 0.25, 0.45, 0.7, 1.0, 1.3, 1.5, 1.8, 3.0, 1.8, 1.5, 1.4, 1.4, 1.5, 1.6, 1.7, 1.3, 0.9, 0.6, 0.4,
];
/** The peak hour: 12:00-13:00. */
export const PEAK_HOUR = 12;

/** Weights of the 24 hours (average 1): the peak hour at the plan's peak-hour factor, the others in proportion. */
export function hourlyWeights(plan: CapacityPlan): number[] {
  const factor = plan.assumptions.peakHourFactor;
  const rest = RELATIVE_SHAPE.reduce((sum, w, h) => (h === PEAK_HOUR ? sum : sum + w), 0);
  return RELATIVE_SHAPE.map((w, h) => (h === PEAK_HOUR ? factor : (w * (24 - factor)) / rest));
}

/** User requests (customer messages, each one request to the gateway) per second in each hour: dailyMessages / 24 x the hour's weight / 3,600. */
export function hourlyRates(plan: CapacityPlan): number[] {
  return hourlyWeights(plan).map((w) => ((plan.dailyMessages / 24) * w) / 3600);
}

/**
 * Arrival times of a Poisson process whose rate is constant within each hour (`rates`, per model second), in model
 * ms from midnight, drawn lazily one at a time (the memorylessness of the exponential lets an interval that crosses
 * an hour's end restart there at the next hour's rate).
 */
export function* arrivals(rates: readonly number[], fromHour: number, toHour: number, random: () => number): Generator<number> {
  const hourMs = 3_600_000;
  let t = fromHour * hourMs;
  while (t < toHour * hourMs) {
    const hour = Math.floor(t / hourMs);
    const perMs = (rates[hour % 24] as number) / 1000;
    const next = t + -Math.log(1 - random()) / perMs;
    const end = (hour + 1) * hourMs;
    if (next >= end) {
      t = end;
      continue;
    }
    t = next;
    yield t;
  }
}
