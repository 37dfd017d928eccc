import { Construct } from "constructs";
import { CosmosdbAccount } from "@cdktf/provider-azurerm/lib/cosmosdb-account";
import { CosmosdbSqlContainer } from "@cdktf/provider-azurerm/lib/cosmosdb-sql-container";
import { CosmosdbSqlDatabase } from "@cdktf/provider-azurerm/lib/cosmosdb-sql-database";
import { CosmosdbSqlRoleAssignment } from "@cdktf/provider-azurerm/lib/cosmosdb-sql-role-assignment";
import { writePoolEnvironmentPart } from "../src/contract";
import { type Duration, firstDuplicate, generateName, NAME_RULES, nameProblem } from "../src/core";
import {
  BOUNDED_STALENESS_LIMITS,
  COSMOS_MAX_PARTITION_KEY_PATHS,
  COSMOS_MAX_TTL_SECONDS,
  CosmosConsistencyLevel,
  CosmosThroughput,
  cosmosThroughputProblem,
  partitionKeyPathProblem,
} from "../src/core/cosmos";
import { locationProblem, normalizeLocation } from "../src/core/location";
import { type AgentEnvironment } from "./agent-environment";
import { contractCall, PoolGrants } from "./pool-injection";
import { type PoolGrantee } from "./pool-grantee";
import { check, invalid, isKnownNumber } from "./validation";

/** One container of a {@link CosmosDatabase}. */
export interface CosmosContainerOptions {
  /** Container name (1-255 characters, none of / \ # ?). */
  readonly name: string;
  /** Partition key paths: one (e.g. "/conversationId"), or up to three for a hierarchical key. */
  readonly partitionKeyPaths: readonly string[];
  /** Time after its last write when an item expires (whole seconds). @default - items never expire */
  readonly defaultTtl?: Duration;
}

/** Bounds of the BoundedStaleness consistency level: reads lag writes by at most this time or this many writes. */
export interface CosmosBoundedStaleness {
  /** Largest lag in time: 5 s..1 day with one region, 300 s..1 day with several (whole seconds). */
  readonly maxInterval: Duration;
  /** Largest lag in writes: 10..2,147,483,647 with one region, 100,000..2,147,483,647 with several. */
  readonly maxStalenessPrefix: number;
}

/** The optional props of a {@link CosmosDatabase}: what the platform's `cosmos` overrides take too. */
export interface CosmosDatabaseOptions {
  /** Containers of the database. @default - none */
  readonly containers?: readonly CosmosContainerOptions[];
  /** Throughput of the database, shared by its containers. @default CosmosThroughput.autoscale(1000) */
  readonly throughput?: CosmosThroughput;
  /** Default consistency level. @default "Session" */
  readonly consistency?: CosmosConsistencyLevel;
  /** Bounds of the staleness; required with consistency "BoundedStaleness", and only there. @default - none */
  readonly boundedStaleness?: CosmosBoundedStaleness;
  /**
   * Regions of the account in failover order (the first takes writes); also the regions clients prefer to
   * read from. Serverless accounts have exactly one. @default - the environment's location
   */
  readonly preferredRegions?: readonly string[];
  /** Account name (3-44 lowercase letters, digits, '-'; globally unique). @default - generated from the environment's prefix and a hash of the construct path */
  readonly accountName?: string;
  /** Accept account keys and connection strings besides Entra ID tokens. @default false */
  readonly localAuthEnabled?: boolean;
  /** Reachable over the public internet (still Entra ID only). @default true */
  readonly publicNetworkAccessEnabled?: boolean;
  /** Tags. @default - the environment's tags */
  readonly tags?: { readonly [name: string]: string };
}

/** Props of {@link CosmosDatabase}. */
export interface CosmosDatabaseProps extends CosmosDatabaseOptions {
  /** The environment: resource group, default location, name prefix and tags. */
  readonly environment: AgentEnvironment;
  /** Database name (1-255 characters, none of / \ # ?). */
  readonly databaseName: string;
}

/** Id of the built-in data-plane role "Cosmos DB Built-in Data Contributor" (read and write items, no management). */
export const COSMOS_DATA_CONTRIBUTOR_ROLE_ID = "00000000-0000-0000-0000-000000000002";

/**
 * A Cosmos DB for NoSQL account (keys off, automatic failover over the given regions), one database with shared
 * autoscale, manual or serverless throughput, and its containers; `grantTo(app)` gives an app's identity the
 * built-in Data Contributor role and injects endpoint, database and preferred regions into the pool settings.
 */
export class CosmosDatabase extends Construct {
  /** The Cosmos DB account (the main resource). */
  readonly resource: CosmosdbAccount;
  /** The SQL database. */
  readonly database: CosmosdbSqlDatabase;
  /** The containers, by name. */
  readonly containers: Readonly<Record<string, CosmosdbSqlContainer>>;
  /** The database name. */
  readonly databaseName: string;
  /** Regions of the account in failover order, normalized (e.g. "eastus2"). */
  readonly preferredRegions: readonly string[];
  /** The throughput in force. */
  readonly throughput: CosmosThroughput;
  /** The pool-contract variables `grantTo` injects into an app. */
  readonly poolEnvironment: Readonly<Record<string, string>>;

