import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { CognitiveDeployment } from "@cdktf/provider-azurerm/lib/cognitive-deployment";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { derivedRequestsPerMinute, POOL_DEFAULTS, PoolAuthMode, type PoolDeployment, writePoolEnvironmentPart } from "../src/contract";
import {
  type Duration,
  firstDuplicate,
  formatNumber,
  generateName,
  isoDateProblem,
  NAME_RULES,
  modelLifecycle,
  modelLifecycleError,
  modelLifecycleStatus,
  modelLifecycleWarning,
  nameProblem,
  shortHash,
} from "../src/core";
import { locationProblem, normalizeLocation } from "../src/core/location";
import {
  openAISkuProblem,
  OpenAITpmSku,
  TOKENS_PER_MINUTE_PER_CAPACITY_UNIT,
  tokensPerMinuteProblem,
} from "../src/core/openai";
import { type AgentEnvironment } from "./agent-environment";
import { type Metric } from "./metric";
import { type OpenAIMetricOptions, OpenAIMetrics, type OpenAIRequestsMetricOptions } from "./openai-metrics";
import { contractCall, PoolGrants } from "./pool-injection";
import { shareQuotaWith } from "./quota-sharing";
import { type PoolGrantee } from "./pool-grantee";
import { check, invalid, isKnownNumber } from "./validation";

/** When Azure moves a model deployment to a newer model version (`azurerm_cognitive_deployment` `version_upgrade_option`). */
export enum ModelVersionUpgradeOption {
  /** Upgrade as soon as a newer default version is available. */
  ONCE_NEW_DEFAULT_VERSION_AVAILABLE = "OnceNewDefaultVersionAvailable",
  /** Keep the version until it expires, then upgrade. */
  ONCE_CURRENT_VERSION_EXPIRED = "OnceCurrentVersionExpired",
  /** Never upgrade: the deployment stops working when its version retires. */
  NO_AUTO_UPGRADE = "NoAutoUpgrade",
}

/** One model deployment of an {@link OpenAIPoolConfig}. */
export interface OpenAIModelDeployment {
  /** Deployment name, which callers pass as the model (2-64 letters, digits, '.', '_', '-'); unique per location. */
  readonly name: string;
  /** Model name, e.g. "gpt-4o". */
  readonly model: string;
  /** Model version, e.g. "2026-07-09"; checked against the lifecycle table (see `OpenAIPoolConfigProps.lifecycleAsOf`). */
  readonly modelVersion: string;
  /** Deployment type; a pay-as-you-go SKU, sized in units of 1,000 TPM. @default OpenAITpmSku.GLOBAL_STANDARD */
  readonly sku?: OpenAITpmSku;
  /** Tokens-per-minute quota: a positive multiple of 1,000 (capacity = TPM / 1,000). */
  readonly tokensPerMinute: number;
  /**
   * Requests-per-minute quota the pool plans with. Azure derives it from the capacity; the default is the model's
   * ratio where Microsoft documents one (`MODEL_LIFECYCLE`, e.g. 1 per 1,000 TPM for o3), else the ratio of the
   * classic chat models. @default - the model's documented RPM per 1,000 TPM, else 6 per 1,000 TPM
   */
  readonly requestsPerMinute?: number;
  /** Routing priority in the pool: 0 is tried first, higher numbers only when lower ones have no headroom. @default 0 */
  readonly priority?: number;
  /** Azure region of the deployment; each distinct location gets its own account. @default - the environment's location */
  readonly location?: string;
  /**
   * When Azure moves the deployment to a newer model version. With an auto-upgrade option Azure changes the
   * deployed version itself, so Terraform ignores later differences of the version (`lifecycle.ignore_changes` on
   * `model[0].version`) instead of setting the retired one back; `modelVersion` is then the version of the first
   * deployment only. NO_AUTO_UPGRADE keeps the pin, and the deployment stops working when that version retires.
   * @default ModelVersionUpgradeOption.ONCE_CURRENT_VERSION_EXPIRED (keeps `modelVersion` until it retires, then Azure upgrades it)
   */
  readonly versionUpgradeOption?: ModelVersionUpgradeOption;
}

