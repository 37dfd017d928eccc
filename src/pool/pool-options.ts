import type { TokenCredential } from "@azure/identity";
import type { Meter } from "@opentelemetry/api";
import { deploymentKey, derivedRequestsPerMinute, isAllowedEndpoint, POOL_DEFAULTS, PoolAuthMode, type PoolDeployment, type PoolSettings } from "../contract";
import type { BreakerOptions } from "./breaker";
import type { BudgetSharing } from "./budget";
import type { DeploymentTarget } from "./deployment";
import { DEFAULT_MAX_TOKENS } from "./token-estimate";
import type { PoolAuth } from "./transport";

/** Azure OpenAI data-plane API version used when a deployment names none (the latest GA version). */
export const DEFAULT_API_VERSION = "2024-10-21";

/** Runtime options of {@link AzureOpenAIPool} that are not part of the settings contract. */
export interface PoolOptions {
  /**
   * Entra ID credential for keyless authentication (ignored with an API key).
   * @default - a `DefaultAzureCredential` from `@azure/identity` (managed identity in Container Apps)
   */
  readonly credential?: TokenCredential;
  /** Deadline of a call that gives no `timeoutMs`, in ms. @default 60000 */
  readonly defaultTimeoutMs?: number;
  /** Failures in a row (5xx, resets, timeouts) that open a deployment's circuit. @default 5 */
  readonly breakerFailureThreshold?: number;
  /** How long an open circuit stays open before it lets one probe call through, in ms. @default 10000 */
  readonly breakerOpenMs?: number;
  /** Cap of the exponential backoff between retries, in ms. @default 30000 */
  readonly maxBackoffMs?: number;
  /** Completion tokens assumed for a request that sets neither `max_completion_tokens` nor `max_tokens`. @default 4096 */
  readonly defaultMaxTokens?: number;
  /**
   * Length of the quota's "minute" in ms: the TPM/RPM budgets and their 1 s and 10 s windows scale with it. Only a
   * test or benchmark against a time-compressed mock changes it. @default 60000
   */
  readonly quotaMinuteMs?: number;
  /**
   * Whether replicas share the deployments' quotas: each pool starts at 1/maxReplicas of every deployment's TPM and
   * RPM and adapts its share from the service's remaining-quota headers and 429s (see `QuotaShare` in docs/pool.md).
   * `false`: the pool believes it owns every deployment's whole quota (one process per deployment).
   * @default true
   */
  readonly shareQuota?: boolean;
  /**
   * Floor of each attempt's time limit, in ms. An attempt still unanswered after its limit is abandoned as hung (the
   * breaker counts it) and retried, on another deployment if one is ready. The limit: once the deployment has 20
   * answers, 1.5x its recent 99.5th-percentile latency, shortened so that a retry that slow still fits before the
   * call's deadline but never below that percentile; this floor at least; the call's deadline at most. Raise it
   * for agents whose calls vary widely in length (long generations among short ones).
   * @default 5000
   */
  readonly attemptTimeoutFloorMs?: number;
  /**
   * OpenTelemetry meter for the pool's metrics.
   * @default - the global meter provider's `cdktf-azure-agent-platform/pool` when `@opentelemetry/api` is installed, else no metrics
   */
  readonly meter?: Meter;
}

/** Settings and options resolved: defaults filled in, values checked. */
export interface PoolConfig {
  readonly deployments: readonly DeploymentTarget[];
  readonly auth: PoolAuth;
  readonly minConnections: number;
  readonly maxConnections: number;
  readonly maxQueue: number;
  readonly connectionTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  readonly defaultTimeoutMs: number;
  readonly breaker: BreakerOptions;
  readonly maxBackoffMs: number;
  readonly defaultMaxTokens: number;
  readonly quotaMinuteMs: number;
  readonly sharing: BudgetSharing;
  readonly attemptTimeoutFloorMs: number;
  readonly meter?: Meter;
}

/**
 * Checks the settings and options and fills in the defaults ({@link POOL_DEFAULTS} for the contract's settings).
 * @throws RangeError naming the setting, the bad value and what is allowed
 */
