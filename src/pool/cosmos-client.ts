import { createHash } from "node:crypto";
import type { Agent } from "node:https";
import type * as CosmosModule from "@azure/cosmos";
import type { CosmosClient, CosmosClientOptions, Database, RetryOptions } from "@azure/cosmos";
import type * as IdentityModule from "@azure/identity";
import { readPoolCosmosEnvironment } from "../contract/environment";
import type { PoolCosmosSettings } from "../contract/settings";
import { loadOptional } from "../core/optional-peer";

/** An Entra ID credential from `@azure/identity` (any `TokenCredential`). */
export type CosmosTokenCredential = NonNullable<CosmosClientOptions["aadCredentials"]>;

/** How to connect to a Cosmos DB account whose endpoint and regions come from elsewhere (the pool settings). */
export interface CosmosConnectionOptions {
  /**
   * Account key, for key authentication. Prefer Entra ID: `CosmosDatabase` disables local (key) auth by default.
   * @default - Entra ID: `credential`
   */
  readonly key?: string;
  /**
   * Entra ID credential; the identity needs a Cosmos DB data-plane role (`CosmosDatabase.grantTo` assigns it).
   * @default - one `DefaultAzureCredential` from `@azure/identity`, shared by all clients of the process
   */
  readonly credential?: CosmosTokenCredential;
  /**
   * HTTPS agent for the SDK's requests, e.g. one trusting a private CA (tests, proxies).
   * @default - the SDK's own keep-alive agent
   */
  readonly agent?: Agent;
}

/** How {@link createCosmosClient} connects to one Cosmos DB account. */
export interface CosmosClientConfig extends CosmosConnectionOptions {
  /** Account endpoint, an https URL, e.g. `https://my-account.documents.azure.com:443/`. */
  readonly endpoint: string;
  /**
   * Regions to read from, in order; the SDK falls back to the account's other regions when they are unavailable.
   * @default - the account's write region
   */
  readonly preferredRegions?: readonly string[];
}

/**
 * Throttling (429) retry policy given to the SDK, as the spec's Python `connection_retry_policy` meant it:
 * up to 9 retries within 30 s in all.
 *
 * `fixedRetryIntervalInMilliseconds` stays 0 on purpose: any other value makes the JS SDK wait that fixed
 * interval instead of the `x-ms-retry-after-ms` the server sends with each 429, retrying too early (more 429s,
 * wasted RUs) or too late (idle throughput). The spec's `fixed_retry_interval_in_ms: 1000` would do exactly that.
 */
export const COSMOS_RETRY_OPTIONS: Readonly<Required<RetryOptions>> = Object.freeze({
  maxRetryAttemptCount: 9,
  maxWaitTimeInSeconds: 30,
  fixedRetryIntervalInMilliseconds: 0,
});

/**
 * The `CosmosClient` options {@link createCosmosClient} uses: Gateway mode (the JS SDK's only mode), endpoint
 * discovery on (failover to other regions), `preferredRegions` as preferred locations, {@link COSMOS_RETRY_OPTIONS},
 * and the key, or else the credential (default `DefaultAzureCredential`).
 * @throws Error when the endpoint is not an https URL, when both key and credential are given, or when the default
 *   credential is needed and `@azure/identity` is not installed
 */
export function cosmosClientOptions(config: CosmosClientConfig): CosmosClientOptions {
  checkConfig(config);
  return {
    endpoint: config.endpoint,
    ...(config.key !== undefined ? { key: config.key } : { aadCredentials: config.credential ?? defaultCredential() }),
    connectionPolicy: {
      enableEndpointDiscovery: true,
      preferredLocations: [...(config.preferredRegions ?? [])],
      retryOptions: { ...COSMOS_RETRY_OPTIONS },
    },
    ...(config.agent !== undefined ? { agent: config.agent } : {}),
  };
}

