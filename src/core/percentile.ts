/**
 * The nearest-rank percentile of ascending `sorted` values: the smallest value with at least p% of the values at or
 * below it (p from 0 to 100); NaN when there are none.
 */
export function nearestRankPercentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
