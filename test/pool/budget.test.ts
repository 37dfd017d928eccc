import fc from "fast-check";
import { DeploymentBudget, REQUEST_WINDOW_MARGIN, TOKEN_BURST_SHARE } from "../../src/pool/budget";
import { SlidingWindow } from "../../src/pool/sliding-window";
import { TokenBucket } from "../../src/pool/token-bucket";

describe("SlidingWindow", () => {
  test("counts over the last windowMs and says when more fits", () => {
    const w = new SlidingWindow(3, 1000);
    w.add(1, 0);
    w.add(1, 100);
    w.add(1, 200);
    expect(w.remaining(300)).toBe(0);
    expect(w.waitFor(1, 300)).toBe(700);
    expect(w.waitFor(2, 300)).toBe(800);
    expect(w.used(1000)).toBe(2);
    expect(w.waitFor(1, 1000)).toBe(0);
  });

  test("refunds only entries still in the window; consume blocks like usage", () => {
    const w = new SlidingWindow(2, 1000);
    const a = w.add(1, 0);
    w.refund(a, 10);
    expect(w.used(10)).toBe(0);
    const b = w.add(1, 20);
    w.refund(b, 2000);
    expect(w.used(2000)).toBe(0);
    w.consume(5, 2000);
    w.consume(0, 2000);
    expect(w.remaining(2000)).toBe(-3);
    expect(w.waitFor(1, 2000)).toBe(1000);
  });

  test("an amount above the limit fits an empty window", () => {
    const w = new SlidingWindow(1, 100);
    expect(w.waitFor(5, 0)).toBe(0);
    w.add(5, 0);
    expect(w.waitFor(5, 50)).toBe(50);
  });

  test("property: adding only when waitFor says 0 never exceeds the limit in any window", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 10 }), (gaps, limit) => {
        const w = new SlidingWindow(limit, 100);
        const sent: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          if (w.waitFor(1, now) === 0) {
            w.add(1, now);
            sent.push(now);
          }
        }
        return sent.every((t) => sent.filter((s) => s > t - 100 && s <= t).length <= limit);
      }),
    );
  });

  test("compacts its log after many expired entries", () => {
    const w = new SlidingWindow(10, 10);
    for (let t = 0; t < 5000; t++) w.add(1, t);
    expect(w.used(5000)).toBe(9);
  });
});

describe("TokenBucket", () => {
  test("starts full, refills at its rate up to its capacity", () => {
    const b = new TokenBucket(100, 0.1, 0);
    b.take(100, 0);
    expect(b.available(0)).toBe(0);
    expect(b.waitFor(50, 0)).toBe(500);
    expect(b.available(500)).toBe(50);
    expect(b.available(100_000)).toBe(100);
  });

  test("lets an amount above the capacity through a full bucket, as debt", () => {
    const b = new TokenBucket(100, 0.1, 0);
    expect(b.waitFor(300, 0)).toBe(0);
    b.take(300, 0);
    expect(b.available(0)).toBe(-200);
    expect(b.waitFor(10, 0)).toBe(2100);
  });

  test("give and lowerTo", () => {
    const b = new TokenBucket(100, 0.1, 0);
    b.take(80, 0);
    b.give(500, 0);
    expect(b.available(0)).toBe(100);
    b.lowerTo(30, 0);
    expect(b.available(0)).toBe(30);
    b.lowerTo(60, 0);
    expect(b.available(0)).toBe(30);
  });

  test("property: what passes in any interval T is at most capacity + rate * T (amounts within capacity)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 200 }), (steps) => {
        const b = new TokenBucket(50, 0.5, 0);
        const sent: [number, number][] = [];
        let now = 0;
        for (const [gap, amount] of steps) {
          now += gap;
          if (b.waitFor(amount, now) === 0) {
            b.take(amount, now);
            sent.push([now, amount]);
          }
        }
        return sent.every(([from]) =>
          sent.every(([to]) => to < from || sent.filter(([t]) => t >= from && t <= to).reduce((s, [, a]) => s + a, 0) <= 50 + 0.5 * (to - from) + 1e-9),
        );
      }),
    );
  });
});