export function resolvePoolConfig(settings: PoolSettings, options: PoolOptions = {}): PoolConfig {
  if (!Array.isArray(settings.deployments) || settings.deployments.length === 0) {
    throw new RangeError("AzureOpenAIPool: settings.deployments must hold at least one Azure OpenAI deployment");
  }
  const quotaMinuteMs = positive("options.quotaMinuteMs", options.quotaMinuteMs ?? 60_000);
  const deployments = settings.deployments.map((d, i) => resolveDeployment(d, i, quotaMinuteMs));
  const seen = new Set<string>();
  for (const d of deployments) {
    const key = deploymentKey(d);
    if (seen.has(key)) throw new RangeError(`AzureOpenAIPool: deployment ${d.deployment} of ${d.endpoint} is listed twice`);
    seen.add(key);
  }
  const minConnections = integer("settings.minConnections", settings.minConnections ?? POOL_DEFAULTS.minConnections, 0);
  const maxConnections = integer("settings.maxConnections", settings.maxConnections ?? POOL_DEFAULTS.maxConnections, 1);
  if (minConnections > maxConnections) {
    throw new RangeError(`AzureOpenAIPool: settings.minConnections (${minConnections}) must not exceed settings.maxConnections (${maxConnections})`);
  }
  return {
    deployments,
    auth: resolveAuth(settings, options),
    minConnections,
    maxConnections,
    maxQueue: integer("settings.maxQueue", settings.maxQueue ?? POOL_DEFAULTS.maxQueue, 0),
    connectionTimeoutMs: positive("settings.connectionTimeoutMs", settings.connectionTimeoutMs ?? POOL_DEFAULTS.connectionTimeoutMs),
    maxRetries: integer("settings.maxRetries", settings.maxRetries ?? POOL_DEFAULTS.maxRetries, 0),
    retryDelayMs: nonNegative("settings.retryDelayMs", settings.retryDelayMs ?? POOL_DEFAULTS.retryDelayMs),
    defaultTimeoutMs: positive("options.defaultTimeoutMs", options.defaultTimeoutMs ?? 60_000),
    breaker: {
      failureThreshold: integer("options.breakerFailureThreshold", options.breakerFailureThreshold ?? 5, 1),
      openMs: positive("options.breakerOpenMs", options.breakerOpenMs ?? 10_000),
    },
    maxBackoffMs: positive("options.maxBackoffMs", options.maxBackoffMs ?? 30_000),
    defaultMaxTokens: integer("options.defaultMaxTokens", options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS, 1),
    quotaMinuteMs,
    sharing: { maxReplicas: integer("settings.maxReplicas", settings.maxReplicas ?? 1, 1), adaptive: options.shareQuota ?? true },
    attemptTimeoutFloorMs: timerMs("options.attemptTimeoutFloorMs", options.attemptTimeoutFloorMs ?? 5000),
    ...(options.meter !== undefined ? { meter: options.meter } : {}),
  };
}

function resolveDeployment(d: PoolDeployment, i: number, minuteMs: number): DeploymentTarget {
  const at = `settings.deployments[${i}]`;
  if (typeof d.endpoint !== "string" || !isAllowedEndpoint(d.endpoint)) {
    throw new RangeError(`AzureOpenAIPool: ${at}.endpoint must be an https URL, e.g. "https://my-account.openai.azure.com/"; got ${JSON.stringify(d.endpoint)}`);
  }
  if (typeof d.deployment !== "string" || d.deployment.trim() === "") {
    throw new RangeError(`AzureOpenAIPool: ${at}.deployment must be a deployment name; got ${JSON.stringify(d.deployment)}`);
  }
  const tokensPerMinute = positive(`${at}.tokensPerMinute`, d.tokensPerMinute);
  return {
    endpoint: d.endpoint.replace(/\/+$/, ""),
    deployment: d.deployment,
    tokensPerMinute,
    requestsPerMinute: positive(`${at}.requestsPerMinute`, d.requestsPerMinute ?? derivedRequestsPerMinute(tokensPerMinute, POOL_DEFAULTS.requestsPerMinutePer1000Tpm)),
    priority: integer(`${at}.priority`, d.priority ?? POOL_DEFAULTS.priority, 0),
    apiVersion: d.apiVersion ?? DEFAULT_API_VERSION,
    ...(d.region !== undefined ? { region: d.region } : {}),
    minuteMs,
  };
}

function resolveAuth(settings: PoolSettings, options: PoolOptions): PoolAuth {
  const mode = settings.authMode ?? (settings.apiKey !== undefined ? PoolAuthMode.API_KEY : PoolAuthMode.ENTRA_ID);
  if (mode === PoolAuthMode.API_KEY) {
    if (settings.apiKey === undefined || settings.apiKey === "") {
      throw new RangeError('AzureOpenAIPool: authMode "api-key" needs settings.apiKey (fromEnvironment() reads it from AZURE_OPENAI_API_KEY)');
    }
    return { apiKey: settings.apiKey };
  }
  if (settings.apiKey !== undefined) {
    throw new RangeError('AzureOpenAIPool: settings.apiKey is given but authMode is "entra-id": remove the key, or set authMode "api-key"');
  }
  return { credential: options.credential };
}

function integer(name: string, value: number, min: number): number {
  if (Number.isSafeInteger(value) && value >= min) return value;
  throw new RangeError(`AzureOpenAIPool: ${name} must be an integer >= ${min}; got ${String(value)}`);
}

function positive(name: string, value: number): number {
  if (Number.isFinite(value) && value > 0) return value;
  throw new RangeError(`AzureOpenAIPool: ${name} must be a positive number; got ${String(value)}`);
}

/** The longest delay Node's timers honour (2^31 - 1 ms, about 24.8 days); longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** `value` when it is a finite number >= 0, else a RangeError naming `name`. */
export function nonNegative(name: string, value: number): number {
  if (Number.isFinite(value) && value >= 0) return value;
  throw new RangeError(`AzureOpenAIPool: ${name} must be a non-negative number; got ${String(value)}`);
}

/** `value` when it is a usable timer duration (0..MAX_TIMER_MS ms), else a RangeError naming `name`. */
export function timerMs(name: string, value: number): number {
  if (nonNegative(name, value) <= MAX_TIMER_MS) return value;
  throw new RangeError(`AzureOpenAIPool: ${name} must be at most ${MAX_TIMER_MS} ms (about 24.8 days); got ${value}`);
}