  private readonly grants: PoolGrants<CosmosdbSqlRoleAssignment>;

  constructor(scope: Construct, id: string, props: CosmosDatabaseProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    this.throughput = props.throughput ?? CosmosThroughput.autoscale(1000);
    this.preferredRegions = this.resolveRegions(props.preferredRegions ?? [props.environment.location]);
    const consistency = props.consistency ?? CosmosConsistencyLevel.SESSION;
    check(this, nameProblem(props.databaseName, NAME_RULES.cosmosEntity));
    const units = this.throughput.requestUnits;
    if (units === undefined || isKnownNumber(units)) {
      check(this, cosmosThroughputProblem(this.throughput), "Use CosmosThroughput.autoscale(n * 1000), CosmosThroughput.manual(n * 100) or CosmosThroughput.serverless()");
    }
    const serverless = this.throughput.mode === "serverless";
    if (serverless && this.preferredRegions.length > 1) {
      invalid(this, `a serverless account has one region; preferredRegions has ${this.preferredRegions.length} (${this.preferredRegions.join(", ")})`, "Keep one region, or use CosmosThroughput.autoscale() for several");
    }
    this.checkConsistency(consistency, props.boundedStaleness);
    if (props.accountName !== undefined) check(this, nameProblem(props.accountName, NAME_RULES.cosmosAccount));
    const containers = props.containers ?? [];
    containers.forEach((container, i) => this.checkContainer(container, i));
    const names = containers.map((c) => c.name);
    const twice = firstDuplicate(names);
    if (twice !== undefined) invalid(this, `container "${twice}" is defined twice`, "Container names must be unique within the database");

    this.resource = new CosmosdbAccount(this, "Resource", {
      name: props.accountName ?? generateName({ parts: [props.environment.namePrefix, "cosmos"], uniqueFrom: this.node.path, rule: NAME_RULES.cosmosAccount }),
      location: this.preferredRegions[0]!,
      resourceGroupName: props.environment.resourceGroupName,
      offerType: "Standard",
      kind: "GlobalDocumentDB",
      consistencyPolicy: {
        consistencyLevel: consistency,
        maxIntervalInSeconds: props.boundedStaleness?.maxInterval.toWholeSeconds(),
        maxStalenessPrefix: props.boundedStaleness?.maxStalenessPrefix,
      },
      geoLocation: this.preferredRegions.map((location, failoverPriority) => ({ location, failoverPriority })),
      automaticFailoverEnabled: true,
      capabilities: serverless ? [{ name: "EnableServerless" }] : undefined,
      localAuthenticationDisabled: !(props.localAuthEnabled ?? false),
      publicNetworkAccessEnabled: props.publicNetworkAccessEnabled ?? true,
      tags: props.tags ?? props.environment.tags,
    });
    const parent = { resourceGroupName: props.environment.resourceGroupName, accountName: this.resource.name };
    this.database = new CosmosdbSqlDatabase(this, "Database", {
      ...parent,
      name: props.databaseName,
      throughput: this.throughput.mode === "manual" ? this.throughput.requestUnits : undefined,
      autoscaleSettings: this.throughput.mode === "autoscale" ? { maxThroughput: this.throughput.requestUnits } : undefined,
    });
    this.containers = Object.fromEntries(
      containers.map((container) => [
        container.name,
        new CosmosdbSqlContainer(this, `Container-${container.name}`, {
          ...parent,
          databaseName: this.database.name,
          name: container.name,
          partitionKeyPaths: [...container.partitionKeyPaths],
          partitionKeyKind: container.partitionKeyPaths.length > 1 ? "MultiHash" : "Hash",
          partitionKeyVersion: container.partitionKeyPaths.length > 1 ? 2 : undefined,
          defaultTtl: container.defaultTtl?.toWholeSeconds(),
        }),
      ]),
    );
    this.poolEnvironment = contractCall(this, "pool settings", () =>
      writePoolEnvironmentPart({ cosmos: { endpoint: this.resource.endpoint, databaseName: props.databaseName, preferredRegions: this.preferredRegions } }),
    );
    this.grants = new PoolGrants(this, this.poolEnvironment);
  }

  /** The apps `grantTo` was called for, in the order of the calls. */
  get grantedApps(): readonly PoolGrantee[] {
    return this.grants.apps;
  }