describe("DeploymentBudget", () => {
  const limits = { tokensPerMinute: 60_000, requestsPerMinute: 360, minuteMs: 60_000 };

  test("token bucket of 2 s worth, refilled so that no minute gets more than the TPM", () => {
    const budget = new DeploymentBudget(limits, 0);
    expect(budget.tokens.capacity).toBe(60_000 * TOKEN_BURST_SHARE);
    expect(budget.tokens.capacity + budget.tokens.ratePerMs * 60_000).toBeCloseTo(60_000);
    expect(budget.requestWindows.map((w) => [w.limit, w.windowMs])).toEqual([
      [6, 1000 * (1 + REQUEST_WINDOW_MARGIN)],
      [60, 10_000 * (1 + REQUEST_WINDOW_MARGIN)],
    ]);
  });

  test("request windows count whole requests, lengthened to keep a fractional rate", () => {
    const small = new DeploymentBudget({ tokensPerMinute: 1000, requestsPerMinute: 6, minuteMs: 60_000 }, 0);
    expect(small.requestWindows.map((w) => [w.limit, w.windowMs])).toEqual([
      [1, 10_000 * (1 + REQUEST_WINDOW_MARGIN)],
      [1, 10_000 * (1 + REQUEST_WINDOW_MARGIN)],
    ]);
    // An eighth of 840 RPM: 1.75 per second becomes 2 per 1.14 s, not 1 per second.
    const share = new DeploymentBudget({ tokensPerMinute: 140_000, requestsPerMinute: 840, minuteMs: 60_000 }, 0, { maxReplicas: 8, adaptive: true });
    const [perSecond, perTen] = share.requestWindows;
    expect(perSecond.limit).toBe(2);
    expect(perSecond.windowMs).toBeCloseTo((2 / 1.75) * 1000 * (1 + REQUEST_WINDOW_MARGIN));
    expect(perTen.limit).toBe(18);
    for (const w of share.requestWindows) expect((w.limit / w.windowMs) * (1 + REQUEST_WINDOW_MARGIN)).toBeCloseTo(105 / 60_000);
  });

  test("a pool alone counts no more per window than the service allows (whole requests)", () => {
    // 630 RPM: the service's 1 s window allows 10 (not 10.5), and the pool's counts 10 over 1.1 s.
    const alone = new DeploymentBudget({ tokensPerMinute: 105_000, requestsPerMinute: 630, minuteMs: 60_000 }, 0);
    expect(alone.requestWindows.map((w) => [w.limit, w.windowMs])).toEqual([
      [10, 1000 * (1 + REQUEST_WINDOW_MARGIN)],
      [105, 10_000 * (1 + REQUEST_WINDOW_MARGIN)],
    ]);
  });

  test("waits for the token bucket and for the request windows", () => {
    const budget = new DeploymentBudget(limits, 0);
    expect(budget.waitFor(1000, 0)).toBe(0);
    budget.reserve(2000, 0);
    expect(budget.waitFor(1000, 0)).toBeCloseTo(1000 / budget.tokens.ratePerMs);
    const many = new DeploymentBudget(limits, 0);
    for (let i = 0; i < 6; i++) many.reserve(1, i);
    expect(many.waitFor(1, 10)).toBeCloseTo(1100 - 10);
  });

  test("headroom is the lowest free share, and a refund restores it", () => {
    const budget = new DeploymentBudget(limits, 0);
    expect(budget.headroom(0)).toBe(1);
    const r = budget.reserve(1000, 0);
    expect(budget.headroom(0)).toBeCloseTo(0.5);
    budget.refund(r, 0);
    expect(budget.headroom(0)).toBe(1);
  });

  test("the service's remaining-tokens header lowers the bucket, minus what was sent since", () => {
    const budget = new DeploymentBudget(limits, 0);
    const first = budget.reserve(100, 0);
    budget.reserve(300, 0);
    budget.correct(first, { tokens: 500 }, 0);
    expect(budget.tokens.available(0)).toBe(200);
    budget.correct(first, { tokens: 100 }, 0);
    expect(budget.tokens.available(0)).toBe(0);
    budget.correct(first, { tokens: 50_000 }, 0);
    expect(budget.tokens.available(0)).toBe(0);
  });

  test("the remaining-requests header lowers the 10 s window, never raises it", () => {
    const budget = new DeploymentBudget(limits, 0);
    const r = budget.reserve(1, 0);
    budget.correct(r, { requests: 10 }, 0);
    expect(budget.requestWindows[1].remaining(0)).toBe(10);
    budget.correct(r, { requests: 1000 }, 0);
    expect(budget.requestWindows[1].remaining(0)).toBe(10);
    expect(budget.requestWindows[1].remaining(11_001)).toBe(60);
  });
});
