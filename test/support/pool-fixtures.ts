import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { AzureOpenAIPool, type PoolDeployment, type PoolOptions, type PoolSettings } from "../../src/pool";
import { startOpenAIMock, type OpenAIMock, type OpenAIMockOptions } from "./openai-mock";

/** Mocks and pools started by a test file, closed after each test. */
export interface PoolFixtures {
  /** Starts a mock (closed after the test); `options` go over the file's defaults. */
  mock(deployments: OpenAIMockOptions["deployments"], options?: Partial<OpenAIMockOptions>): Promise<OpenAIMock>;
  /**
   * A pool over `deployments` of `mock` with an API key and its quota minute set to the mock's (closed after the test);
   * `settings` and `options` go over those.
   */
  pool(mock: OpenAIMock, deployments: readonly Omit<PoolDeployment, "endpoint">[], settings?: Partial<PoolSettings>, options?: PoolOptions): AzureOpenAIPool;
  /** Closes `pool`, built by the test itself, after the test; returns it. */
  closeAfter(pool: AzureOpenAIPool): AzureOpenAIPool;
}

/**
 * Registers an `afterEach` that closes the pools (then the mocks) a test started, and returns the functions that start
 * them. Call once at the top of a test file.
 * @param defaults mock options every mock of the file starts with (time scale, latency, seed)
 */
export function usePoolFixtures(defaults: Partial<OpenAIMockOptions> = {}): PoolFixtures {
  const mocks: OpenAIMock[] = [];
  const pools: AzureOpenAIPool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close({ timeoutMs: 100 })));
    await Promise.all(mocks.splice(0).map((m) => m.close()));
  });
  return {
    mock: async (deployments, options = {}) => {
      const mock = await startOpenAIMock({ ...defaults, ...options, deployments });
      mocks.push(mock);
      return mock;
    },
    pool: (mock, deployments, settings = {}, options = {}) => {
      const pool = new AzureOpenAIPool(
        { deployments: deployments.map((d) => ({ endpoint: mock.endpoint, ...d })), apiKey: "test-key", ...settings },
        { quotaMinuteMs: mock.minuteMs, ...options },
      );
      pools.push(pool);
      return pool;
    },
    closeAfter: (pool) => {
      pools.push(pool);
      return pool;
    },
  };
}

/** A chat request with a short prompt and `maxTokens` (the mock charges about maxTokens + 19 tokens for it). */
export function chatParams(maxTokens = 80, text = "Where is my order? It was due yesterday."): ChatCompletionCreateParamsNonStreaming {
  return { model: "gpt-4o-mini", max_tokens: maxTokens, messages: [{ role: "user", content: text }] };
}

/** How a promise settled, and when (monotonic ms from the call). */
export interface Settled<T> {
  readonly value?: T;
  readonly error?: unknown;
  /** Ms from the call until it settled. */
  readonly ms: number;
}

/** Awaits `work` and reports how it settled and how long it took, never rejecting. */
export async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  const started = performance.now();
  try {
    const value = await work;
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every few ms until it holds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 2000, what = "condition"): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(2);
  }
}