/**
 * A `CosmosClient` for one account, created once and shared: the SDK's guidance is one client per account for
 * the life of the process (it holds the connection pool, the region map and the session tokens). Calls with the
 * same endpoint, the same key or credential object, the same preferred regions and the same agent return the same
 * instance; {@link closeCosmosClients} disposes of them.
 *
 * Needs the optional peer dependency `@azure/cosmos` (and `@azure/identity` for the default credential); both
 * are loaded on first use, so importing the pool works without them.
 */
export function createCosmosClient(config: CosmosClientConfig): CosmosClient {
  checkConfig(config);
  const cacheKey = clientCacheKey(config);
  let client = clients.get(cacheKey);
  if (client === undefined) {
    const { CosmosClient: Client } = loadOptional<typeof CosmosModule>("@azure/cosmos", "createCosmosClient");
    client = new Client(cosmosClientOptions(config));
    clients.set(cacheKey, client);
  }
  return client;
}

/**
 * Disposes of every client {@link createCosmosClient} created (stopping their background endpoint refresh) and
 * forgets them and the default credential; later calls create new ones. Call it when the process shuts down.
 */
export function closeCosmosClients(): void {
  for (const client of clients.values()) client.dispose();
  clients.clear();
  sharedCredential = undefined;
}

/** The database the pool settings name, through the shared client for their account ({@link createCosmosClient}). */
export function cosmosDatabaseFromSettings(settings: PoolCosmosSettings, options: CosmosConnectionOptions = {}): Database {
  const client = createCosmosClient({ ...options, endpoint: settings.endpoint, preferredRegions: settings.preferredRegions });
  return client.database(settings.databaseName);
}

/**
 * The database that `CosmosDatabase.grantTo(app)` configured in the environment (`AGENT_POOL_COSMOS_*`), through
 * the shared client for its account. `database.client` is the client.
 * @throws PoolEnvironmentError when the variables are malformed; Error when they are absent
 */
export function cosmosDatabaseFromEnvironment(
  env: { readonly [name: string]: string | undefined } = process.env,
  options: CosmosConnectionOptions = {},
): Database {
  const settings = readPoolCosmosEnvironment(env);
  if (settings === undefined) {
    throw new Error(
      "No Cosmos DB configured: AGENT_POOL_COSMOS_ENDPOINT and AGENT_POOL_COSMOS_DATABASE are not set " +
        "(CosmosDatabase.grantTo(app) sets them)",
    );
  }
  return cosmosDatabaseFromSettings(settings, options);
}

const clients = new Map<string, CosmosClient>();
let sharedCredential: CosmosTokenCredential | undefined;
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

function checkConfig(config: CosmosClientConfig): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(config.endpoint).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "https:") {
    throw new Error(`Cosmos DB endpoint must be an https URL, e.g. "https://my-account.documents.azure.com:443/"; got ${JSON.stringify(config.endpoint)}`);
  }
  if (config.key !== undefined && config.credential !== undefined) {
    throw new Error("Give the Cosmos DB client a key or a credential, not both (a key is used instead of Entra ID)");
  }
}

/** What makes two configs share a client. The key is hashed so that the cache holds no secret. */
function clientCacheKey(config: CosmosClientConfig): string {
  const auth =
    config.key !== undefined
      ? `key:${createHash("sha256").update(config.key).digest("hex")}`
      : config.credential !== undefined
        ? `credential:${objectId(config.credential)}`
        : "default-credential";
  const agent = config.agent !== undefined ? `agent:${objectId(config.agent)}` : "default-agent";
  return JSON.stringify([new URL(config.endpoint).href, auth, config.preferredRegions ?? [], agent]);
}

function objectId(value: object): number {
  let id = objectIds.get(value);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(value, id);
  }
  return id;
}

function defaultCredential(): CosmosTokenCredential {
  if (sharedCredential === undefined) {
    const { DefaultAzureCredential } = loadOptional<typeof IdentityModule>("@azure/identity", "Entra ID authentication to Cosmos DB");
    sharedCredential = new DefaultAzureCredential();
  }
  return sharedCredential;
}
