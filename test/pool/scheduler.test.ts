import { DeploymentState, type DeploymentTarget } from "../../src/pool/deployment";
import { Scheduler, type RejectReason, type SlotRequest } from "../../src/pool/scheduler";

/** A deployment whose token bucket holds `burst` tokens (1/30 of the TPM) and refills the rest over `minuteMs`. */
function deployment(name: string, tokensPerMinute: number, minuteMs: number, priority = 0): DeploymentState {
  const target: DeploymentTarget = {
    endpoint: "https://example.openai.azure.com",
    deployment: name,
    apiVersion: "2024-10-21",
    priority,
    tokensPerMinute,
    requestsPerMinute: 60_000,
    minuteMs,
  };
  return new DeploymentState(target, { failureThreshold: 2, openMs: 10_000 }, performance.now());
}

class Rejection extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly expectedWaitMs: number,
  ) {
    super(reason);
  }
}

function request(tokens: number, timeoutMs: number, extra: Partial<SlotRequest> = {}): SlotRequest {
  return {
    tokens,
    priority: 0,
    since: performance.now(),
    deadline: performance.now() + timeoutMs,
    signal: new AbortController().signal,
    reject: (reason, wait) => new Rejection(reason, wait),
    ...extra,
  };
}

describe("Scheduler", () => {
  test("grants at once when a slot is free and the budget fits, and counts slots", async () => {
    const d = deployment("a", 30_000, 60_000);
    const s = new Scheduler([d], { maxInFlight: 2, maxQueue: 10 });
    const grant = await s.acquire(request(100, 1000));
    expect(grant.deployment).toBe(d);
    expect([s.inFlight, s.waiting, d.inFlight]).toEqual([1, 0, 1]);
    s.release(grant);
    expect([s.inFlight, d.inFlight]).toEqual([0, 0]);
    await s.idle();
  });

  test("queues when the budget is spent and dispatches when it refills; higher priority first", async () => {
    // 3,000 TPM over a 300 ms "minute": a bucket of 100 tokens refilled at ~9.7 tokens per ms.
    const d = deployment("a", 3000, 300);
    const s = new Scheduler([d], { maxInFlight: 10, maxQueue: 10 });
    s.release(await s.acquire(request(100, 1000)));
    const order: string[] = [];
    const low = s.acquire(request(100, 5000)).then((g) => (order.push("low"), s.release(g)));
    const high = s.acquire(request(100, 5000, { priority: 1 })).then((g) => (order.push("high"), s.release(g)));
    expect(s.waiting).toBe(2);
    await Promise.all([low, high]);
    expect(order).toEqual(["high", "low"]);
  });

  test("a retry goes before calls that arrived after it", async () => {
    const d = deployment("a", 3000, 300);
    const s = new Scheduler([d], { maxInFlight: 10, maxQueue: 10 });
    s.release(await s.acquire(request(100, 1000)));
    const order: string[] = [];
    const arrivedFirst = performance.now() - 100;
    const later = s.acquire(request(100, 5000)).then((g) => (order.push("later"), s.release(g)));
    const retry = s.acquire(request(100, 5000, { since: arrivedFirst })).then((g) => (order.push("retry"), s.release(g)));
    await Promise.all([later, retry]);
    expect(order).toEqual(["retry", "later"]);
  });

  test("a call the head of the queue cannot use goes at once to a deployment the head avoids (no head-of-line wait)", async () => {
    const a = deployment("a", 3_000_000, 60_000);
    const b = deployment("b", 3000, 60_000);
    const s = new Scheduler([a, b], { maxInFlight: 10, maxQueue: 10 });
    b.budget.reserve(100, performance.now()); // b's bucket is empty for about 2 s
    const avoidA = performance.now() + 1500;
    // A retry that just failed on a backs off from it for 1.5 s, and b has no budget: it waits at the head.
    const retry = s.acquire(request(100, 10_000, { since: performance.now() - 100, avoidUntil: (d) => (d === a ? avoidA : 0) }));
    expect(s.waiting).toBe(1);
    const started = performance.now();
    const fresh = await s.acquire(request(100, 10_000));
    expect(fresh.deployment).toBe(a);
    expect(performance.now() - started).toBeLessThan(100);
    s.release(fresh);
    s.release(await retry);
  });

  test("a waiting call keeps the deployment it waits for: a later call does not take its budget", async () => {
    // 3,000 TPM over a 300 ms "minute": a bucket of 100 tokens refilled at ~9.7 tokens per ms.
    const d = deployment("a", 3000, 300);
    const s = new Scheduler([d], { maxInFlight: 10, maxQueue: 10 });
    s.release(await s.acquire(request(100, 1000)));
    const order: string[] = [];
    const big = s.acquire(request(100, 5000)).then((g) => (order.push("big"), s.release(g)));
    const small = s.acquire(request(5, 5000)).then((g) => (order.push("small"), s.release(g)));
    await Promise.all([big, small]);
    expect(order).toEqual(["big", "small"]);
  });

  test("turns a call away at once when its forecast turn is past its deadline", async () => {
    const d = deployment("a", 3000, 60_000);
    const s = new Scheduler([d], { maxInFlight: 10, maxQueue: 10 });
    await s.acquire(request(100, 1000));
    const started = performance.now();
    const err = await s.acquire(request(100, 500)).catch((e: Rejection) => e);
    expect(err).toBeInstanceOf(Rejection);
    expect((err as Rejection).reason).toBe("deadline");
    expect((err as Rejection).expectedWaitMs).toBeGreaterThan(1000);
    expect(performance.now() - started).toBeLessThan(100);
    expect(s.waiting).toBe(0);
  });

  test("forecasts the wait behind the calls ahead, across deployments", () => {
    const a = deployment("a", 3000, 60_000);
    const b = deployment("b", 3000, 60_000);
    const s = new Scheduler([a, b], { maxInFlight: 10, maxQueue: 10 });
    const now = performance.now();
    expect(s.expectedWaitMs({ tokens: 150, priority: 0, since: now }, now)).toBe(0);
    const rate = a.budget.tokens.ratePerMs * 2;
    expect(s.expectedWaitMs({ tokens: 300, priority: 0, since: now }, now)).toBeCloseTo(100 / rate, 0);
  });

  test("turns a call away when the queue is full", async () => {
    const d = deployment("a", 3000, 60_000);
    const onReject = jest.fn();
    const s = new Scheduler([d], { maxInFlight: 1, maxQueue: 0, onReject });
    await s.acquire(request(10, 1000));
    await expect(s.acquire(request(10, 60_000))).rejects.toMatchObject({ reason: "queue-full" });
    expect(onReject).toHaveBeenCalledWith("queue-full");
  });

  test("waits for a free slot, then dispatches", async () => {
    const d = deployment("a", 3_000_000, 60_000);
    const s = new Scheduler([d], { maxInFlight: 1, maxQueue: 10 });
    const first = await s.acquire(request(10, 1000));
    const second = s.acquire(request(10, 1000));
    expect(s.waiting).toBe(1);
    s.release(first);
    s.release(await second);
    expect(s.inFlight).toBe(0);
  });

  test("sheds a waiting call when its deadline comes too close, never leaving it to time out", async () => {
    const d = deployment("a", 3_000_000, 60_000);
    d.latency.observe(50);
    const s = new Scheduler([d], { maxInFlight: 1, maxQueue: 10 });
    await s.acquire(request(10, 1000));
    const started = performance.now();
    const err = await s.acquire(request(10, 400)).catch((e: Rejection) => e);
    expect((err as Rejection).reason).toBe("deadline");
    // Shed at deadline - latency estimate (400 - 150 ms); the upper bound only guards against a wait to the deadline
    // and beyond, with room for a late timer on a loaded machine.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(200);
    expect(elapsed).toBeLessThan(1000);
    expect(s.waiting).toBe(0);
  });

  test("a waiting call rejects with its signal's reason when aborted", async () => {
    const d = deployment("a", 3000, 60_000);
    const s = new Scheduler([d], { maxInFlight: 10, maxQueue: 10 });
    await s.acquire(request(100, 1000));
    const controller = new AbortController();
    const waiting = s.acquire(request(100, 60_000, { signal: controller.signal }));
    controller.abort(new Error("caller gave up"));
    await expect(waiting).rejects.toThrow("caller gave up");
    await expect(s.acquire(request(100, 60_000, { signal: controller.signal }))).rejects.toThrow("caller gave up");
  });

  test("names the reason when every deployment is blocked past the deadline: quota, open circuits", async () => {
    const quota = deployment("q", 3_000_000, 60_000);
    const broken = deployment("b", 3_000_000, 60_000);
    const s = new Scheduler([quota, broken], { maxInFlight: 10, maxQueue: 10 });
    const now = performance.now();
    quota.coolDown(now + 86_400_000, true);
    broken.breaker.onFailure(now);
    broken.breaker.onFailure(now);
    await expect(s.acquire(request(10, 1000))).rejects.toMatchObject({ reason: "quota" });
    const onlyBroken = new Scheduler([broken], { maxInFlight: 10, maxQueue: 10 });
    await expect(onlyBroken.acquire(request(10, 1000))).rejects.toMatchObject({ reason: "unavailable" });
    const cooling = deployment("c", 3_000_000, 60_000);
    cooling.coolDown(now + 5000, false);
    await expect(new Scheduler([cooling], { maxInFlight: 10, maxQueue: 10 }).acquire(request(10, 1000))).rejects.toMatchObject({ reason: "deadline" });
  });

  test("an aborted waiting call leaves the queue at once; idle resolves when all is done", async () => {
    const d = deployment("a", 3000, 60_000);
    const s = new Scheduler([d], { maxInFlight: 10, maxQueue: 10 });
    const grant = await s.acquire(request(100, 1000));
    const controller = new AbortController();
    const waiting = s.acquire(request(100, 60_000, { signal: controller.signal }));
    expect(s.waiting).toBe(1);
    const idle = s.idle();
    controller.abort(new Error("closing"));
    await expect(waiting).rejects.toThrow("closing");
    expect(s.waiting).toBe(0);
    s.release(grant);
    await idle;
  });

  test("admission needs the forecast wait within half the slack (deadline less the latency estimate), not just before the deadline", async () => {
    // 3,000 TPM over a real minute: a bucket of 100 tokens, refilled at ~0.048 tokens per ms.
    const d = deployment("a", 3000, 60_000);
    d.latency.observe(50);
    const s = new Scheduler([d], { maxInFlight: 10, maxQueue: 10 });
    const latency = s.latencyMs(performance.now());
    expect(latency).toBe(50);
    const grant = await s.acquire(request(100, 1000)); // the bucket is spent: the next call waits ~2 s
    const wait = s.expectedWaitMs({ tokens: 100, priority: 0, since: performance.now() }, performance.now());
    expect(wait).toBeGreaterThan(1500);

    // Deadline short of 2 x wait + latency (by 200 ms): the forecast fills more than half the slack. It would still
    // finish before that deadline on the forecast (wait + latency), but it is turned away at once.
    const tight = 2 * wait + latency - 200;
    expect(wait + latency).toBeLessThan(tight);
    const started = performance.now();
    const err = await s.acquire(request(100, tight)).catch((e: Rejection) => e);
    expect(err).toBeInstanceOf(Rejection);
    expect(err).toMatchObject({ reason: "deadline" });
    expect((err as Rejection).expectedWaitMs).toBeCloseTo(wait, -2);
    expect(performance.now() - started).toBeLessThan(100);
    expect(s.waiting).toBe(0);

    // Deadline past it (by 200 ms): the forecast fits within half the slack, and the call is queued.
    const controller = new AbortController();
    const roomy = s.acquire(request(100, 2 * wait + latency + 200, { signal: controller.signal }));
    expect(s.waiting).toBe(1);
    controller.abort(new Error("done"));
    await expect(roomy).rejects.toThrow("done");
    expect(s.waiting).toBe(0);

    // A call that continues admitted work (a retry, a follow-up) with the tight deadline is queued: its wait fits in
    // the whole slack. With less time than wait + latency it is turned away too.
    const continuing = new AbortController();
    const followUp = s.acquire(request(100, tight, { signal: continuing.signal, continues: true }));
    expect(s.waiting).toBe(1);
    continuing.abort(new Error("done"));
    await expect(followUp).rejects.toThrow("done");
    const hopeless = await s.acquire(request(100, wait + latency - 200, { continues: true })).catch((e: unknown) => e);
    expect(hopeless).toMatchObject({ reason: "deadline" });
    expect(s.waiting).toBe(0);
    s.release(grant);
  });

  test("the latency estimate counts against the slack: the same deadline and wait, a slower deployment, turned away", async () => {
    const fast = deployment("fast", 3000, 60_000);
    fast.latency.observe(10);
    const slow = deployment("slow", 3000, 60_000);
    slow.latency.observe(1000);
    const outcomes: string[] = [];
    for (const d of [fast, slow]) {
      const s = new Scheduler([d], { maxInFlight: 10, maxQueue: 10 });
      const grant = await s.acquire(request(100, 1000));
      const wait = s.expectedWaitMs({ tokens: 100, priority: 0, since: performance.now() }, performance.now());
      // Room for twice the wait plus 500 ms: enough slack with 10 ms of latency, not with 1,000 ms.
      const controller = new AbortController();
      const call = s.acquire(request(100, 2 * wait + 500, { signal: controller.signal })).then(
        () => "granted",
        (e: unknown) => (e instanceof Rejection ? e.reason : "aborted"),
      );
      outcomes.push(s.waiting === 1 ? "queued" : "turned away");
      controller.abort(new Error("done"));
      await call;
      s.release(grant);
    }
    expect(outcomes).toEqual(["queued", "turned away"]);
  });
});
