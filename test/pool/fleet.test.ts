import { PoolOverloadedError, type AzureOpenAIPool } from "../../src/pool";
import type { MockDeploymentStats } from "../support/openai-mock";
import { chatParams, settle, sleep, usePoolFixtures, type Settled } from "../support/pool-fixtures";

/**
 * Several replicas' pools in ONE process sharing ONE mocked deployment, as the replicas of an app share its Azure
 * OpenAI deployment: each pool is told the deployment's whole TPM (and the RPM derived from it, 6 per 1,000 TPM, on
 * both sides) and `maxReplicas`, as `grantTo` writes them, and nothing coordinates the pools but what the service
 * answers. The default (`shareQuota`) against the naive pool (`shareQuota: false`), offered 150% of the quota.
 */

/** A quota minute of 2 s: the mock runs 30x faster than real time, and each pool is told so (quotaMinuteMs). */
const SCALE = 30;
const REPLICAS = 4;
const TPM = 30_000;
/** Requests of MAX_TOKENS + 19 = 519 tokens as the mock counts them: ~58 per quota minute fill the quota. */
const MAX_TOKENS = 500;
const TOKENS_PER_CALL = MAX_TOKENS + 19;
/** Demand over the quota, spread evenly over the replicas. */
const LOAD = 1.5;
/** How long calls keep arriving, in quota minutes. */
const MINUTES = 2;

const fixtures = usePoolFixtures({ timeScale: SCALE, latency: { medianMs: 600, sigma: 0.3 }, seed: 3 });

interface FleetRun {
  /** Every call of every pool. */
  readonly results: readonly Settled<unknown>[];
  /** The mock's counters when arrivals stopped, and once every call had settled. */
  readonly atWindowEnd: Readonly<MockDeploymentStats>;
  readonly atEnd: Readonly<MockDeploymentStats>;
  /** How long arrivals lasted, in quota minutes. */
  readonly windowMinutes: number;
  /** Each pool's quota share before its first call. */
  readonly initialShares: readonly number[];
  /** Calls the pools counted as turned away. */
  readonly shed: number;
}

/**
 * REPLICAS pools against a fresh mock deployment, each given calls at LOAD / REPLICAS of the quota (an open loop of
 * evenly spaced identical calls, each with a deadline of one quota minute) for MINUTES quota minutes; every call is
 * awaited. The pools' other durations are the spec's, scaled as the benchmark scales them (bench/pool/designs.ts),
 * except the hang floor: 250 ms real rather than 5 s / SCALE (167 ms), so that an event loop descheduled on a loaded
 * machine does not make a healthy attempt look hung.
 */
async function runFleet(shareQuota: boolean | undefined): Promise<FleetRun> {
  const mock = await fixtures.mock({ d1: { tokensPerMinute: TPM } });
  const pools: AzureOpenAIPool[] = Array.from({ length: REPLICAS }, () =>
    fixtures.pool(
      mock,
      [{ deployment: "d1", tokensPerMinute: TPM }],
      { maxReplicas: REPLICAS, retryDelayMs: 1000 / SCALE, connectionTimeoutMs: 30_000 / SCALE },
      {
        breakerOpenMs: 10_000 / SCALE,
        maxBackoffMs: 30_000 / SCALE,
        attemptTimeoutFloorMs: 250,
        ...(shareQuota === undefined ? {} : { shareQuota }),
      },
    ),
  );
  const initialShares = pools.map((p) => p.stats().deployments[0]?.quotaShare ?? Number.NaN);
  const params = chatParams(MAX_TOKENS);
  const intervalMs = (REPLICAS * TOKENS_PER_CALL * mock.minuteMs) / (LOAD * TPM);
  const windowMs = MINUTES * mock.minuteMs;
  const started = performance.now();
  const calls: Promise<Settled<unknown>>[] = [];
  // Open loop: pool i's n-th call is due at (n + i / REPLICAS) intervals, whatever became of the earlier ones.
  const arrivals = pools.map(async (pool, i) => {
    for (let n = 0; ; n++) {
      const due = started + (n + i / REPLICAS) * intervalMs;
      if (due >= started + windowMs) return;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      calls.push(settle(pool.chat(params, { timeoutMs: mock.minuteMs })));
    }
  });
  await Promise.all(arrivals);
  const windowMinutes = (performance.now() - started) / mock.minuteMs;
  const atWindowEnd = mock.stats("d1");
  const results = await Promise.all(calls);
  const shed = pools.reduce((sum, p) => sum + p.stats().shed, 0);
  return { results, atWindowEnd, atEnd: mock.stats("d1"), windowMinutes, initialShares, shed };
}

/** 429s over the HTTP calls the mock received. */
const throttledShare = (s: Readonly<MockDeploymentStats>): number => s.throttled / s.requests;
/** Tokens of the calls the mock answered 200 while arrivals lasted, over the quota for that time. */
const goodput = (run: FleetRun): number => (run.atWindowEnd.succeeded * TOKENS_PER_CALL) / (TPM * run.windowMinutes);

describe("a fleet of pools sharing one deployment (one process, one mock)", () => {
  test("shared quota (default): few 429s, high goodput, no admitted call fails; naive pools (shareQuota: false) draw far more 429s", async () => {
    // Side by side, each fleet on its own mock: the same load, the same time.
    const [shared, naive] = await Promise.all([runFleet(undefined), runFleet(false)]);

    // Each shared pool starts at its fair share of the deployment's quota; a naive pool believes it owns all of it.
    expect(shared.initialShares).toEqual(Array(REPLICAS).fill(1 / REPLICAS));
    expect(naive.initialShares).toEqual(Array(REPLICAS).fill(1));

    // The same offered load: 150% of the quota for 2 quota minutes, ~174 calls per fleet.
    expect(shared.results).toHaveLength(naive.results.length);
    expect(shared.results.length).toBeGreaterThan(150);

    // Admission control turned the excess away up front; every admitted call of the shared fleet succeeded.
    const failed = shared.results.filter((r) => r.error !== undefined && !(r.error instanceof PoolOverloadedError));
    expect(failed.map((r) => String(r.error))).toEqual([]);
    const turnedAway = shared.results.filter((r) => r.error instanceof PoolOverloadedError).length;
    expect(turnedAway).toBeGreaterThan(0);
    expect(shared.shed).toBe(turnedAway);
    const succeeded = shared.results.filter((r) => r.value !== undefined).length;
    expect(succeeded).toBe(shared.results.length - turnedAway);
    // The mock answered each of them; it may have answered a few more: attempts the pool abandoned as hung (a
    // descheduled event loop on a loaded machine stretches an attempt past the hang floor) and retried.
    expect(shared.atEnd.succeeded).toBeGreaterThanOrEqual(succeeded);
    expect(shared.atEnd.succeeded - succeeded).toBeLessThanOrEqual(0.05 * succeeded);

    // 429s: rare for the shared fleet, a large share of the naive fleet's HTTP calls (request windows overrun by
    // pools that each believe they own the deployment's RPM, then retried into the same windows).
    expect(throttledShare(shared.atEnd)).toBeLessThanOrEqual(0.1);
    expect(throttledShare(naive.atEnd)).toBeGreaterThanOrEqual(0.2);
    expect(throttledShare(naive.atEnd)).toBeGreaterThan(3 * throttledShare(shared.atEnd));
    expect(naive.atEnd.requests).toBeGreaterThan(shared.atEnd.requests);

    // Goodput: the shared fleet still uses most of the quota.
    expect(goodput(shared)).toBeGreaterThanOrEqual(0.8);
  });
});
