import { PoolOverloadedError, type AzureOpenAIPool } from "../../src/pool";
import type { OpenAIMock } from "../support/openai-mock";
import { chatParams, settle, sleep, until, usePoolFixtures, type Settled } from "../support/pool-fixtures";

/** The mock runs 60x faster than real time (a quota minute of 1 s); latencies below are given in real ms. */
const SCALE = 60;
const fixtures = usePoolFixtures({ timeScale: SCALE, latency: { medianMs: 600, sigma: 0.3 } }); // ~10 ms real
/** A constant latency of `ms` real ms. */
const constant = (ms: number): { medianMs: number; sigma: number } => ({ medianMs: ms * SCALE, sigma: 0 });

const BIG = 1_000_000;
/** connectionTimeoutMs far beyond every limit under test: no socket timeout ends an attempt, only the pool's limit. */
const NO_SOCKET_TIMEOUT = { connectionTimeoutMs: 30_000, retryDelayMs: 20 };

/**
 * Sends calls to `pool` (with deadlines far off), `batch` at a time, until `deployment` has answered `answers` of
 * them; returns the calls.
 */
async function warmUp(pool: AzureOpenAIPool, deployment: string, answers: number, batch = 10): Promise<Settled<unknown>[]> {
  const succeeded = (): number => pool.stats().deployments.find((d) => d.deployment === deployment)?.succeeded ?? 0;
  const calls: Settled<unknown>[] = [];
  for (let round = 0; round < 10 && succeeded() < answers; round++) {
    calls.push(...(await Promise.all(Array.from({ length: batch }, () => settle(pool.chat(chatParams(), { timeoutMs: 10_000 }))))));
  }
  expect(succeeded()).toBeGreaterThanOrEqual(answers);
  return calls;
}

/**
 * A mock with deployment `first` (answering after `latency`, or the file's ~10 ms) and "good", and a pool that prefers
 * `first` and falls back to "good", with the hang floor `floorMs`.
 */
async function preferredAndGood(first: string, floorMs: number, latency?: { medianMs: number; sigma: number }): Promise<{ mock: OpenAIMock; pool: AzureOpenAIPool }> {
  const mock = await fixtures.mock({ [first]: { tokensPerMinute: BIG, ...(latency ? { latency } : {}) }, good: { tokensPerMinute: BIG } });
  const pool = fixtures.pool(
    mock,
    [
      { deployment: first, tokensPerMinute: BIG },
      { deployment: "good", tokensPerMinute: BIG, priority: 1 },
    ],
    NO_SOCKET_TIMEOUT,
    { attemptTimeoutFloorMs: floorMs },
  );
  return { mock, pool };
}

describe("hung attempts", () => {
  test("a hung attempt on the preferred deployment is abandoned at the floor and retried on the other one, well before the deadline", async () => {
    const { mock, pool } = await preferredAndGood("bad", 100);
    mock.inject("bad", { kind: "hang" });
    const call = await settle(pool.chat(chatParams(), { timeoutMs: 3000 }));
    expect(call.error).toBeUndefined();
    expect(call.value).toMatchObject({ object: "chat.completion" });
    // Not before the floor (no answers yet: the floor alone is the limit), and long before the 3 s deadline.
    expect(call.ms).toBeGreaterThanOrEqual(99);
    expect(call.ms).toBeLessThan(1500);
    expect(mock.stats("bad")).toMatchObject({ requests: 1, faulted: 1, succeeded: 0 });
    expect(mock.stats("good")).toMatchObject({ requests: 1, succeeded: 1 });
    const [bad, good] = pool.stats().deployments;
    // The abandoned attempt is a failure for the breaker (counted, but one strike does not open it).
    expect(bad).toMatchObject({ deployment: "bad", attempts: 1, failed: 1, succeeded: 0, breaker: "closed", inFlight: 0 });
    expect(good).toMatchObject({ deployment: "good", attempts: 1, succeeded: 1, failed: 0 });
  });

  test("without time for a retry there is no hang limit: the deadline alone stops the attempt", async () => {
    const { mock, pool } = await preferredAndGood("bad", 300);
    mock.inject("bad", { kind: "hang" });
    // The floor (300 ms) reaches the call's deadline (200 ms): the attempt is not abandoned early, nothing is retried.
    const call = await settle(pool.chat(chatParams(), { timeoutMs: 200 }));
    expect(call.error).toMatchObject({ code: "POOL_DEADLINE_EXCEEDED" });
    expect(call.ms).toBeGreaterThanOrEqual(199);
    expect(mock.stats("good").requests).toBe(0);
  });

  test("after 20 answers the limit follows the latency: not before the floor when the deployment is fast", async () => {
    const { mock, pool } = await preferredAndGood("flaky", 150);
    // ~10 ms answers: 1.5x their 99.5th percentile is a few tens of ms, far below the floor.
    await warmUp(pool, "flaky", 20);
    mock.inject("flaky", { kind: "hang" }, 1);
    const call = await settle(pool.chat(chatParams(), { timeoutMs: 5000 }));
    expect(call.error).toBeUndefined();
    expect(call.ms).toBeGreaterThanOrEqual(149);
    expect(call.ms).toBeLessThan(2000);
    expect(pool.stats().deployments[0]).toMatchObject({ deployment: "flaky", failed: 1 });
    expect(mock.stats("good").succeeded).toBe(1);
  });

  test("after 20 answers the limit follows the latency: 1.5x the 99.5th percentile when that is above the floor", async () => {
    // Answers take 240 ms (constant), under the 300 ms floor, so that the warm-up calls are not cut; 1.5x 240 = 360 ms.
    const { mock, pool } = await preferredAndGood("slow", 300, constant(240));
    const answered = await warmUp(pool, "slow", 20);
    const slowestSeen = Math.max(...answered.filter((c) => c.error === undefined).map((c) => c.ms));
    mock.inject("slow", { kind: "hang" }, 1);
    const call = await settle(pool.chat(chatParams(), { timeoutMs: 5000 }));
    expect(call.error).toBeUndefined();
    // Abandoned after 1.5x the observed percentile (>= 1.5 x 240 ms), not at the 300 ms floor...
    expect(call.ms).toBeGreaterThanOrEqual(1.5 * 240 - 2);
    // ...and not long after it (the pool's own measurements are within the caller's), far from the 5 s deadline.
    expect(call.ms).toBeLessThan(1.5 * slowestSeen + 500);
    expect(pool.stats().deployments[0]).toMatchObject({ deployment: "slow", failed: 1 });
    expect(mock.stats("good").succeeded).toBe(1);
  });
});