/** Connection-pool settings written into the pool contract (the spec's `PoolConfig`). */
export interface OpenAIPoolOptions {
  /** Connections each endpoint keeps open when idle. @default 5 (the pool's default) */
  readonly minConnections?: number;
  /** Connections per endpoint, and the most calls in flight. @default 50 (the pool's default) */
  readonly maxConnections?: number;
  /** Time allowed to connect and receive the response headers (whole milliseconds, > 0). @default Duration.seconds(30) (the pool's default) */
  readonly connectionTimeout?: Duration;
  /** Retries after the first attempt. @default 3 (the pool's default) */
  readonly maxRetries?: number;
  /** Base delay of the exponential backoff when the server gives no retry-after. @default Duration.seconds(1) (the pool's default) */
  readonly retryDelay?: Duration;
  /** Callers allowed to wait for a connection before the pool turns calls away. @default 1000 (the pool's default) */
  readonly maxQueue?: number;
}

/** What the load needs from Azure OpenAI at peak. A `CapacityPlan` fits. */
export interface OpenAICapacityRequirement {
  /** Tokens per minute needed at peak. */
  readonly requiredTokensPerMinute: number;
  /** Azure OpenAI calls per minute at peak; compared with the requests-per-minute quota. @default - not checked */
  readonly openAICallsPerMinute?: number;
}

/** The optional props of an {@link OpenAIPoolConfig}: what the platform's `openAI` overrides take too. */
export interface OpenAIPoolConfigOptions {
  /** Connection-pool settings; only those given are written, the pool applies its defaults to the rest. @default - the pool's defaults */
  readonly pool?: OpenAIPoolOptions;
  /** Accept API keys besides Entra ID tokens. @default false */
  readonly localAuthEnabled?: boolean;
  /** Reachable over the public internet (still Entra ID only). @default true */
  readonly publicNetworkAccessEnabled?: boolean;
  /**
   * Account names by location; each is also the account's custom subdomain, so globally unique
   * (2-64 lowercase letters, digits, '-'). @default - generated from the environment's prefix, the location and a hash of the construct path
   */
  readonly accountNames?: { readonly [location: string]: string };
  /** The load to check the deployments against (warnings, not errors). @default - no capacity check */
  readonly capacity?: OpenAICapacityRequirement;
  /**
   * The callers' `max_completion_tokens` (or, for classic models, `max_tokens`) per call. Azure counts each call's
   * prompt plus that maximum against the TPM quota
   * when it admits the call; with `capacity.openAICallsPerMinute` this estimates that load.
   * @default - the load including max_tokens is not estimated
   */
  readonly maxTokensPerCall?: number;
  /** Tags. @default - the environment's tags */
  readonly tags?: { readonly [name: string]: string };
  /**
   * The day (`YYYY-MM-DD`) the model versions are checked for, against the dated lifecycle table (`MODEL_LIFECYCLE`):
   * a version retired or closed to new customers on that day is an error (a first deploy would fail at apply), one
   * within 90 days of either date, or not in the table, a warning. Give the deploy date for a reproducible build.
   * @default - the day of the synth (UTC)
   */
  readonly lifecycleAsOf?: string;
}

/** Props of {@link OpenAIPoolConfig}. */
export interface OpenAIPoolConfigProps extends OpenAIPoolConfigOptions {
  /** The environment: resource group, default location, name prefix and tags. */
  readonly environment: AgentEnvironment;
  /** Model deployments (at least one), possibly in several locations. */
  readonly deployments: readonly OpenAIModelDeployment[];
}

/** Built-in role that lets an identity call Azure OpenAI deployments (data plane, no keys, no management). */
export const OPENAI_USER_ROLE = "Cognitive Services OpenAI User";

