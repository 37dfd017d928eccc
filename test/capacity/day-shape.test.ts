import { CapacityPlan } from "../../src/capacity/capacity-plan";
import { arrivals, hourlyRates, hourlyWeights, PEAK_HOUR } from "../../src/capacity/day-shape";
import { mulberry32 } from "../../src/core/random";

describe("the day's traffic shape", () => {
  test("the peak hour weighs the plan's peak-hour factor and the 24 weights average 1", () => {
    for (const peakHourFactor of [1, 3, 6]) {
      const weights = hourlyWeights(CapacityPlan.fromTraffic({ peakHourFactor }));
      expect(weights).toHaveLength(24);
      expect(weights[PEAK_HOUR]).toBe(peakHourFactor);
      expect(weights.reduce((sum, w) => sum + w, 0)).toBeCloseTo(24, 9);
    }
  });

  test("hourly rates: the day's messages in all, the plan's peak-hour messages at the peak", () => {
    const plan = CapacityPlan.fromTraffic();
    const rates = hourlyRates(plan);
    expect(rates.reduce((sum, r) => sum + r * 3600, 0)).toBeCloseTo(plan.dailyMessages, 6);
    expect(rates[PEAK_HOUR]! * 3600).toBeCloseTo(plan.peakHourMessages, 6);
  });

  test("Poisson arrivals: each hour's count within 4 standard deviations of its rate, in order, the same for a seed", () => {
    const rates = hourlyRates(CapacityPlan.fromTraffic());
    const draw = (seed: number): number[] => [...arrivals(rates, 0, 24, mulberry32(seed))];
    const times = draw(5);
    expect(times).toEqual(draw(5));
    expect(times).not.toEqual(draw(6));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    for (let hour = 0; hour < 24; hour++) {
      const count = times.filter((t) => t >= hour * 3_600_000 && t < (hour + 1) * 3_600_000).length;
      const expected = rates[hour]! * 3600;
      expect(Math.abs(count - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected));
    }
    // From hour 12 to 13 only.
    const peak = [...arrivals(rates, 12, 13, mulberry32(1))];
    expect(peak.every((t) => t >= 12 * 3_600_000 && t < 13 * 3_600_000)).toBe(true);
  });
});
