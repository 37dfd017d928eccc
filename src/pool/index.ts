/**
 * Runtime module for agent containers: `import { AzureOpenAIPool } from "cdktf-azure-agent-platform/pool"`.
 * Framework-free: it never loads cdktf, constructs or the azurerm provider, and loads its optional peers (openai,
 * undici, @azure/identity, @azure/cosmos, @opentelemetry/api) only when a feature needs them.
 */
export {
  AzureOpenAIPool,
  type AcquireOptions,
  type ChatOptions,
  type CloseOptions,
  type PoolStats,
} from "./azure-openai-pool";
export type { BreakerState } from "./breaker";
export type { DeploymentStats } from "./deployment";
export * from "./errors";
export { PoolLease } from "./lease";
export { METER_NAME } from "./metrics";
export { DEFAULT_API_VERSION, type PoolOptions } from "./pool-options";
export { CHARS_PER_TOKEN, DEFAULT_MAX_TOKENS, estimateChatTokens, type ChatTokenEstimate } from "./token-estimate";
export { COGNITIVE_SERVICES_SCOPE } from "./transport";
export * from "./cosmos-client";
export { POOL_DEFAULTS, PoolEnvironmentError } from "../contract";
export { PoolAuthMode, type PoolCosmosSettings, type PoolDeployment, type PoolEnvironmentPart, type PoolSettings } from "../contract";