/**
 * Azure OpenAI for the runtime pool: one account (kind OpenAI, sku S0, custom subdomain, keys off) per distinct
 * location of the deployments, the model deployments sized in TPM, and `grantTo(app)`, which gives an app's
 * identity the "Cognitive Services OpenAI User" role on every account and injects the pool settings
 * (`readPoolEnvironment()` reads them back). The account of the first deployment's location has the id `Resource`.
 */
export class OpenAIPoolConfig extends Construct {
  /** The account of the first deployment's location (the main resource). */
  readonly resource: CognitiveAccount;
  /** Every account, by normalized location (e.g. "eastus2"). */
  readonly accounts: Readonly<Record<string, CognitiveAccount>>;
  /** The model deployments, in the order given. */
  readonly deployments: readonly CognitiveDeployment[];
  /** The deployments as the pool sees them (endpoints are Terraform references until deployment). */
  readonly poolDeployments: readonly PoolDeployment[];
  /** The pool-contract variables `grantTo` injects into an app. */
  readonly poolEnvironment: Readonly<Record<string, string>>;
  /** Total tokens-per-minute quota of the deployments. */
  readonly totalTokensPerMinute: number;
  /** Total requests-per-minute quota of the deployments. */
  readonly totalRequestsPerMinute: number;

  private readonly grants: PoolGrants<readonly RoleAssignment[]>;
  private readonly environment: AgentEnvironment;

  constructor(scope: Construct, id: string, props: OpenAIPoolConfigProps) {
    super(scope, id);
    this.environment = props.environment;
    const deployments = props.deployments ?? [];
    if (deployments.length === 0) invalid(this, "deployments is empty", "Give at least one model deployment");
    const resolved = deployments.map((deployment, i) => this.resolveDeployment(deployment, i, props.environment.location));
    this.checkLifecycle(resolved, props.lifecycleAsOf ?? new Date().toISOString().slice(0, 10));
    this.checkUniqueNames(resolved);
    const locations = [...new Set(resolved.map((d) => d.location))];
    const accountNames = this.accountNamesByLocation(props.accountNames ?? {}, locations);
    if (props.localAuthEnabled) {
      Annotations.of(this).addWarning("localAuthEnabled is true: the Azure OpenAI accounts accept API keys. grantTo(app) still uses Entra ID; keep keys out of environment variables (use Key Vault references).");
    }

    const accounts: Record<string, CognitiveAccount> = {};
    for (const [i, location] of locations.entries()) {
      accounts[location] = this.createAccount(i === 0 ? "Resource" : `Account-${location}`, location, accountNames.get(location), props);
    }
    this.accounts = accounts;
    this.resource = accounts[locations[0]!]!;

    this.deployments = resolved.map(
      (d) =>
        new CognitiveDeployment(this, `Deployment-${d.location}-${d.name}`, {
          name: d.name,
          cognitiveAccountId: accounts[d.location]!.id,
          model: { format: "OpenAI", name: d.model, version: d.modelVersion },
          sku: { name: d.sku, capacity: d.tokensPerMinute / TOKENS_PER_MINUTE_PER_CAPACITY_UNIT },
          versionUpgradeOption: d.versionUpgradeOption,
          lifecycle: d.versionUpgradeOption === ModelVersionUpgradeOption.NO_AUTO_UPGRADE ? undefined : { ignoreChanges: ["model[0].version"] },
        }),
    );
    this.poolDeployments = resolved.map((d) => ({
      endpoint: accounts[d.location]!.endpoint,
      deployment: d.name,
      tokensPerMinute: d.tokensPerMinute,
      requestsPerMinute: d.requestsPerMinute,
      priority: d.priority,
      region: d.location,
    }));
    this.totalTokensPerMinute = sum(resolved.map((d) => d.tokensPerMinute));
    this.totalRequestsPerMinute = sum(resolved.map((d) => d.requestsPerMinute));

    const pool = props.pool ?? {};
    const key = `${id.replace(/[^A-Za-z0-9]/g, "_")}_${shortHash(this.node.path)}`.toUpperCase();
    this.poolEnvironment = contractCall(this, "pool settings", () =>
      writePoolEnvironmentPart(
        {
          deployments: this.poolDeployments,
          authMode: PoolAuthMode.ENTRA_ID,
          minConnections: pool.minConnections,
          maxConnections: pool.maxConnections,
          connectionTimeoutMs: pool.connectionTimeout?.toMilliseconds(),
          maxRetries: pool.maxRetries,
          retryDelayMs: pool.retryDelay?.toMilliseconds(),
          maxQueue: pool.maxQueue,
        },
        { key },
      ),
    );
    this.grants = new PoolGrants(this, this.poolEnvironment);
    this.checkCapacity(props);
  }

