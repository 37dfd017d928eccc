import { MIN_SHARE, PROBE_STEP, QuotaShare, SHARE_DECREASE, SPARE_TARGET, type QuotaShareOptions } from "../../src/pool/quota-share";

const TPM = 100_000;
const MINUTE = 60_000;

/** A share of a 100,000 TPM deployment with a 60 s minute, created at time 0. */
function share(maxReplicas: number, adaptive = true, extra: Partial<QuotaShareOptions> = {}): QuotaShare {
  return new QuotaShare({ maxReplicas, adaptive, tokensPerMinute: TPM, minuteMs: MINUTE, ...extra }, 0);
}

/** One control period: the pool charges `used` share of the TPM, the service reports `remaining` (shares), then the minute closes at `end`. */
function period(s: QuotaShare, end: number, used: number, remaining: readonly number[] = []): boolean {
  s.charged(used * TPM);
  for (const r of remaining) s.remaining(r * TPM);
  return s.update(end);
}

describe("QuotaShare", () => {
  test("starts at the fair share 1/maxReplicas", () => {
    expect(share(4).value).toBe(0.25);
    expect(share(8).value).toBe(0.125);
    expect(share(3).value).toBeCloseTo(1 / 3, 12);
  });

  test("a lone pool (maxReplicas 1) or a non-adaptive one owns the whole quota and never shrinks or moves", () => {
    for (const lone of [share(1), share(4, false), share(1, false)]) {
      expect(lone.value).toBe(1);
      let t = 0;
      for (let i = 0; i < 20; i++) {
        expect(lone.throttledAt(t, t + 1000)).toBe(false);
        t += 2000;
      }
      expect(lone.value).toBe(1);
      // Nor does a minute of low remaining quota or of no use change it.
      expect(period(lone, MINUTE + t, 1, [0.01])).toBe(false);
      expect(period(lone, 2 * MINUTE + t, 0)).toBe(false);
      expect(lone.value).toBe(1);
    }
  });

  describe("multiplicative decrease on a rate-limit 429", () => {
    test("x0.8 once per cool-down: the other 429s of the same burst (attempts sent before it ends) count once", () => {
      const s = share(4);
      expect(s.throttledAt(100, 5000)).toBe(true);
      expect(s.value).toBeCloseTo(0.25 * SHARE_DECREASE, 12);
      // Attempts sent during the cool-down (before 5000) meet the same exhausted window: no further decrease.
      expect(s.throttledAt(100, 5200)).toBe(false);
      expect(s.throttledAt(4999, 9000)).toBe(false);
      expect(s.value).toBeCloseTo(0.2, 12);
      // An attempt sent once the cool-down ended, and throttled again, is a new episode.
      expect(s.throttledAt(5000, 10_000)).toBe(true);
      expect(s.value).toBeCloseTo(0.25 * SHARE_DECREASE ** 2, 12);
      // The hold is the cool-down of the episode that decreased, not of the later 429s that did not.
      expect(s.throttledAt(9999, 12_000)).toBe(false);
      expect(s.throttledAt(10_000, 12_000)).toBe(true);
      expect(s.value).toBeCloseTo(0.25 * SHARE_DECREASE ** 3, 12);
    });

    test("never below MIN_SHARE, however many episodes", () => {
      const s = share(8);
      let changes = 0;
      for (let i = 0; i < 100; i++) if (s.throttledAt(i * 1000, i * 1000 + 500)) changes++;
      expect(s.value).toBe(MIN_SHARE);
      // 0.125 * 0.8^n reaches 0.005 after 15 decreases; after that nothing changes.
      expect(changes).toBe(Math.ceil(Math.log(MIN_SHARE / 0.125) / Math.log(SHARE_DECREASE)));
      expect(s.throttledAt(1_000_000, 1_000_500)).toBe(false);
      expect(s.value).toBe(MIN_SHARE);
    });
  });

  describe("additive increase, once per quota minute", () => {
    test("from the remaining-tokens headers: its own part of the fleet's use of the spare quota", () => {
      const s = share(4);
      // It used its whole allowance (25% of the TPM); the lowest remaining report of the minute was 30%.
      expect(period(s, MINUTE, 0.25, [0.6, 0.3, 0.45])).toBe(true);
      const spare = 0.3 - SPARE_TARGET;
      expect(s.value).toBeCloseTo(0.25 + spare * (0.25 / 0.7), 12);
    });

    test("N pools that read the same reports add about the spare together, and no more", () => {
      const pools = Array.from({ length: 4 }, () => share(4));
      // A first minute with one 429 episode each (no increase in it): 0.2 each, 80% of the TPM in all.
      for (const p of pools) p.throttledAt(10, 20);
      for (const p of pools) expect(p.update(MINUTE)).toBe(false);
      const before = pools.map((p) => p.value);
      expect(before).toEqual(Array(4).fill(0.25 * SHARE_DECREASE));
      const remaining = 1 - before.reduce((sum, v) => sum + v, 0);
      // The next minute each uses its allowance, and the service reports the 20% the fleet leaves.
      for (const p of pools) expect(period(p, 2 * MINUTE, p.value, [remaining])).toBe(true);
      const added = pools.reduce((sum, p, i) => sum + p.value - (before[i] as number), 0);
      expect(added).toBeCloseTo(remaining - SPARE_TARGET, 12);
      // Each took the same part, and the fleet now plans to leave SPARE_TARGET unused.
      for (const p of pools) expect(p.value).toBeCloseTo(pools[0]?.value ?? Number.NaN, 12);
      expect(1 - pools.reduce((sum, p) => sum + p.value, 0)).toBeCloseTo(SPARE_TARGET, 12);
    });

    test("at least the fair share of the spare, when its own part of the fleet's use is smaller", () => {
      const s = share(4);
      for (let i = 0; i < 5; i++) s.throttledAt(i * 10, i * 10 + 5); // 0.25 * 0.8^5 = 0.082
      expect(s.update(MINUTE)).toBe(false);
      const v = s.value;
      // It used its allowance (8.2%); the fleet used 80%: its part is ~10%, below the fair 25%.
      expect(period(s, 2 * MINUTE, v, [0.2])).toBe(true);
      expect(s.value).toBeCloseTo(v + (0.2 - SPARE_TARGET) * 0.25, 12);
    });

    test("without remaining-quota headers it probes: +PROBE_STEP of the fair share per minute", () => {
      const s = share(4);
      expect(period(s, MINUTE, 0.25)).toBe(true);
      expect(s.value).toBeCloseTo(0.25 + PROBE_STEP * 0.25, 12);
      expect(period(s, 2 * MINUTE, s.value)).toBe(true);
      expect(s.value).toBeCloseTo(0.25 + 2 * PROBE_STEP * 0.25, 12);
    });

    test("never above 1", () => {
      const s = share(2);
      // It used its half; the fleet used 10%: 90% remain, far more than it could take.
      expect(period(s, MINUTE, 0.5, [0.9])).toBe(true);
      expect(s.value).toBe(1);
      expect(period(s, 2 * MINUTE, 1, [0.9])).toBe(false);
      expect(s.value).toBe(1);
    });

    test("not before a quota minute has passed since the period began", () => {
      const s = share(4);
      s.charged(0.25 * TPM);
      s.remaining(0.5 * TPM);
      expect(s.update(MINUTE - 1)).toBe(false);
      expect(s.value).toBe(0.25);
      expect(s.update(MINUTE)).toBe(true);
      // A new period began at the update: another minute is needed.
      s.charged(TPM);
      s.remaining(0.5 * TPM);
      const v = s.value;
      expect(s.update(2 * MINUTE - 1)).toBe(false);
      expect(s.value).toBe(v);
    });

    test("not when the pool was not held back by its share (it used less than 90% of its allowance)", () => {
      const s = share(4);
      expect(period(s, MINUTE, 0.25 * 0.89, [0.5])).toBe(false);
      expect(s.value).toBe(0.25);
      // The allowance counts the time that passed: over two minutes it is twice the share.
      expect(period(s, 3 * MINUTE, 0.25 * 1.5, [0.5])).toBe(false);
      expect(s.value).toBe(0.25);
      // What the pool got back (a 429's refund, charged negative) does not count as used.
      s.charged(0.25 * TPM);
      s.charged(-0.1 * TPM);
      s.remaining(0.5 * TPM);
      expect(s.update(4 * MINUTE)).toBe(false);
      expect(s.value).toBe(0.25);
    });

    test("not when the fleet left no more than SPARE_TARGET unused", () => {
      const s = share(4);
      expect(period(s, MINUTE, 0.25, [0.2, SPARE_TARGET])).toBe(false);
      expect(period(s, 2 * MINUTE, 0.25, [0.01])).toBe(false);
      expect(s.value).toBe(0.25);
    });

    test("not in a minute that saw a 429; the next minute without one may grow again", () => {
      const s = share(4);
      s.charged(0.25 * TPM);
      s.remaining(0.5 * TPM);
      s.throttledAt(MINUTE - 10_000, MINUTE - 5000);
      const shrunk = s.value;
      expect(shrunk).toBeCloseTo(0.2, 12);
      expect(s.update(MINUTE)).toBe(false);
      expect(s.value).toBe(shrunk);
      expect(period(s, 2 * MINUTE, shrunk, [0.5])).toBe(true);
      expect(s.value).toBeGreaterThan(shrunk);
    });
  });
});
