import type { TokenCredential } from "@azure/identity";
import { APIError, BadRequestError, InternalServerError, RateLimitError } from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import {
  AzureOpenAIPool,
  estimateChatTokens,
  PoolClosedError,
  PoolDeadlineExceededError,
  PoolOverloadedError,
  PoolQuotaExhaustedError,
  PoolRetriesExhaustedError,
  PoolUnavailableError,
  type PoolDeployment,
  type PoolOptions,
  type PoolSettings,
} from "../../src/pool";
import type { OpenAIMock } from "../support/openai-mock";
import { chatParams, settle, usePoolFixtures } from "../support/pool-fixtures";

/** A "minute" of 1 s: the mock runs 60x faster than real time, and the pool is told so. */
const SCALE = 60;
const MINUTE_MS = 60_000 / SCALE;
const FAST = { medianMs: 600, sigma: 0.3 }; // 10 ms real

const fixtures = usePoolFixtures({ timeScale: SCALE, latency: FAST });
const mockWith = fixtures.mock;

/** A pool over the mock with short retry delays and connection timeouts, and a breaker that stays open for the test. */
function poolFor(mock: OpenAIMock, deployments: Omit<PoolDeployment, "endpoint">[], settings: Partial<PoolSettings> = {}, options: PoolOptions = {}): AzureOpenAIPool {
  return fixtures.pool(mock, deployments, { retryDelayMs: 20, connectionTimeoutMs: 2000, ...settings }, { breakerOpenMs: 60_000, ...options });
}

/** A request of about 100 tokens as either side counts them (a short prompt and max_tokens 80). */
const params = (text?: string): ChatCompletionCreateParamsNonStreaming => chatParams(80, text);
const elapsedOf = settle;

