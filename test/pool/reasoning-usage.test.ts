import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { AzureOpenAIPool, estimateChatTokens, type PoolOptions } from "../../src/pool";
import { DeploymentBudget } from "../../src/pool/budget";
import { reportedUsageTokens } from "../../src/pool/token-estimate";
import { startOpenAIMock, type OpenAIMock, type OpenAIMockOptions } from "../support/openai-mock";

/**
 * Reasoning models through the real openai SDK against the mock, in real time (a 60 s quota minute), so that the
 * budget's refill (about 1 token per ms at 60,000 TPM) is small next to the amounts the tests look at.
 *
 * At 60,000 TPM a deployment's token bucket holds 2,000 tokens (1/30 of the TPM); its request windows allow 6 calls a
 * second, so one call leaves 5/6 of the request headroom and `headroom` shows the token share whenever that is lower.
 */
const TPM = 60_000;
const BUCKET = TPM / 30;

const mocks: OpenAIMock[] = [];
const pools: AzureOpenAIPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close({ timeoutMs: 100 })));
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});

async function reasoningDeployment(reasoningTokens: number | undefined): Promise<{ mock: OpenAIMock; pool: (options?: PoolOptions) => AzureOpenAIPool }> {
  const deployment: OpenAIMockOptions["deployments"][string] = reasoningTokens === undefined ? { tokensPerMinute: TPM } : { tokensPerMinute: TPM, reasoningTokens };
  const mock = await startOpenAIMock({ deployments: { reasoner: deployment }, latency: { medianMs: 5, sigma: 0 } });
  mocks.push(mock);
  return {
    mock,
    pool: (options = {}) => {
      const pool = new AzureOpenAIPool({ deployments: [{ endpoint: mock.endpoint, deployment: "reasoner", tokensPerMinute: TPM }], apiKey: "test-key", connectionTimeoutMs: 2000 }, { quotaMinuteMs: mock.minuteMs, ...options });
      pools.push(pool);
      return pool;
    },
  };
}

/** Tokens left in the deployment's bucket, from its headroom (valid while the token share is below the request share). */
const tokensLeft = (pool: AzureOpenAIPool): number => (pool.stats().deployments[0]?.headroom ?? NaN) * BUCKET;

const question = (extra: Partial<ChatCompletionCreateParamsNonStreaming> = {}): ChatCompletionCreateParamsNonStreaming => ({
  model: "reasoner",
  messages: [{ role: "user", content: "Which orders of customer 42 shipped late last month, and why?" }],
  ...extra,
});

