import { PoolError } from "./pool-error";
import { PoolAuthMode, type PoolCosmosSettings, type PoolDeployment, type PoolEnvironmentPart, type PoolSettings } from "./settings";
import { deploymentKey, isAllowedEndpoint } from "./deployment-rules";

/**
 * Defaults the pool applies to every setting the environment leaves out. The contract itself never fills
 * them in (an absent variable reads back as an absent field), so writers and the pool share one table.
 */
export const POOL_DEFAULTS = {
  /** {@link PoolSettings.minConnections} */
  minConnections: 5,
  /** {@link PoolSettings.maxConnections} */
  maxConnections: 50,
  /** {@link PoolSettings.maxQueue} */
  maxQueue: 1000,
  /** {@link PoolSettings.connectionTimeoutMs} */
  connectionTimeoutMs: 30_000,
  /** {@link PoolSettings.maxRetries} */
  maxRetries: 3,
  /** {@link PoolSettings.retryDelayMs} */
  retryDelayMs: 1000,
  /** {@link PoolDeployment.priority} */
  priority: 0,
  /** {@link PoolDeployment.requestsPerMinute} is this many requests per 1,000 tokens-per-minute. */
  requestsPerMinutePer1000Tpm: 6,
} as const;

/**
 * Names of the environment variables of the contract (see docs/pool-environment.md for the formats).
 * Deployment variables are `AGENT_POOL_OPENAI_DEPLOYMENT_<KEY>`, one per deployment.
 */
export const POOL_ENV = {
  /** Prefix of the one-per-deployment variables; the rest of the name is `[A-Za-z0-9_]+`. */
  deploymentPrefix: "AGENT_POOL_OPENAI_DEPLOYMENT_",
  /** `entra-id` or `api-key`. */
  authMode: "AGENT_POOL_OPENAI_AUTH_MODE",
  /** Non-negative integer. */
  minConnections: "AGENT_POOL_MIN_CONNECTIONS",
  /** Positive integer. */
  maxConnections: "AGENT_POOL_MAX_CONNECTIONS",
  /** Non-negative integer. */
  maxQueue: "AGENT_POOL_MAX_QUEUE",
  /** Positive integer, milliseconds. */
  connectionTimeoutMs: "AGENT_POOL_CONNECTION_TIMEOUT_MS",
  /** Non-negative integer. */
  maxRetries: "AGENT_POOL_MAX_RETRIES",
  /** Non-negative integer, milliseconds. */
  retryDelayMs: "AGENT_POOL_RETRY_DELAY_MS",
  /** Positive integer. */
  maxReplicas: "AGENT_POOL_MAX_REPLICAS",
  /** https URL of the Cosmos DB account. */
  cosmosEndpoint: "AGENT_POOL_COSMOS_ENDPOINT",
  /** Cosmos DB database name. */
  cosmosDatabase: "AGENT_POOL_COSMOS_DATABASE",
  /** JSON array of region names. */
  cosmosPreferredRegions: "AGENT_POOL_COSMOS_PREFERRED_REGIONS",
  /**
   * Not part of the contract: the Azure OpenAI key, only for `api-key` auth. Set it from a Container Apps
   * secret (Key Vault reference); the pool reads it, the writers never write it.
   */
  openaiApiKey: "AZURE_OPENAI_API_KEY",
} as const;

/** A setting that is missing or malformed, in the environment (reader) or in the settings (writer). */
export class PoolEnvironmentError extends PoolError {
  /** @inheritdoc */
  readonly code = "POOL_ENVIRONMENT";
  /** The environment variable at fault. */
  readonly variable: string;

  /**
   * @param variable the variable at fault
   * @param message the whole message, which names the variable
   */
  constructor(variable: string, message: string) {
    super(message);
    this.variable = variable;
  }
}

/** Options of {@link writePoolEnvironment} and {@link writePoolEnvironmentPart}. */
export interface PoolEnvironmentOptions {
  /**
   * Makes this writer's deployment variables unique: they are named
   * `AGENT_POOL_OPENAI_DEPLOYMENT_<key>_<index>`. Give each writer that injects into the same app its own key
   * (e.g. the construct's `node.addr`); deployments are read back sorted by variable name, so by key, then index.
   * Letters, digits and `_` only.
   * @default - no key: `AGENT_POOL_OPENAI_DEPLOYMENT_<index>`
   */
  readonly key?: string;
}