describe("AzureOpenAIPool against the Azure OpenAI mock (real openai SDK)", () => {
  test("chat returns the SDK's ChatCompletion, with the API key as api-key", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }]);
    const completion = await pool.chat(params());
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toBe("OK");
    expect(mock.stats("d1")).toMatchObject({ requests: 1, succeeded: 1, lastCredential: "api-key test-key" });
    expect(pool.stats()).toMatchObject({ inFlight: 0, waiting: 0, available: 50, maxConnections: 50, minConnections: 5, shed: 0, closed: false });
    expect(pool.stats().deployments[0]).toMatchObject({ deployment: "d1", attempts: 1, succeeded: 1, throttled: 0, breaker: "closed" });
  });

  test("keyless by default: a bearer token from the credential, for the Cognitive Services scope", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: async (scope) => {
        scopes.push(...(Array.isArray(scope) ? scope : [scope]));
        return { token: "entra-token", expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const pool = fixtures.closeAfter(
      new AzureOpenAIPool(
        { deployments: [{ endpoint: `${mock.endpoint}/`, deployment: "d1", tokensPerMinute: 1_000_000, region: "eastus2" }] },
        { credential, quotaMinuteMs: MINUTE_MS },
      ),
    );
    await pool.chat(params());
    expect(mock.stats("d1").lastCredential).toBe("Bearer entra-token");
    expect(scopes).toEqual(["https://cognitiveservices.azure.com/.default"]);
    expect(pool.stats().deployments[0]).toMatchObject({ region: "eastus2" });
  });

  test("429 storm: every call completes before its deadline", async () => {
    // The deployment's quota is shared: someone else already used most of this minute, and the pool believes it has
    // five times the tokens it really has. It learns from the 429s and the remaining-tokens headers.
    const mock = await mockWith({ d1: { tokensPerMinute: 12_000, requestsPerMinute: 1_000_000 } });
    mock.consume("d1", 11_000);
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 60_000, requestsPerMinute: 1_000_000 }]);
    const deadlineMs = 4000;
    const results = await Promise.all(Array.from({ length: 40 }, () => elapsedOf(pool.chat(params(), { timeoutMs: deadlineMs }))));
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(deadlineMs);
    expect(mock.stats("d1").throttled).toBeGreaterThan(10);
    expect(pool.stats().deployments[0]?.throttled).toBe(mock.stats("d1").throttled);
  });

  test.each([
    ["a 503", { kind: "status", status: 503 }],
    ["a connection reset", { kind: "reset" }],
    ["a hang", { kind: "hang" }],
  ] as const)("one deployment failing with %s: traffic moves to the other, and its circuit opens", async (_label, fault) => {
    const mock = await mockWith({ bad: { tokensPerMinute: 1_000_000 }, good: { tokensPerMinute: 1_000_000 } });
    mock.inject("bad", fault);
    const pool = poolFor(
      mock,
      [
        { deployment: "bad", tokensPerMinute: 1_000_000 },
        { deployment: "good", tokensPerMinute: 1_000_000 },
      ],
      { connectionTimeoutMs: 150 },
      { breakerFailureThreshold: 3 },
    );
    const first = await Promise.all(Array.from({ length: 10 }, () => elapsedOf(pool.chat(params(), { timeoutMs: 3000 }))));
    expect(first.filter((r) => r.error !== undefined)).toEqual([]);
    const bad = pool.stats().deployments.find((d) => d.deployment === "bad");
    expect(bad).toMatchObject({ breaker: "open", succeeded: 0 });
    const faultedBefore = mock.stats("bad").faulted;
    await Promise.all(Array.from({ length: 10 }, () => pool.chat(params(), { timeoutMs: 3000 })));
    expect(mock.stats("bad").faulted).toBe(faultedBefore);
    expect(mock.stats("good").succeeded).toBe(20);
  });

  test("a hang with connectionTimeoutMs longer than the calls' deadlines still opens the circuit, and traffic moves", async () => {
    const mock = await mockWith({ bad: { tokensPerMinute: 1_000_000 }, good: { tokensPerMinute: 1_000_000 } });
    mock.inject("bad", { kind: "hang" });
    const pool = poolFor(
      mock,
      [
        { deployment: "bad", tokensPerMinute: 1_000_000 },
        { deployment: "good", tokensPerMinute: 1_000_000, priority: 1 },
      ],
      { connectionTimeoutMs: 30_000 },
      { breakerFailureThreshold: 2 },
    );
    // The first calls go to the preferred, hung deployment and die at their deadline; each one is a strike.
    for (let i = 0; i < 2; i++) {
      const hung = await elapsedOf(pool.chat(params(), { timeoutMs: 100 }));
      expect(hung.error).toBeInstanceOf(PoolDeadlineExceededError);
      // Sent at once: the deadline passed at the service, with (nearly) the whole 100 ms left when it was sent.
      expect((hung.error as PoolDeadlineExceededError).timeLeftAtSendMs).toBeGreaterThan(80);
      expect((hung.error as PoolDeadlineExceededError).timeLeftAtSendMs).toBeLessThanOrEqual(100);
    }
    expect(pool.stats().deployments[0]).toMatchObject({ deployment: "bad", breaker: "open", failed: 2 });
    await expect(pool.chat(params(), { timeoutMs: 1000 })).resolves.toMatchObject({ object: "chat.completion" });
    expect(mock.stats("good").succeeded).toBe(1);
  });

  test("an open circuit lets one probe through after breakerOpenMs; a success closes it", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "status", status: 500 }, 2);
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { maxRetries: 0 }, { breakerFailureThreshold: 2, breakerOpenMs: 150 });
    for (let i = 0; i < 2; i++) await expect(pool.chat(params())).rejects.toBeInstanceOf(PoolRetriesExhaustedError);
    expect(pool.stats().deployments[0]?.breaker).toBe("open");
    const rejected = await elapsedOf(pool.chat(params(), { timeoutMs: 100 }));
    expect(rejected.error).toBeInstanceOf(PoolUnavailableError);
    expect(rejected.ms).toBeLessThan(50);
    await expect(pool.chat(params(), { timeoutMs: 2000 })).resolves.toMatchObject({ object: "chat.completion" });
    expect(pool.stats().deployments[0]?.breaker).toBe("closed");
  });

  test("a retry-after beyond the deadline: a typed error at once, no sleep", async () => {
    // Real time (no compression): the mock's minute lasts 60 s and its quota is spent, so it asks for ~60 s.
    const mock = await mockWith({ d1: { tokensPerMinute: 1000 } }, { timeScale: 1, latency: { medianMs: 10, sigma: 0 } });
    mock.consume("d1", 1000);
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], {}, { quotaMinuteMs: 60_000 });
    const result = await elapsedOf(pool.chat(params(), { timeoutMs: 5000 }));
    expect(result.error).toBeInstanceOf(PoolDeadlineExceededError);
    expect((result.error as Error).cause).toBeInstanceOf(RateLimitError);
    expect((result.error as PoolDeadlineExceededError).timeLeftAtSendMs).toBeUndefined();
    expect(result.ms).toBeLessThan(1000);
    expect(pool.stats().deployments[0]?.coolingDownMs).toBeGreaterThan(5000);
    // The next call is turned away up front: the deployment cools down past its deadline.
    await expect(pool.chat(params(), { timeoutMs: 5000 })).rejects.toBeInstanceOf(PoolOverloadedError);
  });

  test("a 429 asking for a day (daily quota): fails fast, or moves to a deployment with quota", async () => {
    const mock = await mockWith({ spent: { tokensPerMinute: 1_000_000 }, other: { tokensPerMinute: 1_000_000 } });
    mock.inject("spent", { kind: "daily-quota" });
    const single = poolFor(mock, [{ deployment: "spent", tokensPerMinute: 1_000_000 }]);
    const result = await elapsedOf(single.chat(params(), { timeoutMs: 60_000 }));
    expect(result.error).toBeInstanceOf(PoolQuotaExhaustedError);
    expect(result.ms).toBeLessThan(1000);
    expect(single.stats().deployments[0]).toMatchObject({ quotaExhausted: true, throttled: 1 });
    const both = poolFor(mock, [
      { deployment: "spent", tokensPerMinute: 1_000_000 },
      { deployment: "other", tokensPerMinute: 1_000_000, priority: 1 },
    ]);
    await expect(both.chat(params())).resolves.toMatchObject({ object: "chat.completion" });
    expect(mock.stats("other").succeeded).toBe(1);
  });

  test("overload: calls that cannot be served before their deadline are turned away within milliseconds", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    // 6,000 TPM in real time: a burst of 200 tokens, then ~100 tokens per second.
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 6000 }], {}, { quotaMinuteMs: 60_000 });
    const results = await Promise.all(Array.from({ length: 20 }, () => elapsedOf(pool.chat(params(), { timeoutMs: 1000 }))));
    const rejected = results.filter((r) => r.error !== undefined);
    expect(rejected.length).toBeGreaterThanOrEqual(15);
    for (const r of rejected) {
      expect(r.error).toBeInstanceOf(PoolOverloadedError);
      expect(r.error).toMatchObject({ code: "POOL_OVERLOADED", reason: "deadline" });
      // "Within milliseconds": far below the 1 s deadline, with room for a loaded machine.
      expect(r.ms).toBeLessThan(200);
    }
    expect(pool.stats().shed).toBe(rejected.length);
  });

  test("reserveMs: admission keeps time free after the call, but a running call may use it", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } }, { latency: { medianMs: 12_000, sigma: 0 } });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 6000 }], {}, { quotaMinuteMs: 60_000 });
    // Ready now: it goes, and finishes (~200 ms) after its admission point (100 ms) but before its deadline.
    await expect(pool.chat(params(), { timeoutMs: 1000, reserveMs: 900 })).resolves.toMatchObject({ object: "chat.completion" });
    // The bucket is spent: the next call would wait ~1 s for tokens. Enough for its 60 s deadline, not for its reserve.
    await pool.chat(params());
    const reserved = await elapsedOf(pool.chat(params(), { timeoutMs: 60_000, reserveMs: 59_500 }));
    expect(reserved.error).toMatchObject({ code: "POOL_OVERLOADED", reason: "deadline" });
    expect(reserved.ms).toBeLessThan(200);
    await expect(pool.chat(params(), { timeoutMs: 60_000 })).resolves.toMatchObject({ object: "chat.completion" });
    await expect(pool.chat(params(), { reserveMs: -1 })).rejects.toBeInstanceOf(RangeError);
  });

  test("overload: a follow-up is queued while its wait fits before the deadline; a fresh call needs it within half the slack", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } }, { latency: { medianMs: 12_000, sigma: 0 } });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 6000 }], {}, { quotaMinuteMs: 60_000 });
    // Two calls spend the budget (36 RPM, derived from the TPM): the next waits ~1.8 s, then takes ~200 ms.
    await pool.chat(params());
    await pool.chat(params());
    // 3 s: time for the wait and the call, but the wait fills more than half the slack (3 s less ~200 ms).
    const fresh = await elapsedOf(pool.chat(params(), { timeoutMs: 3000 }));
    expect(fresh.error).toMatchObject({ code: "POOL_OVERLOADED", reason: "deadline" });
    expect(fresh.ms).toBeLessThan(200);
    const followUp = await elapsedOf(pool.chat(params(), { timeoutMs: 3000, followUp: true, priority: 1 }));
    expect(followUp.error).toBeUndefined();
    expect(followUp.ms).toBeGreaterThan(1000);
    expect(followUp.ms).toBeLessThan(3000);
  });

  test("overload: a full queue turns calls away at once", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } }, { latency: { medianMs: 6000, sigma: 0 } });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { minConnections: 1, maxConnections: 1, maxQueue: 1 });
    const running = pool.chat(params());
    const queued = pool.chat(params());
    await expect(pool.chat(params())).rejects.toMatchObject({ reason: "queue-full" });
    await expect(Promise.all([running, queued])).resolves.toHaveLength(2);
  });

  test("follow-up calls (higher priority) go before new ones", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } }, { latency: { medianMs: 3000, sigma: 0 } });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { minConnections: 1, maxConnections: 1 });
    const order: string[] = [];
    const first = pool.chat(params());
    const fresh = pool.chat(params()).then(() => order.push("new"));
    const followUp = pool.chat(params(), { priority: 1 }).then(() => order.push("follow-up"));
    await Promise.all([first, fresh, followUp]);
    expect(order).toEqual(["follow-up", "new"]);
  });

  test("an answer not worth retrying passes through as the SDK's error, and the slot is released", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "status", status: 400 }, 1);
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }]);
    await expect(pool.chat(params())).rejects.toBeInstanceOf(BadRequestError);
    expect(mock.stats("d1").requests).toBe(1);
    expect(pool.stats()).toMatchObject({ inFlight: 0, available: 50 });
    expect(pool.stats().deployments[0]).toMatchObject({ inFlight: 0, breaker: "closed" });
  });

  test("retries 5xx with backoff up to maxRetries, then a typed error with the last one as cause", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "status", status: 500 });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { maxRetries: 2 });
    const err = await pool.chat(params()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoolRetriesExhaustedError);
    expect((err as Error).cause).toBeInstanceOf(InternalServerError);
    expect(mock.stats("d1").requests).toBe(3);
    mock.clearFaults("d1");
    await expect(pool.chat(params())).resolves.toMatchObject({ object: "chat.completion" });
  });

  test("a 5xx then success: the retry succeeds within the deadline", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "status", status: 502 }, 1);
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }]);
    await expect(pool.chat(params())).resolves.toMatchObject({ object: "chat.completion" });
    expect(pool.stats().deployments[0]).toMatchObject({ attempts: 2, failed: 1, succeeded: 1 });
  });

  test("the caller's signal aborts a running call; the deadline stops a hung one", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "hang" });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { connectionTimeoutMs: 30_000 });
    const controller = new AbortController();
    const aborted = pool.chat(params(), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 50);
    await expect(aborted).rejects.toThrow("user left");
    const late = await elapsedOf(pool.chat(params(), { timeoutMs: 200 }));
    expect(late.error).toBeInstanceOf(PoolDeadlineExceededError);
    expect(late.ms).toBeLessThan(1000);
    expect(pool.stats().inFlight).toBe(0);
    await expect(pool.chat(params(), { signal: AbortSignal.abort(new Error("already")) })).rejects.toThrow("already");
    await expect(pool.chat(params(), { timeoutMs: -1 })).rejects.toBeInstanceOf(RangeError);
  });

  test("acquire: a lease with the chosen deployment's client, released by await using, release() or on error", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }]);
    {
      await using lease = await pool.acquire({ tokens: estimateChatTokens(params()).total });
      expect(lease).toMatchObject({ deployment: "d1", endpoint: mock.endpoint, released: false });
      expect(pool.stats().inFlight).toBe(1);
      await expect(lease.client.chat.completions.create(params())).resolves.toMatchObject({ object: "chat.completion" });
    }
    expect(pool.stats().inFlight).toBe(0);
    const failing = async (): Promise<void> => {
      await using lease = await pool.acquire();
      expect(pool.stats().inFlight).toBe(1);
      throw new Error(`failed on ${lease.deployment}`);
    };
    await expect(failing()).rejects.toThrow("failed on d1");
    expect(pool.stats().inFlight).toBe(0);
    const lease = await pool.acquire();
    lease.release();
    lease.release();
    expect(lease.released).toBe(true);
    expect(pool.stats()).toMatchObject({ inFlight: 0, available: 50 });
  });

  test("close stops admitting, drains the calls in flight, then rejects new ones", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } }, { latency: { medianMs: 9000, sigma: 0 } });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }]);
    const running = Array.from({ length: 5 }, () => pool.chat(params()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = pool.close();
    expect(pool.close()).toBe(closed);
    await expect(pool.chat(params())).rejects.toBeInstanceOf(PoolClosedError);
    await expect(pool.acquire()).rejects.toBeInstanceOf(PoolClosedError);
    await closed;
    const results = await Promise.allSettled(running);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(pool.stats()).toMatchObject({ closed: true, inFlight: 0 });
  });

  test("close waits for a call that is between retries (it holds no slot while it backs off)", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "status", status: 500 }, 1);
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { retryDelayMs: 300 });
    const call = pool.chat(params());
    await new Promise((resolve) => setTimeout(resolve, 60)); // the first attempt has failed; the call is backing off
    await pool.close({ timeoutMs: 5000 });
    await expect(call).resolves.toMatchObject({ object: "chat.completion" });
    expect(mock.stats("d1").requests).toBe(2);
  });

  test("numbers a timer or a budget cannot hold are rejected, not turned into 1 ms timers or a broken budget", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }]);
    await expect(pool.chat(params(), { timeoutMs: Infinity })).rejects.toThrow(/timeoutMs must be a non-negative number; got Infinity/);
    await expect(pool.chat(params(), { timeoutMs: 30 * 86_400_000 })).rejects.toThrow(/timeoutMs must be at most 2147483647 ms/);
    await expect(pool.chat(params(), { priority: Number.NaN })).rejects.toThrow(/priority must be a finite number; got NaN/);
    await expect(pool.acquire({ tokens: Number.NaN })).rejects.toThrow(/tokens must be a non-negative number; got NaN/);
    await expect(pool.acquire({ tokens: Infinity })).rejects.toThrow(/tokens must be a non-negative number; got Infinity/);
    expect(() => pool.close({ timeoutMs: Infinity })).toThrow(/close timeoutMs must be a non-negative number/);
    expect(pool.stats()).toMatchObject({ inFlight: 0, waiting: 0, closed: false });
    await expect(pool.chat(params())).resolves.toMatchObject({ object: "chat.completion" });
  });

  test("close aborts what is still running after its timeout", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "hang" });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { minConnections: 0, maxConnections: 1, connectionTimeoutMs: 30_000 });
    const outcomes = Promise.allSettled([pool.chat(params()), pool.chat(params())]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.stats()).toMatchObject({ inFlight: 1, waiting: 1 });
    await pool.close({ timeoutMs: 50 });
    for (const outcome of await outcomes) expect(outcome).toMatchObject({ status: "rejected", reason: expect.any(PoolClosedError) });
  });

  test("close does not wait past its timeout for a lease that is never released", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "hang" });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { connectionTimeoutMs: 30_000 });
    const lease = await pool.acquire();
    const request = lease.client.chat.completions.create(params()).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = await elapsedOf(pool.close({ timeoutMs: 50 }));
    expect(closing.ms).toBeLessThan(1000);
    expect(await request).toBeInstanceOf(APIError);
  });

  test("close aborts a held lease's signal after its timeout, so a call made with it stops with PoolClosedError", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "hang" });
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }], { connectionTimeoutMs: 30_000 });
    const lease = await pool.acquire();
    const released = await pool.acquire();
    released.release();
    expect(lease.signal.aborted).toBe(false);
    const request = lease.client.chat.completions.create(params(), { signal: lease.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await pool.close({ timeoutMs: 50 });
    expect(lease.signal.reason).toBeInstanceOf(PoolClosedError);
    expect(released.signal.aborted).toBe(false);
    expect(await request).toBeInstanceOf(Error);
    expect(mock.stats("d1").requests).toBe(1);
  });

  test("a 404 (wrong deployment name) is not retried", async () => {
    const mock = await mockWith({ d1: { tokensPerMinute: 1_000_000 } });
    mock.inject("d1", { kind: "status", status: 404 }, 1);
    const pool = poolFor(mock, [{ deployment: "d1", tokensPerMinute: 1_000_000 }]);
    await expect(pool.chat(params())).rejects.toBeInstanceOf(APIError);
    expect(mock.stats("d1").requests).toBe(1);
  });
});