  /**
   * Lets `app` call every deployment with its managed identity: the "Cognitive Services OpenAI User" role on each
   * account for the app's identity (a container app's system-assigned one, a Kubernetes app's user-assigned workload identity), and the pool settings as environment variables (never a key),
   * with `AGENT_POOL_MAX_REPLICAS`: the maxReplicas of every app granted this config, summed at synth (their
   * replicas share the deployments' quotas; each pool starts at that fair share). Calling it again for the same app
   * changes nothing and returns the same role assignments.
   * @returns the app's role assignments, one per account
   */
  grantTo(app: PoolGrantee): readonly RoleAssignment[] {
    const assignments = this.grants.grant(app, (appKey) =>
      Object.entries(this.accounts).map(
        ([location, account]) =>
          new RoleAssignment(this, `OpenAIUser-${location}-${appKey}`, {
            scope: account.id,
            roleDefinitionName: OPENAI_USER_ROLE,
            principalId: app.principalId,
            principalType: "ServicePrincipal",
          }),
      ),
    );
    shareQuotaWith(this, app);
    return assignments;
  }

  /**
   * Calls to the deployments of one account (`AzureOpenAIRequests`, Total), e.g.
   * `openai.metricRequests({ statusCode: "429" }).createAlert(this, "Throttled", { threshold: 50 })`.
   * @param location the account's location. @default - the first deployment's location (`resource`)
   */
  metricRequests(options: OpenAIRequestsMetricOptions = {}, location?: string): Metric {
    return this.metricsOf(location).requests(options);
  }

  /** Prompt tokens processed by one account's deployments (`ProcessedPromptTokens`, Total). */
  metricPromptTokens(options: OpenAIMetricOptions = {}, location?: string): Metric {
    return this.metricsOf(location).promptTokens(options);
  }

  /** Completion tokens generated by one account's deployments, reasoning tokens included (`GeneratedTokens`, Total). */
  metricGeneratedTokens(options: OpenAIMetricOptions = {}, location?: string): Metric {
    return this.metricsOf(location).generatedTokens(options);
  }

  /** Time to the response's first byte of one account's deployments, in milliseconds (`AzureOpenAITimeToResponse`, Average). */
  metricTimeToResponse(options: OpenAIMetricOptions = {}, location?: string): Metric {
    return this.metricsOf(location).timeToResponse(options);
  }

  /** The apps `grantTo` was called for, in the order of the calls: their replicas share the deployments' quotas. */
  get grantedApps(): readonly PoolGrantee[] {
    return this.grants.apps;
  }

  /** Every role assignment `grantTo` created, in the order of the calls. */
  get roleAssignments(): readonly RoleAssignment[] {
    return this.grants.all.flat();
  }

  private metricsOf(location: string | undefined): OpenAIMetrics {
    const key = location === undefined ? undefined : normalizeLocation(location);
    const account = key === undefined ? this.resource : this.accounts[key];
    if (!account) invalid(this, `no Azure OpenAI account in location "${location}"`, `Accounts: ${Object.keys(this.accounts).join(", ")}`);
    return new OpenAIMetrics(account.id, this.environment, `Azure OpenAI account ${account.name} (${this.node.path})`);
  }