/**
 * Writes complete pool settings as environment variables (name to value), for a container app's `env`.
 *
 * Strings may be unresolved Terraform tokens (anything containing `${`, e.g. an account's endpoint at synth
 * time); they are passed through unchanged and checked by {@link readPoolEnvironment} at run time instead.
 * Every other value is checked here with the reader's rules, so nothing the reader would refuse is written.
 * Properties of a deployment object that are not {@link PoolDeployment} fields are left out.
 *
 * @throws PoolEnvironmentError when `settings.apiKey` is set (keys belong in `AZURE_OPENAI_API_KEY`, as a
 *   secret reference), when there is no deployment, or when a value is invalid.
 */
export function writePoolEnvironment(settings: PoolSettings, options: PoolEnvironmentOptions = {}): Record<string, string> {
  if (!Array.isArray(settings.deployments) || settings.deployments.length === 0) {
    throw new PoolEnvironmentError(
      `${POOL_ENV.deploymentPrefix}<KEY>`,
      "writePoolEnvironment: settings.deployments must hold at least one Azure OpenAI deployment",
    );
  }
  const env = writePoolEnvironmentPart(settings, options);
  checkConnectionRange(settings.minConnections, settings.maxConnections, true);
  return env;
}

/**
 * Writes the part of the pool settings that one writer knows, for constructs that inject into the same app
 * independently (several `OpenAIPoolConfig`s, one per account or region, and a `CosmosDatabase`).
 * Give each a distinct {@link PoolEnvironmentOptions.key} and combine the results with
 * {@link mergePoolEnvironments}; {@link readPoolEnvironment} reads the union back. Same rules as
 * {@link writePoolEnvironment}, except that `deployments` may be absent or empty, and that minConnections is
 * compared with maxConnections only when the part holds both (the reader checks the union).
 */
export function writePoolEnvironmentPart(part: PoolEnvironmentPart, options: PoolEnvironmentOptions = {}): Record<string, string> {
  if (part.apiKey !== undefined) {
    throw new PoolEnvironmentError(
      POOL_ENV.openaiApiKey,
      "The pool environment never carries settings.apiKey: remove it, and give the key to the container as a " +
        `secret reference in ${POOL_ENV.openaiApiKey} (with authMode "api-key")`,
    );
  }
  const env: Record<string, string> = {};
  const deployments = deploymentVariables(part.deployments ?? [], options.key).map(([variable, deployment], i) => {
    const known = Object.fromEntries(DEPLOYMENT_FIELDS.map((field) => [field, deployment[field]]).filter(([, value]) => value !== undefined));
    const checked = checkDeployment(variable, known, (field) => ({ variable, label: `deployments[${i}].${field} (${variable})` }), WRITER);
    env[variable] = JSON.stringify(checked);
    return [variable, checked] as const;
  });
  checkUnique(deployments);
  if (part.authMode !== undefined) env[POOL_ENV.authMode] = checkAuthMode(part.authMode);
  for (const { field, min } of SCALARS) {
    const value = part[field];
    const variable = POOL_ENV[field];
    if (value !== undefined) env[variable] = String(checkInteger({ variable, label: `settings.${field} (${variable})` }, value, min));
  }
  checkConnectionRange(part.minConnections, part.maxConnections, false);
  if (part.cosmos !== undefined) Object.assign(env, writeCosmos(part.cosmos));
  return env;
}

/**
 * Combines environments written by several writers into one. A name set by more than one with different
 * values is an error (two writers disagree about a pool-wide setting, or two deployment writers share a key).
 */
export function mergePoolEnvironments(...environments: readonly Record<string, string>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const env of environments) {
    for (const [name, value] of Object.entries(env)) {
      const previous = merged[name];
      if (previous !== undefined && previous !== value) {
        throw new PoolEnvironmentError(
          name,
          `${name} is written twice with different values (${quote(previous)} and ${quote(value)}): give each ` +
            "deployment writer its own key, and pool-wide settings to one writer only (or the same values to all)",
        );
      }
      merged[name] = value;
    }
  }
  return merged;
}