describe("retries come before every caller's calls", () => {
  test("a call that failed once is retried before a stream of priority-1 calls that saturates the budget, and succeeds", async () => {
    const mock = await fixtures.mock({ d1: { tokensPerMinute: BIG } });
    mock.inject("d1", { kind: "status", status: 503 }, 1);
    // The pool's budget is the bottleneck: 6,000 TPM in a 1 s quota minute, ~58 calls of ~100 tokens per second.
    const pool = fixtures.pool(mock, [{ deployment: "d1", tokensPerMinute: 6000, requestsPerMinute: BIG }], { retryDelayMs: 300 });
    const victim = settle(pool.chat(chatParams(), { timeoutMs: 3000, priority: 0 }));
    let victimDoneAt = Infinity;
    let waitingWhenVictimDone = -1;
    void victim.then(() => {
      victimDoneAt = performance.now();
      waitingWhenVictimDone = pool.stats().waiting;
    });
    // Its first attempt met the 503: it now backs off for 150-300 ms, and the stream starts.
    await until(() => mock.stats("d1").faulted === 1, 2000, "the 503");
    const faultAt = performance.now();
    const stream: { arrival: number; result: Promise<Settled<unknown>>; doneAt: number }[] = [];
    while (performance.now() - faultAt < 900) {
      const entry = { arrival: performance.now(), result: undefined as unknown as Promise<Settled<unknown>>, doneAt: Infinity };
      entry.result = settle(pool.chat(chatParams(), { timeoutMs: 600, priority: 1 })).then((r) => ((entry.doneAt = performance.now()), r));
      stream.push(entry);
      await sleep(4);
    }
    const streamEnd = performance.now();
    const outcome = await victim;
    const results = await Promise.all(stream.map((s) => s.result));

    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toMatchObject({ object: "chat.completion" });
    expect(mock.stats("d1")).toMatchObject({ faulted: 1 });
    expect(pool.stats().deployments[0]).toMatchObject({ failed: 1 });
    // It did not wait for the stream to end (a retry at the caller's priority 0 would wait behind every priority-1
    // call): priority-1 calls that arrived before the retry could even start (the backoff is at least 150 ms) were
    // served after it, and calls were still waiting when it was done.
    expect(victimDoneAt).toBeLessThan(streamEnd);
    const overtaken = stream.filter((s) => s.arrival < faultAt + 150 && s.doneAt > victimDoneAt);
    expect(overtaken.length).toBeGreaterThan(0);
    expect(waitingWhenVictimDone).toBeGreaterThan(0);
    // The stream did saturate the budget: the excess was turned away.
    expect(results.filter((r) => r.error instanceof PoolOverloadedError).length).toBeGreaterThan(0);
  });
});