  private resolveDeployment(deployment: OpenAIModelDeployment, index: number, defaultLocation: string) {
    const what = `deployments[${index}]${deployment.name ? ` ("${deployment.name}")` : ""}`;
    check(this, nameProblem(deployment.name ?? "", NAME_RULES.openAIDeployment));
    if (!deployment.model) invalid(this, `${what}: model is empty`, 'Name the model, e.g. "gpt-4o"');
    if (!deployment.modelVersion) invalid(this, `${what}: modelVersion is empty`, 'Give the model version, e.g. "2024-08-06"');
    const sku = deployment.sku ?? OpenAITpmSku.GLOBAL_STANDARD;
    check(this, openAISkuProblem(`${what}: sku`, sku));
    for (const field of ["tokensPerMinute", "requestsPerMinute", "priority"] as const) {
      const value = deployment[field];
      if (value !== undefined && !isKnownNumber(value)) {
        invalid(this, `${what}: ${field} is a Terraform token`, "The pool settings written into every granted app carry it, so it must be a plain number at synth time");
      }
    }
    check(this, tokensPerMinuteProblem(`${what}: tokensPerMinute`, deployment.tokensPerMinute));
    const location = deployment.location ?? defaultLocation;
    check(this, locationProblem(`${what}: location`, location));
    const perThousand = modelLifecycle(deployment.model, deployment.modelVersion)?.requestsPerMinutePer1000Tpm ?? POOL_DEFAULTS.requestsPerMinutePer1000Tpm;
    const requestsPerMinute = deployment.requestsPerMinute ?? derivedRequestsPerMinute(deployment.tokensPerMinute, perThousand);
    if (!Number.isSafeInteger(requestsPerMinute) || requestsPerMinute < 1) {
      invalid(this, `${what}: requestsPerMinute must be a positive integer; got ${requestsPerMinute}`);
    }
    const priority = deployment.priority ?? POOL_DEFAULTS.priority;
    if (!Number.isSafeInteger(priority) || priority < 0) {
      invalid(this, `${what}: priority must be a non-negative integer (0 is tried first); got ${priority}`);
    }
    return {
      ...deployment,
      sku,
      location: normalizeLocation(location),
      requestsPerMinute,
      priority,
      versionUpgradeOption: deployment.versionUpgradeOption ?? ModelVersionUpgradeOption.ONCE_CURRENT_VERSION_EXPIRED,
    };
  }

  /** Rejects a version a first deploy cannot create on `asOf`; warns for one that expires soon or is unknown. */
  private checkLifecycle(deployments: readonly { name: string; model: string; modelVersion: string }[], asOf: string): void {
    check(this, isoDateProblem("lifecycleAsOf", asOf));
    for (const deployment of deployments) {
      const status = modelLifecycleStatus(deployment.model, deployment.modelVersion, asOf);
      const what = `deployment "${deployment.name}"`;
      check(this, modelLifecycleError(what, status), "Set modelVersion (and model) to a deployable version; lifecycleAsOf sets the day checked");
      const warning = modelLifecycleWarning(what, status);
      if (warning !== undefined) Annotations.of(this).addWarning(warning);
    }
  }

  /** Deployment names are unique per account, and each location has one account. */
  private checkUniqueNames(deployments: readonly { name: string; location: string }[]): void {
    const keys = deployments.map(({ name, location }) => `${location}/${name}`);
    const twice = firstDuplicate(keys);
    if (twice === undefined) return;
    const { name, location } = deployments[keys.indexOf(twice)]!;
    invalid(this, `deployment name "${name}" is used twice in location ${location}`, "Deployment names must be unique per account (location)");
  }