describe("reasoning models in the pool (real openai SDK, Azure OpenAI mock)", () => {
  test("the SDK hands back reasoning tokens as part of completion_tokens; the mock keeps them within max_completion_tokens", async () => {
    const { pool } = await reasoningDeployment(1_200);
    const p = pool();
    const bounded = await p.chat(question({ max_completion_tokens: 500 }));
    expect(bounded.usage?.completion_tokens_details?.reasoning_tokens).toBe(500);
    expect(bounded.usage?.completion_tokens).toBe(500);
    const unbounded = await p.chat(question());
    expect(unbounded.usage?.completion_tokens_details?.reasoning_tokens).toBe(1_200);
    expect(unbounded.usage?.completion_tokens).toBe(1_216);
    expect(unbounded.usage?.total_tokens).toBe((unbounded.usage?.prompt_tokens ?? NaN) + 1_216);
  });

  test("the pre-send charge uses max_completion_tokens (over max_tokens), and a smaller reported usage is not given back", async () => {
    const { pool, mock } = await reasoningDeployment(1_200);
    const params = question({ max_completion_tokens: 1_500, max_tokens: 50 });
    const estimate = estimateChatTokens(params);
    expect(estimate.completionTokens).toBe(1_500);
    const p = pool();
    const completion = await p.chat(params);
    const reported = completion.usage?.total_tokens ?? NaN;
    expect(reported).toBeLessThan(estimate.total);
    // The mock, like the service, counted the prompt plus max_completion_tokens.
    expect(mock.stats("reasoner").tokens).toBe((completion.usage?.prompt_tokens ?? NaN) + 1_500);
    // The pool charged its estimate, max_completion_tokens included (not max_tokens' 50), and kept it charged.
    const left = tokensLeft(p);
    expect(left).toBeGreaterThanOrEqual(BUCKET - estimate.total - 1);
    expect(left).toBeLessThan(BUCKET - estimate.total + 300);
  });

  test("a reasoning response reporting more than the estimate (no maximum set) is charged as reported", async () => {
    const { pool } = await reasoningDeployment(1_500);
    // No max_completion_tokens: the pool assumes defaultMaxTokens (200), the model reasons for 1,500 tokens.
    const p = pool({ defaultMaxTokens: 200 });
    const params = question();
    const estimate = estimateChatTokens(params, 200);
    const completion = await p.chat(params);
    const reported = completion.usage?.total_tokens ?? NaN;
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(1_500);
    expect(reported).toBeGreaterThan(estimate.total + 1_000);
    // Charged the reported total (prompt + completion incl. reasoning), not the 200-token estimate. Without the
    // usage charge about BUCKET - estimate.total (over 1,700) would be left.
    const left = tokensLeft(p);
    expect(left).toBeGreaterThanOrEqual(BUCKET - reported - 1);
    expect(left).toBeLessThan(BUCKET - reported + 300);
  });

  test("a classic response within its max_tokens leaves the charge as estimated", async () => {
    const { pool } = await reasoningDeployment(undefined);
    const params = question({ max_tokens: 800 });
    const estimate = estimateChatTokens(params);
    const p = pool();
    const completion = await p.chat(params);
    expect(completion.usage?.completion_tokens_details).toBeUndefined();
    expect(completion.usage?.completion_tokens).toBe(16);
    const left = tokensLeft(p);
    expect(left).toBeGreaterThanOrEqual(BUCKET - estimate.total - 1);
    expect(left).toBeLessThan(BUCKET - estimate.total + 300);
  });
});

describe("reportedUsageTokens and DeploymentBudget.chargeUsage", () => {
  test("total_tokens, else prompt + completion (reasoning tokens are inside completion_tokens, counted once)", () => {
    expect(reportedUsageTokens({ prompt_tokens: 20, completion_tokens: 1_843, total_tokens: 1_863, completion_tokens_details: { reasoning_tokens: 448 } })).toBe(1_863);
    expect(reportedUsageTokens({ prompt_tokens: 20, completion_tokens: 1_843 } as never)).toBe(1_863);
    expect(reportedUsageTokens(undefined)).toBeUndefined();
    expect(reportedUsageTokens(null)).toBeUndefined();
    expect(reportedUsageTokens({ prompt_tokens: 20 } as never)).toBeUndefined();
    expect(reportedUsageTokens({ prompt_tokens: 20, completion_tokens: -1, total_tokens: Number.NaN })).toBeUndefined();
  });

  test("charges only the excess over the reservation, at once, and nothing for a smaller or missing report", () => {
    const budget = new DeploymentBudget({ tokensPerMinute: 60_000, requestsPerMinute: 360, minuteMs: 60_000 }, 0);
    const reservation = budget.reserve(300, 0);
    expect(budget.tokens.available(0)).toBe(1_700);
    expect(budget.chargeUsage(reservation, 250, 0)).toBe(0);
    expect(budget.chargeUsage(reservation, undefined, 0)).toBe(0);
    expect(budget.tokens.available(0)).toBe(1_700);
    expect(budget.chargeUsage(reservation, 1_800, 0)).toBe(1_500);
    expect(budget.tokens.available(0)).toBe(200);
    // Past the bucket: the level goes below zero and later calls wait for it to refill.
    expect(budget.chargeUsage(reservation, 2_800, 0)).toBe(2_500);
    expect(budget.waitFor(100, 0)).toBeGreaterThan(0);
  });
});
