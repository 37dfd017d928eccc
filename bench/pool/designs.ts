import { AzureOpenAI } from "openai";
import { AzureOpenAIPool } from "../../src/pool";
import type { MockRandomFaults } from "../../test/support/openai-mock";
import { PooledClient, SPEC_POOL_DEFAULTS, SpecAzureOpenAIPool } from "./spec-pool";
import type { Design } from "./workload";

/** A deployment of a scenario, as the designs see it. */
export interface BenchDeployment {
  readonly name: string;
  readonly tokensPerMinute: number;
  /** Random faults the mock injects on this deployment (scenario H). */
  readonly faults?: MockRandomFaults;
}

/** Settings of the pool design beyond the spec's (scenarios F, H, O). */
export interface PoolDesignExtras {
  /** Replicas that may share the deployments, as the constructs write it into the environment contract. */
  readonly maxReplicas?: number;
  /** false: the naive pool that believes it owns each deployment's whole quota. @default true (the pool's default) */
  readonly shareQuota?: boolean;
}

const API_KEY = "bench-key";
const API_VERSION = "2024-10-21";

/**
 * This package's pool over all of the scenario's deployments, with the spec's settings (durations divided by the
 * time scale). Every call's timeoutMs is the conversation's remaining time. The call that opens a conversation
 * reserves `reserveMs` for each call still to come, so that admission control turns a conversation away at its start
 * rather than midway; follow-up calls are `followUp` at priority 1. The floor of the per-attempt limit (`attemptTimeoutFloorMs`,
 * 5 s by default) is scaled too. `extras` sets maxReplicas and quota sharing (the pool's defaults otherwise).
 */
export function poolDesign(endpoint: string, deployments: readonly BenchDeployment[], scale: number, reserveMs: number, extras: PoolDesignExtras = {}): Design {
  const pool = new AzureOpenAIPool(
    {
      deployments: deployments.map((d) => ({ endpoint, deployment: d.name, tokensPerMinute: d.tokensPerMinute })),
      apiKey: API_KEY,
      connectionTimeoutMs: 30_000 / scale,
      retryDelayMs: 1000 / scale,
      ...(extras.maxReplicas !== undefined ? { maxReplicas: extras.maxReplicas } : {}),
    },
    {
      quotaMinuteMs: 60_000 / scale,
      breakerOpenMs: 10_000 / scale,
      maxBackoffMs: 30_000 / scale,
      attemptTimeoutFloorMs: 5000 / scale,
      ...(extras.shareQuota !== undefined ? { shareQuota: extras.shareQuota } : {}),
    },
  );
  return {
    call: (params, { deadline, index, callsAfter }) =>
      pool.chat(params, {
        timeoutMs: Math.max(0, deadline - performance.now()),
        reserveMs: index === 0 ? callsAfter * reserveMs : 0,
        priority: index > 0 ? 1 : 0,
        followUp: index > 0,
      }),
    close: () => pool.close({ timeoutMs: 1000 }),
  };
}

/**
 * The spec's design: its AzureOpenAIPool ported to TypeScript (a queue of clients, min 5 / max 50, SDK retries 3,
 * timeout = connection_timeout scaled), one endpoint and one deployment. The conversation's deadline aborts calls.
 * Given several deployments (scenario H), the caller sends its calls round-robin over them (the spec's pool picks
 * none: the request's `model` does). `scaleSdkBackoff`: divide the SDK's own retry backoff (0.5 s doubling, up to
 * 8 s, used when the answer has no retry-after) by the time scale too, as every other wait of the run is.
 */
export async function specDesign(endpoint: string, deployment: string | readonly string[], scale: number, scaleSdkBackoff = false): Promise<Design> {
  const pool = new SpecAzureOpenAIPool(
    endpoint,
    API_KEY,
    { ...SPEC_POOL_DEFAULTS, connectionTimeout: SPEC_POOL_DEFAULTS.connectionTimeout / scale },
    scaleSdkBackoff ? scale : 1,
  );
  await pool.initialize();
  const names = typeof deployment === "string" ? [deployment] : deployment;
  let next = 0;
  return {
    call: async (params, { signal }) => {
      const model = names[next++ % names.length] as string;
      const pooled = new PooledClient(pool);
      const client = await pooled.enter();
      try {
        return await client.chat.completions.create({ ...params, model }, { signal });
      } finally {
        await pooled.exit();
      }
    },
    close: () => pool.close(),
  };
}

/** The raw SDK: one AzureOpenAI client with its default retries (2) and timeout, one deployment. The conversation's deadline aborts calls. */
export function rawSdkDesign(endpoint: string, deployment: string): Design {
  const client = new AzureOpenAI({ endpoint, apiKey: API_KEY, apiVersion: API_VERSION, deployment });
  return {
    call: (params, { signal }) => client.chat.completions.create(params, { signal }),
    close: async () => undefined,
  };
}
