/** A resource that refills linearly: `level` now, growing by `ratePerMs`, usable only after `delayMs`. */
export interface Refilling {
  readonly level: number;
  readonly ratePerMs: number;
  readonly delayMs: number;
}

/**
 * Ms until the sources together hold `need`, if each holds `level + ratePerMs * t` from its `delayMs` on (and
 * nothing before): the scheduler's forecast of when the calls ahead of a new one, and the new one, will have had
 * their tokens or requests. Infinity when they never will. Ignores the sources' caps, so it errs on the short side.
 */
export function fillTime(sources: readonly Refilling[], need: number): number {
  if (need <= 0) return 0;
  const sorted = [...sources].filter((s) => Number.isFinite(s.delayMs)).sort((a, b) => a.delayMs - b.delayMs);
  let level = 0;
  let rate = 0;
  for (let i = 0; i < sorted.length; i++) {
    const source = sorted[i] as Refilling;
    const start = Math.max(0, source.delayMs);
    level += source.level;
    rate += source.ratePerMs;
    const end = i + 1 < sorted.length ? Math.max(0, (sorted[i + 1] as Refilling).delayMs) : Infinity;
    const at = level + rate * start >= need ? start : rate > 0 ? (need - level) / rate : Infinity;
    if (at <= end) return at;
  }
  return Infinity;
}