/**
 * Reads the pool settings from environment variables, as {@link writePoolEnvironment} (or several
 * {@link writePoolEnvironmentPart}s) wrote them. Deployments come from every `AGENT_POOL_OPENAI_DEPLOYMENT_<KEY>`
 * variable, sorted by name. Absent variables give absent fields: defaults ({@link POOL_DEFAULTS}) are the
 * pool's business. Never sets `apiKey`. Variables outside the contract are ignored.
 *
 * @throws PoolEnvironmentError naming the variable and what it should hold, when a variable is malformed, when
 *   no deployment is set, when minConnections exceeds maxConnections, or when a value is an unresolved token.
 */
export function readPoolEnvironment(env: { readonly [name: string]: string | undefined } = process.env): PoolSettings {
  const settings: Mutable<PoolSettings> = { deployments: readDeployments(env) };
  const authMode = env[POOL_ENV.authMode];
  if (authMode !== undefined) settings.authMode = checkAuthMode(authMode);
  for (const { field, min } of SCALARS) {
    const variable = POOL_ENV[field];
    const raw = env[variable];
    if (raw !== undefined) settings[field] = checkInteger({ variable, label: variable }, /^[0-9]+$/.test(raw) ? Number(raw) : raw, min);
  }
  checkConnectionRange(settings.minConnections, settings.maxConnections, true);
  const cosmos = readPoolCosmosEnvironment(env);
  if (cosmos !== undefined) settings.cosmos = cosmos;
  return settings;
}

/**
 * Reads only the Cosmos DB part of the pool environment, for apps that use Cosmos DB without Azure OpenAI.
 * @returns the settings, or undefined when none of the `AGENT_POOL_COSMOS_*` variables is set
 * @throws PoolEnvironmentError when some are set but the endpoint or database is missing, or one is malformed
 */