  /** The given account names by normalized location, checked. */
  private accountNamesByLocation(names: Readonly<Record<string, string>>, locations: readonly string[]): Map<string, string> {
    const byLocation = new Map<string, string>();
    for (const [given, name] of Object.entries(names)) {
      const location = normalizeLocation(given);
      if (!locations.includes(location)) {
        invalid(this, `accountNames has a name for location "${given}", where no deployment is`, `Locations of the deployments: ${locations.join(", ")}`);
      }
      if (byLocation.has(location)) invalid(this, `accountNames names location ${location} twice`, "Give each location one name");
      check(this, nameProblem(name, NAME_RULES.openAIAccount));
      if ([...byLocation.values()].includes(name)) invalid(this, `accountNames gives "${name}" to two locations`, "Each account needs its own (globally unique) name");
      byLocation.set(location, name);
    }
    return byLocation;
  }

  private createAccount(constructId: string, location: string, givenName: string | undefined, props: OpenAIPoolConfigProps): CognitiveAccount {
    const name =
      givenName ??
      generateName({ parts: [props.environment.namePrefix, "oai", location], uniqueFrom: `${this.node.path}/${location}`, rule: NAME_RULES.openAIAccount });
    return new CognitiveAccount(this, constructId, {
      name,
      customSubdomainName: name,
      kind: "OpenAI",
      skuName: "S0",
      location,
      resourceGroupName: props.environment.resourceGroupName,
      localAuthEnabled: props.localAuthEnabled ?? false,
      publicNetworkAccessEnabled: props.publicNetworkAccessEnabled ?? true,
      tags: props.tags ?? props.environment.tags,
    });
  }

  private checkCapacity(props: OpenAIPoolConfigProps): void {
    const { capacity, maxTokensPerCall } = props;
    if (maxTokensPerCall !== undefined) {
      if (!Number.isSafeInteger(maxTokensPerCall) || maxTokensPerCall < 1) invalid(this, `maxTokensPerCall must be a positive integer; got ${maxTokensPerCall}`);
      if (capacity?.openAICallsPerMinute === undefined) {
        invalid(this, "maxTokensPerCall needs capacity.openAICallsPerMinute to estimate the load", "Give capacity (e.g. a CapacityPlan) with openAICallsPerMinute, or remove maxTokensPerCall");
      }
    }
    if (capacity === undefined) return;
    const { requiredTokensPerMinute: required, openAICallsPerMinute: calls } = capacity;
    if (!Number.isFinite(required) || required < 0) invalid(this, `capacity.requiredTokensPerMinute must be a non-negative number; got ${required}`);
    if (calls !== undefined && (!Number.isFinite(calls) || calls < 0)) invalid(this, `capacity.openAICallsPerMinute must be a non-negative number; got ${calls}`);

    const total = this.totalTokensPerMinute;
    const warn = (message: string) => Annotations.of(this).addWarning(message);
    if (total < required) {
      warn(`the deployments provide ${formatNumber(total)} TPM in total, below the ${formatNumber(required)} TPM the load needs at peak: add deployments or raise tokensPerMinute`);
    }
    if (calls !== undefined && maxTokensPerCall !== undefined) {
      const load = required + calls * maxTokensPerCall;
      if (load > total) {
        warn(
          `the estimated token load including max_tokens is ${formatNumber(load)} TPM (${formatNumber(required)} planned + ${formatNumber(calls)} calls/min x ${formatNumber(maxTokensPerCall)} max_tokens, ` +
            `an upper bound: Azure counts each call's prompt plus its max_tokens), above the ${formatNumber(total)} TPM deployed: lower max_tokens or add capacity`,
        );
      }
    }
    if (calls !== undefined && calls > this.totalRequestsPerMinute) {
      warn(`the load makes ${formatNumber(calls)} calls/min at peak, above the ${formatNumber(this.totalRequestsPerMinute)} requests per minute of the deployments: add capacity`);
    }
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}


