import { startOpenAIMock, type MockDeploymentStats, type MockRandomFaults, type OpenAIMock } from "./openai-mock";

/**
 * The mock's random faults (`faults` of a deployment): a seeded share of requests answered a status at once, and a
 * share that hang until the mock closes; neither counts against the quota.
 */

const REQUESTS = 400;
const FAULTS: MockRandomFaults = { statusRate: 0.25, status: 503, hangRate: 0.05 };
/** Tokens the mock charges for {@link BODY}: 1 word (1.3, rounded up: 2) + 3 for the message + 3 for the reply + max_tokens 10. */
const TOKENS_PER_REQUEST = 18;
const BODY = JSON.stringify({ messages: [{ role: "user", content: "hi" }], max_tokens: 10 });

interface FaultRun {
  /** Requests answered, by status. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Requests still unanswered once every other one was. */
  readonly hung: number;
  /** Requests that failed (their connection dropped) once the mock closed, and requests that had an answer. */
  readonly dropped: number;
  readonly answered: number;
  /** The mock's counters before it closed. */
  readonly stats: Readonly<MockDeploymentStats>;
}

/**
 * Sends REQUESTS requests at once to a fresh mock with the random faults, waits until every one that will be answered
 * is (the others hang), then closes the mock and waits for the hung ones to end.
 * @param tokensPerMinute the deployment's quota
 */
async function run(seed: number, tokensPerMinute: number): Promise<FaultRun> {
  const mock: OpenAIMock = await startOpenAIMock({
    deployments: { d1: { tokensPerMinute, requestsPerMinute: 1_000_000, faults: FAULTS } },
    latency: { medianMs: 1, sigma: 0 },
    seed,
  });
  const statuses: Record<number, number> = {};
  let answered = 0;
  const requests = Array.from({ length: REQUESTS }, () =>
    fetch(`${mock.endpoint}/openai/deployments/d1/chat/completions?api-version=2024-10-21`, {
      method: "POST",
      headers: { "api-key": "test-key", "content-type": "application/json" },
      body: BODY,
    }).then(async (res) => {
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      answered++;
      return "answered";
    }),
  );
  try {
    // Every request has reached the mock, and all but the hung ones (faulted, not answered 503) have their answer.
    const settled = (): boolean => {
      const s = mock.stats("d1");
      return s.requests === REQUESTS && answered === REQUESTS - (s.faulted - (statuses[503] ?? 0));
    };
    const end = performance.now() + 10_000;
    while (!settled()) {
      if (performance.now() > end) throw new Error(`the mock did not answer: ${JSON.stringify({ stats: mock.stats("d1"), answered })}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // A moment more: nothing else arrives.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stats = mock.stats("d1");
    const hung = REQUESTS - answered;
    await mock.close();
    let timer: NodeJS.Timeout | undefined;
    const endings = await Promise.race([
      Promise.allSettled(requests),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("hung requests still open 5 s after close()")), 5000))),
    ]).finally(() => clearTimeout(timer));
    const dropped = endings.filter((e) => e.status === "rejected").length;
    return { statuses: { ...statuses }, hung, dropped, answered: endings.length - dropped, stats };
  } catch (error) {
    await mock.close();
    throw error;
  }
}

describe("openai-mock random faults", () => {
  test("a seeded share of 503s and of hangs, the same for the same seed (another for another); faulted requests do not count against the quota; close() ends the hung ones", async () => {
    // A quota for 300 requests: enough for those that are not faulted (~70%), not for all 400 of them.
    const tpm = 300 * TOKENS_PER_REQUEST;
    const first = await run(7, tpm);
    const second = await run(7, tpm);
    const other = await run(8, tpm);

    const failures = first.statuses[503] ?? 0;
    const successes = first.statuses[200] ?? 0;
    // About 25% answered 503 and about 5% hung, within 5 percentage points; the rest answered 200; nothing else.
    expect(Math.abs(failures / REQUESTS - 0.25)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(first.hung / REQUESTS - 0.05)).toBeLessThanOrEqual(0.05);
    expect(first.hung).toBeGreaterThan(0);
    expect(successes + failures + first.hung).toBe(REQUESTS);
    expect(Object.keys(first.statuses).sort()).toEqual(["200", "503"]);

    // Deterministic for a seed: the same counts, run after run.
    expect(second.statuses).toEqual(first.statuses);
    expect(second.hung).toBe(first.hung);
    // Another seed draws other faults, at the same rates.
    expect(Math.abs((other.statuses[503] ?? 0) / REQUESTS - 0.25)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(other.hung / REQUESTS - 0.05)).toBeLessThanOrEqual(0.05);
    expect([other.statuses[503], other.hung]).not.toEqual([first.statuses[503], first.hung]);

    // Faulted requests do not count against the quota: no 429 although 400 requests would overrun it, and the tokens
    // counted are those of the successful requests alone.
    expect(first.stats).toMatchObject({ requests: REQUESTS, succeeded: successes, throttled: 0, faulted: failures + first.hung });
    expect(first.stats.tokens).toBe(successes * TOKENS_PER_REQUEST);
    expect(successes * TOKENS_PER_REQUEST).toBeLessThanOrEqual(tpm);
    expect(REQUESTS * TOKENS_PER_REQUEST).toBeGreaterThan(tpm);

    // close() ended every hung request (its connection dropped), and only those: the others had their answer.
    expect(first.dropped).toBe(first.hung);
    expect(first.answered).toBe(REQUESTS - first.hung);
  });
});
