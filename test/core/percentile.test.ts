import { nearestRankPercentile } from "../../src/core/percentile";

describe("nearestRankPercentile", () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  test("is the smallest value with at least p% of the values at or below it", () => {
    expect([0, 10, 50, 95, 100].map((p) => nearestRankPercentile(values, p))).toEqual([1, 1, 5, 10, 10]);
    expect(nearestRankPercentile([3, 8], 50)).toBe(3);
    expect(nearestRankPercentile([3, 8], 51)).toBe(8);
  });

  test("is NaN without values", () => {
    expect(nearestRankPercentile([], 95)).toBeNaN();
  });
});