export function readPoolCosmosEnvironment(env: { readonly [name: string]: string | undefined } = process.env): PoolCosmosSettings | undefined {
  const endpoint = env[POOL_ENV.cosmosEndpoint];
  const databaseName = env[POOL_ENV.cosmosDatabase];
  const regions = env[POOL_ENV.cosmosPreferredRegions];
  if (endpoint === undefined && databaseName === undefined && regions === undefined) return undefined;
  if (endpoint === undefined || databaseName === undefined) {
    const missing = endpoint === undefined ? POOL_ENV.cosmosEndpoint : POOL_ENV.cosmosDatabase;
    throw new PoolEnvironmentError(
      missing,
      `${missing} is missing: the AGENT_POOL_COSMOS_* variables go together (the endpoint and the database name are required)`,
    );
  }
  const cosmos: Mutable<PoolCosmosSettings> = {
    endpoint: checkHttpsUrl(plain(POOL_ENV.cosmosEndpoint), endpoint, READER),
    databaseName: checkName(plain(POOL_ENV.cosmosDatabase), databaseName, READER),
  };
  if (regions !== undefined) {
    const at = plain(POOL_ENV.cosmosPreferredRegions);
    cosmos.preferredRegions = checkRegions(at, parseJson(at, regions, REGIONS_SHAPE), READER);
  }
  return cosmos;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Integer settings carried as one variable each, with their lowest allowed value. */
const SCALARS = [
  { field: "minConnections", min: 0 },
  { field: "maxConnections", min: 1 },
  { field: "maxQueue", min: 0 },
  { field: "connectionTimeoutMs", min: 1 },
  { field: "maxRetries", min: 0 },
  { field: "retryDelayMs", min: 0 },
  { field: "maxReplicas", min: 1 },
] as const;

/** Fields of a deployment variable's JSON object, in the order they are written. */
const DEPLOYMENT_FIELDS = ["endpoint", "deployment", "tokensPerMinute", "requestsPerMinute", "priority", "region", "apiVersion"] as const;

const DEPLOYMENT_SHAPE =
  'a JSON object {"endpoint": "https://...", "deployment": "...", "tokensPerMinute": <integer>} with optional ' +
  '"requestsPerMinute", "priority" (integers), "region", "apiVersion" (strings)';
const REGIONS_SHAPE = 'a JSON array of region names, e.g. ["East US 2","West US 3"]';
const KEY_PATTERN = /^[A-Za-z0-9_]+$/;

/** Where a value comes from: the variable at fault, and how a message names the value. */
interface At {
  readonly variable: string;
  readonly label: string;
}

/** Who checks: the writer lets unresolved tokens through (Terraform resolves them), the reader refuses them. */
interface Checker {
  readonly allowTokens: boolean;
}
const WRITER: Checker = { allowTokens: true };
const READER: Checker = { allowTokens: false };

function plain(variable: string): At {
  return { variable, label: variable };
}

function deploymentVariables(deployments: readonly PoolDeployment[], key: string | undefined): [string, PoolDeployment][] {
  if (key !== undefined && !KEY_PATTERN.test(key)) {
    throw new PoolEnvironmentError(
      `${POOL_ENV.deploymentPrefix}<KEY>`,
      `The pool environment key must be letters, digits and "_" only (it becomes part of variable names); got ${quote(key)}`,
    );
  }
  const width = Math.max(3, String(deployments.length - 1).length);
  const prefix = key === undefined ? POOL_ENV.deploymentPrefix : `${POOL_ENV.deploymentPrefix}${key}_`;
  return deployments.map((d, i) => [`${prefix}${String(i).padStart(width, "0")}`, d]);
}

function readDeployments(env: Record<string, string | undefined>): PoolDeployment[] {
  const names = Object.keys(env)
    .filter((name) => name.startsWith(POOL_ENV.deploymentPrefix) && env[name] !== undefined)
    .sort((a, b) => (a < b ? -1 : 1));
  if (names.length === 0) {
    throw new PoolEnvironmentError(
      `${POOL_ENV.deploymentPrefix}<KEY>`,
      `No Azure OpenAI deployment configured: set at least one ${POOL_ENV.deploymentPrefix}<KEY> variable to ${DEPLOYMENT_SHAPE} ` +
        "(OpenAIPoolConfig.grantTo(app) does this)",
    );
  }
  const deployments = names.map((variable) => {
    if (!KEY_PATTERN.test(variable.slice(POOL_ENV.deploymentPrefix.length))) {
      throw new PoolEnvironmentError(
        variable,
        `${variable}: the part of the name after ${POOL_ENV.deploymentPrefix} must be letters, digits and "_" only`,
      );
    }
    const value = parseJson(plain(variable), env[variable] as string, DEPLOYMENT_SHAPE);
    return [variable, checkDeployment(variable, value, (field) => ({ variable, label: `${variable}: "${field}"` }), READER)] as const;
  });
  checkUnique(deployments);
  return deployments.map(([, deployment]) => deployment);
}

function checkDeployment(variable: string, value: unknown, field: (name: string) => At, checker: Checker): PoolDeployment {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PoolEnvironmentError(variable, `${variable} must be ${DEPLOYMENT_SHAPE}; got ${describe(value)}`);
  }
  const input = value as Record<string, unknown>;
  const unknown = Object.keys(input).filter((k) => !(DEPLOYMENT_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new PoolEnvironmentError(
      variable,
      `${variable} has unknown field(s) ${unknown.map(quote).join(", ")}; allowed: ${DEPLOYMENT_FIELDS.join(", ")}`,
    );
  }
  const out: Mutable<PoolDeployment> = {
    endpoint: checkHttpsUrl(field("endpoint"), input.endpoint, checker),
    deployment: checkName(field("deployment"), input.deployment, checker),
    tokensPerMinute: checkInteger(field("tokensPerMinute"), input.tokensPerMinute, 1),
  };
  if (input.requestsPerMinute !== undefined) out.requestsPerMinute = checkInteger(field("requestsPerMinute"), input.requestsPerMinute, 1);
  if (input.priority !== undefined) out.priority = checkInteger(field("priority"), input.priority, 0);
  if (input.region !== undefined) out.region = checkName(field("region"), input.region, checker);
  if (input.apiVersion !== undefined) out.apiVersion = checkName(field("apiVersion"), input.apiVersion, checker);
  return out;
}

function checkUnique(deployments: readonly (readonly [string, PoolDeployment])[]): void {
  const seen = new Map<string, string>();
  for (const [variable, { endpoint, deployment }] of deployments) {
    const key = deploymentKey({ endpoint, deployment });
    const other = seen.get(key);
    if (other !== undefined) {
      throw new PoolEnvironmentError(
        variable,
        `${variable} repeats deployment ${quote(deployment)} of ${quote(endpoint)}, already in ${other}: list each deployment once`,
      );
    }
    seen.set(key, variable);
  }
}

function writeCosmos(cosmos: PoolCosmosSettings): Record<string, string> {
  const at = (field: keyof PoolCosmosSettings, variable: string): At => ({ variable, label: `cosmos.${field} (${variable})` });
  const env: Record<string, string> = {
    [POOL_ENV.cosmosEndpoint]: checkHttpsUrl(at("endpoint", POOL_ENV.cosmosEndpoint), cosmos.endpoint, WRITER),
    [POOL_ENV.cosmosDatabase]: checkName(at("databaseName", POOL_ENV.cosmosDatabase), cosmos.databaseName, WRITER),
  };
  if (cosmos.preferredRegions !== undefined) {
    const regions = checkRegions(at("preferredRegions", POOL_ENV.cosmosPreferredRegions), cosmos.preferredRegions, WRITER);
    env[POOL_ENV.cosmosPreferredRegions] = JSON.stringify(regions);
  }
  return env;
}

function checkRegions(at: At, value: unknown, checker: Checker): string[] {
  if (!Array.isArray(value)) throw new PoolEnvironmentError(at.variable, `${at.label} must be ${REGIONS_SHAPE}; got ${describe(value)}`);
  return value.map((region, i) => checkName({ variable: at.variable, label: `${at.label}[${i}]` }, region, checker));
}

function checkAuthMode(value: string): PoolAuthMode {
  const mode = Object.values(PoolAuthMode).find((candidate) => candidate === value);
  if (mode !== undefined) return mode;
  throw new PoolEnvironmentError(POOL_ENV.authMode, `${POOL_ENV.authMode} must be "entra-id" or "api-key"; got ${describe(value)}`);
}

/**
 * minConnections <= maxConnections. A part may hold one of the two while another part holds the other, so it is
 * checked alone only when it holds both; complete settings (`absentIsDefault`) are checked against the defaults.
 */
function checkConnectionRange(min: number | undefined, max: number | undefined, absentIsDefault: boolean): void {
  if (!absentIsDefault && (min === undefined || max === undefined)) return;
  const lo = min ?? POOL_DEFAULTS.minConnections;
  const hi = max ?? POOL_DEFAULTS.maxConnections;
  if (lo > hi) {
    throw new PoolEnvironmentError(
      POOL_ENV.minConnections,
      `${POOL_ENV.minConnections} (${lo}${min === undefined ? ", the default" : ""}) must not exceed ` +
        `${POOL_ENV.maxConnections} (${hi}${max === undefined ? ", the default" : ""})`,
    );
  }
}

function checkInteger(at: At, value: unknown, min: number): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min) return value;
  const kind = min >= 1 ? "a positive integer" : "a non-negative integer";
  throw new PoolEnvironmentError(at.variable, `${at.label} must be ${kind}; got ${describe(value)}`);
}

