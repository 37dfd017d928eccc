/** One Azure OpenAI model deployment the pool may send requests to. */
export interface PoolDeployment {
  /** Account endpoint, e.g. `https://my-account.openai.azure.com/`. */
  readonly endpoint: string;
  /** Deployment name (not the model name). */
  readonly deployment: string;
  /** Tokens-per-minute quota of the deployment (prompt + max_tokens are counted against it). */
  readonly tokensPerMinute: number;
  /** Requests-per-minute quota. @default 6 per 1,000 TPM */
  readonly requestsPerMinute?: number;
  /** Routing priority; 0 is tried first, higher numbers only when lower ones have no headroom. @default 0 */
  readonly priority?: number;
  /** Azure region of the account, for stats and logs. @default - not recorded */
  readonly region?: string;
  /** Azure OpenAI data-plane API version. @default the pool's DEFAULT_API_VERSION */
  readonly apiVersion?: string;
}

/** How the pool authenticates to Azure OpenAI (the value of `AGENT_POOL_OPENAI_AUTH_MODE`). */
export enum PoolAuthMode {
  /** A Microsoft Entra ID token of the app's managed identity (keyless). */
  ENTRA_ID = "entra-id",
  /** The account key, from `AZURE_OPENAI_API_KEY`. */
  API_KEY = "api-key",
}

/** Cosmos DB settings the pool's `createCosmosClient` reads. */
export interface PoolCosmosSettings {
  /** Account endpoint, e.g. `https://my-account.documents.azure.com:443/`. */
  readonly endpoint: string;
  /** Database name. */
  readonly databaseName: string;
  /** Regions to read from, in order (e.g. `["East US 2"]`). @default - the account's write region */
  readonly preferredRegions?: readonly string[];
}

/**
 * A part of the pool settings, as one writer gives it to `writePoolEnvironmentPart`: an `OpenAIPoolConfig` gives its
 * deployments (and perhaps the auth mode and pool limits), a `CosmosDatabase` gives `cosmos`.
 */
export interface PoolEnvironmentPart {
  /** Deployments to route over. @default - none from this writer */
  readonly deployments?: readonly PoolDeployment[];
  /**
   * API key for key authentication. Never carried by the environment contract: `fromEnvironment()`
   * reads it from `AZURE_OPENAI_API_KEY`. @default - Entra ID (managed identity) via @azure/identity
   */
  readonly apiKey?: string;
  /** Authentication mode. @default "entra-id" unless apiKey is given */
  readonly authMode?: PoolAuthMode;
  /** Connections each endpoint's HTTP agent keeps open when idle. @default 5 */
  readonly minConnections?: number;
  /** Connections per endpoint, and the pool's maximum of calls in flight. @default 50 */
  readonly maxConnections?: number;
  /** Time allowed to open a connection and receive the response headers, in ms. @default 30000 */
  readonly connectionTimeoutMs?: number;
  /** Retries after the first attempt (the pool's own; SDK retries are off). @default 3 */
  readonly maxRetries?: number;
  /** Base delay of the exponential backoff when the server gives no retry-after, in ms. @default 1000 */
  readonly retryDelayMs?: number;
  /** Callers allowed to wait for a slot; beyond it a call is rejected at once. @default 1000 */
  readonly maxQueue?: number;
  /**
   * Replicas that may run at once, each with its own pool, all calling the same deployments (of this app and of the
   * others granted them): each pool starts at 1/maxReplicas of every deployment's TPM and RPM (the fair share) and
   * adapts from there. `OpenAIPoolConfig.grantTo(app)` writes the maxReplicas of every app granted the same config,
   * summed. @default 1
   */
  readonly maxReplicas?: number;
  /** Cosmos DB settings. @default - no Cosmos DB */
  readonly cosmos?: PoolCosmosSettings;
}

/**
 * Everything an agent container needs to call Azure OpenAI and Cosmos DB through the pool.
 * `OpenAIPoolConfig` / `CosmosDatabase` write it as environment variables; the pool reads it back.
 */
export interface PoolSettings extends PoolEnvironmentPart {
  /** Deployments to route over (at least one). */
  readonly deployments: readonly PoolDeployment[];
}