  /**
   * Lets `app` read and write items with its managed identity: the built-in "Cosmos DB Built-in Data Contributor"
   * role on the account for the app's identity (a container app's system-assigned one, a Kubernetes app's user-assigned workload identity), and the endpoint, database and preferred regions
   * as pool settings (never a key). Calling it again for the same app changes nothing and returns the same assignment.
   * @returns the app's data-plane role assignment
   */
  grantTo(app: PoolGrantee): CosmosdbSqlRoleAssignment {
    return this.grants.grant(
      app,
      (appKey) =>
        new CosmosdbSqlRoleAssignment(this, `DataContributor-${appKey}`, {
          resourceGroupName: this.resource.resourceGroupName,
          accountName: this.resource.name,
          roleDefinitionId: `${this.resource.id}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR_ROLE_ID}`,
          principalId: app.principalId,
          scope: this.resource.id,
        }),
    );
  }

  /** Every data-plane role assignment `grantTo` created, in the order of the calls. */
  get roleAssignments(): readonly CosmosdbSqlRoleAssignment[] {
    return this.grants.all;
  }

  private resolveRegions(regions: readonly string[]): string[] {
    if (regions.length === 0) invalid(this, "preferredRegions is empty", "Give at least one region (the write region first)");
    regions.forEach((region, i) => check(this, locationProblem(`preferredRegions[${i}]`, region)));
    const normalized = regions.map(normalizeLocation);
    const twice = firstDuplicate(normalized);
    if (twice !== undefined) invalid(this, `preferredRegions lists ${twice} twice`, "List each region once, in failover order");
    return normalized;
  }

  private checkConsistency(consistency: CosmosConsistencyLevel, bounds: CosmosBoundedStaleness | undefined): void {
    const levels = Object.values(CosmosConsistencyLevel);
    if (!levels.includes(consistency)) {
      invalid(this, `consistency "${consistency}" is not a Cosmos DB consistency level`, `Use one of ${levels.join(", ")}`);
    }
    if (consistency !== CosmosConsistencyLevel.BOUNDED_STALENESS) {
      if (bounds !== undefined) invalid(this, `boundedStaleness is only used with consistency "BoundedStaleness"; consistency is "${consistency}"`, "Remove boundedStaleness or change the consistency");
      return;
    }
    if (bounds === undefined) {
      invalid(this, 'consistency "BoundedStaleness" needs boundedStaleness (maxInterval and maxStalenessPrefix)', "Give both bounds, e.g. { maxInterval: Duration.minutes(5), maxStalenessPrefix: 100000 }");
    }
    const multiRegion = this.preferredRegions.length > 1;
    const limits = multiRegion ? BOUNDED_STALENESS_LIMITS.multiRegion : BOUNDED_STALENESS_LIMITS.singleRegion;
    const accounts = multiRegion ? "an account with several regions" : "a single-region account";
    const seconds = bounds.maxInterval.toSeconds();
    if (!Number.isInteger(seconds) || seconds < limits.minIntervalSeconds || seconds > BOUNDED_STALENESS_LIMITS.maxIntervalSeconds) {
      invalid(this, `boundedStaleness.maxInterval must be a whole number of seconds from ${limits.minIntervalSeconds} to ${BOUNDED_STALENESS_LIMITS.maxIntervalSeconds} for ${accounts}; got ${bounds.maxInterval}`);
    }
    const prefix = bounds.maxStalenessPrefix;
    if (!Number.isInteger(prefix) || prefix < limits.minStalenessPrefix || prefix > BOUNDED_STALENESS_LIMITS.maxStalenessPrefix) {
      invalid(this, `boundedStaleness.maxStalenessPrefix must be an integer from ${limits.minStalenessPrefix} to ${BOUNDED_STALENESS_LIMITS.maxStalenessPrefix} for ${accounts}; got ${prefix}`);
    }
  }

  private checkContainer(container: CosmosContainerOptions, index: number): void {
    const what = `containers[${index}] ("${container.name}")`;
    check(this, nameProblem(container.name, NAME_RULES.cosmosEntity));
    const paths = container.partitionKeyPaths ?? [];
    if (paths.length < 1 || paths.length > COSMOS_MAX_PARTITION_KEY_PATHS) {
      invalid(this, `${what}: partitionKeyPaths must have 1 to ${COSMOS_MAX_PARTITION_KEY_PATHS} paths; got ${paths.length}`, 'Use e.g. ["/conversationId"], or up to three paths for a hierarchical key');
    }
    paths.forEach((path, i) => check(this, partitionKeyPathProblem(`${what}: partitionKeyPaths[${i}]`, path)));
    if (new Set(paths).size !== paths.length) invalid(this, `${what}: partitionKeyPaths repeats a path (${paths.join(", ")})`);
    const ttl = container.defaultTtl?.toSeconds();
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1 || ttl > COSMOS_MAX_TTL_SECONDS)) {
      invalid(this, `${what}: defaultTtl must be a whole number of seconds from 1 to ${COSMOS_MAX_TTL_SECONDS}; got ${container.defaultTtl}`, "Omit it for items that never expire");
    }
  }
}