function checkName(at: At, value: unknown, checker: Checker): string {
  const text = checkString(at, value, checker);
  if (text.length === 0 || text.trim() !== text) {
    throw new PoolEnvironmentError(at.variable, `${at.label} must be a non-empty name without leading or trailing spaces; got ${quote(text)}`);
  }
  return text;
}

function checkHttpsUrl(at: At, value: unknown, checker: Checker): string {
  const text = checkString(at, value, checker);
  if (isToken(text)) return text;
  if (!isAllowedEndpoint(text)) {
    throw new PoolEnvironmentError(at.variable, `${at.label} must be an https URL, e.g. "https://my-account.openai.azure.com/"; got ${quote(text)}`);
  }
  return text;
}

function checkString(at: At, value: unknown, checker: Checker): string {
  if (typeof value !== "string") throw new PoolEnvironmentError(at.variable, `${at.label} must be a string; got ${describe(value)}`);
  if (!checker.allowTokens && isToken(value)) {
    throw new PoolEnvironmentError(
      at.variable,
      `${at.label} holds an unresolved Terraform token (${quote(value)}): Terraform did not resolve the value at deployment`,
    );
  }
  return value;
}

function parseJson(at: At, raw: string, shape: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new PoolEnvironmentError(at.variable, `${at.label} must be ${shape}; got ${quote(raw)}, which is not valid JSON`);
  }
}

/** True for strings holding a Terraform expression or a CDKTF token, which only Terraform resolves. */
function isToken(value: string): boolean {
  return value.includes("${");
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return quote(value);
  return truncate(typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value)));
}

function quote(text: string): string {
  return JSON.stringify(truncate(text));
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
