import { fillTime } from "../../src/pool/fill-time";
import { LatencyEstimate } from "../../src/pool/latency";
import { type Queued, WaitQueue } from "../../src/pool/wait-queue";

/** Takes every entry off the queue, in turn order, through its public first()/remove(). */
function takeAll<T extends Queued>(q: WaitQueue<T>): T[] {
  const taken: T[] = [];
  for (let next = q.first(); next !== undefined; next = q.first()) {
    q.remove(next);
    taken.push(next);
  }
  return taken;
}

describe("WaitQueue", () => {
  let clock = 0;
  const item = (priority: number, tokens: number, since = clock++) => ({ priority, tokens, since });

  test("higher priority first, first come first served within a priority", () => {
    const q = new WaitQueue<ReturnType<typeof item>>();
    const a = item(0, 1);
    const b = item(1, 2);
    const c = item(0, 3);
    const d = item(1, 4);
    [a, b, c, d].forEach((x) => q.push(x));
    expect(q.size).toBe(4);
    expect(q.first()).toBe(b);
    expect(q.ahead(1, clock)).toEqual({ count: 2, tokens: 6 });
    expect(q.ahead(0, clock)).toEqual({ count: 4, tokens: 10 });
    expect(q.ahead(2, clock)).toEqual({ count: 0, tokens: 0 });
    expect(q.remove(b)).toBe(true);
    expect(q.remove(b)).toBe(false);
    expect(q.remove(item(5, 1))).toBe(false);
    expect(q.first()).toBe(d);
    q.remove(d);
    expect(q.first()).toBe(a);
    expect(takeAll(q)).toEqual([a, c]);
    expect(q.size).toBe(0);
    expect(q.first()).toBeUndefined();
  });

  test("a retry keeps the place of its first arrival, and waits only behind what arrived before it", () => {
    const q = new WaitQueue<ReturnType<typeof item>>();
    const early = item(0, 1, 10);
    const late = item(0, 2, 30);
    q.push(early);
    q.push(late);
    const retry = item(0, 4, 20);
    expect(q.ahead(0, retry.since)).toEqual({ count: 1, tokens: 1 });
    q.push(retry);
    expect(takeAll(q)).toEqual([early, retry, late]);
  });
});

describe("fillTime", () => {
  test("0 when nothing is needed or the levels already hold it", () => {
    expect(fillTime([], 0)).toBe(0);
    expect(fillTime([{ level: 10, ratePerMs: 1, delayMs: 0 }], 5)).toBe(0);
  });

  test("sums levels and rates of the sources available", () => {
    expect(fillTime([{ level: 0, ratePerMs: 1, delayMs: 0 }, { level: 10, ratePerMs: 1, delayMs: 0 }], 30)).toBe(10);
  });

  test("a delayed source joins at its delay", () => {
    const sources = [
      { level: 0, ratePerMs: 1, delayMs: 0 },
      { level: 100, ratePerMs: 1, delayMs: 50 },
    ];
    expect(fillTime(sources, 40)).toBe(40);
    expect(fillTime(sources, 120)).toBe(50);
    expect(fillTime(sources, 250)).toBe(75);
  });

  test("Infinity when sources never fill, or are never available", () => {
    expect(fillTime([{ level: 5, ratePerMs: 0, delayMs: 0 }], 10)).toBe(Infinity);
    expect(fillTime([{ level: 100, ratePerMs: 1, delayMs: Infinity }], 10)).toBe(Infinity);
  });
});

describe("LatencyEstimate", () => {
  test("0 before the first call; then the mean, and the 99.5th percentile of the last 256 calls (the second slowest)", () => {
    const l = new LatencyEstimate();
    expect(l.typicalMs).toBe(0);
    expect(l.upperMs).toBe(0);
    l.observe(100);
    l.observe(300);
    expect(l.typicalMs).toBe(200);
    expect(l.upperMs).toBe(300);
    for (let i = 0; i < 256; i++) l.observe(i);
    expect(l.typicalMs).toBe(127.5);
    expect(l.upperMs).toBe(254);
  });

  test("one slow call does not move the upper estimate", () => {
    const l = new LatencyEstimate();
    for (let i = 0; i < 256; i++) l.observe(100 + (i % 10));
    const before = l.upperMs;
    l.observe(60_000);
    expect(l.upperMs).toBe(before);
  });

  test("attempts cut short count as censored: they keep the percentile up where dropping them would lower it", () => {
    // 250 answers of 1..250 ms and 6 attempts cut at 245 ms whose latency is unknown beyond that.
    const censored = new LatencyEstimate();
    for (let i = 1; i <= 250; i++) censored.observe(i);
    for (let i = 0; i < 6; i++) censored.observeUnanswered(245);
    // Dropped (the naive estimate): the second slowest of the 250 answers.
    const dropped = new LatencyEstimate();
    for (let i = 1; i <= 250; i++) dropped.observe(i);
    expect(dropped.upperMs).toBe(249);
    // Kaplan-Meier: the 6 censored ones are taken to outlast 245 ms (11 at risk beyond it, 5 of them answers), so the
    // survival estimate stays above 0.5% until the slowest answer.
    expect(censored.upperMs).toBe(250);
    expect(censored.count).toBe(250);
    expect(censored.typicalMs).toBe(125.5);
  });

  test("when the longest attempts were all cut short, admission allows 1.25x the longest; hang limits keep the slowest answer", () => {
    const l = new LatencyEstimate();
    for (let i = 1; i <= 250; i++) l.observe(i);
    for (let i = 0; i < 6; i++) l.observeUnanswered(400);
    expect(l.upperMs).toBe(250);
    expect(l.cautiousUpperMs).toBe(500);
    // Answers beyond the cut show the tail again: both estimates come from them.
    for (let i = 0; i < 256; i++) l.observe(1000 + i);
    expect(l.upperMs).toBe(1254);
    expect(l.cautiousUpperMs).toBe(1254);
  });

  test("a deployment that never answered: no latency to go by, and 1.25x the longest attempt for admission", () => {
    const l = new LatencyEstimate();
    l.observeUnanswered(80);
    expect(l.count).toBe(0);
    expect(l.upperMs).toBe(0);
    expect(l.cautiousUpperMs).toBe(100);
  });
});
