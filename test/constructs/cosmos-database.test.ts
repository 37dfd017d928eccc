import { type TerraformStack, TerraformVariable } from "cdktf";
import { AgentEnvironment, CosmosConsistencyLevel, Duration, readPoolCosmosEnvironment, readPoolEnvironment, ScaledAgentApp } from "../../constructs";
import { NAME_RULES, nameProblem } from "../../src/core";
import { COSMOS_DATA_CONTRIBUTOR_ROLE_ID, CosmosDatabase, type CosmosDatabaseProps } from "../../constructs/cosmos-database";
import { OpenAIPoolConfig } from "../../constructs/openai-pool-config";
import { CosmosThroughput } from "../../src/core/cosmos";
import { appEnvironment, keyLikeContent, resolveEndpoints } from "../support/pool-environment";
import { synthesize, testStack } from "../support/template";

const CONVERSATIONS = { name: "conversations", partitionKeyPaths: ["/conversationId"], defaultTtl: Duration.days(30) };

function setup(props: Partial<CosmosDatabaseProps> = {}, stack: TerraformStack = testStack()) {
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
  const app = new ScaledAgentApp(stack, "agent", { environment, image: "example.azurecr.io/agent:v1" });
  const cosmos = new CosmosDatabase(stack, "cosmos", { environment, databaseName: "customer-service", ...props });
  return { stack, environment, app, cosmos };
}

/** The example configuration. */
const EXAMPLE: Partial<CosmosDatabaseProps> = {
  containers: [CONVERSATIONS],
  throughput: CosmosThroughput.autoscale(4000),
  consistency: CosmosConsistencyLevel.SESSION,
  preferredRegions: ["eastus2"],
};

describe("CosmosDatabase resources", () => {
  test("account (keys off, automatic failover), database with autoscale throughput, container with partition_key_paths and TTL", () => {
    const { stack, cosmos } = setup(EXAMPLE);
    const template = synthesize(stack);
    expect(template.countsByType()).toMatchObject({ azurerm_cosmosdb_account: 1, azurerm_cosmosdb_sql_database: 1, azurerm_cosmosdb_sql_container: 1 });
    const account = template.findOne("azurerm_cosmosdb_account");
    expect(account.props).toEqual({
      name: expect.stringMatching(/^cs-cosmos-[0-9a-f]{8}$/),
      location: "eastus2",
      resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\..+\.name\}$/),
      offer_type: "Standard",
      kind: "GlobalDocumentDB",
      consistency_policy: { consistency_level: "Session" },
      geo_location: [{ location: "eastus2", failover_priority: 0 }],
      automatic_failover_enabled: true,
      local_authentication_disabled: true,
      public_network_access_enabled: true,
      tags: {},
    });
    expect(nameProblem(account.props.name, NAME_RULES.cosmosAccount)).toBeUndefined();
    expect(cosmos.resource.node.id).toBe("Resource");

    const database = template.findOne("azurerm_cosmosdb_sql_database");
    expect(database.props).toEqual({
      name: "customer-service",
      account_name: `\${azurerm_cosmosdb_account.${account.id}.name}`,
      resource_group_name: account.props.resource_group_name,
      autoscale_settings: { max_throughput: 4000 },
    });
    expect(template.findOne("azurerm_cosmosdb_sql_container").props).toEqual({
      name: "conversations",
      account_name: `\${azurerm_cosmosdb_account.${account.id}.name}`,
      database_name: `\${azurerm_cosmosdb_sql_database.${database.id}.name}`,
      resource_group_name: account.props.resource_group_name,
      partition_key_paths: ["/conversationId"],
      partition_key_kind: "Hash",
      default_ttl: 2_592_000,
    });
    expect(Object.keys(cosmos.containers)).toEqual(["conversations"]);
    expect(cosmos.database.node.id).toBe("Database");
  });

  test("defaults: autoscale up to 1000 RU/s, Session, the environment's location, no containers", () => {
    const { stack, cosmos } = setup();
    const template = synthesize(stack);
    expect(template.findOne("azurerm_cosmosdb_sql_database").props.autoscale_settings).toEqual({ max_throughput: 1000 });
    expect(template.findOne("azurerm_cosmosdb_account").props.geo_location).toEqual([{ location: "eastus2", failover_priority: 0 }]);
    expect(template.count("azurerm_cosmosdb_sql_container")).toBe(0);
    expect(cosmos.throughput.toString()).toBe("autoscale up to 1000 RU/s");
    expect(cosmos.preferredRegions).toEqual(["eastus2"]);
  });

  test("manual throughput", () => {
    const { stack, cosmos } = setup({ throughput: CosmosThroughput.manual(400) });
    const database = synthesize(stack).findOne("azurerm_cosmosdb_sql_database").props;
    expect(database.throughput).toBe(400);
    expect(database.autoscale_settings).toBeUndefined();
    expect(cosmos.throughput.toString()).toBe("manual 400 RU/s");
  });

  test("serverless: the EnableServerless capability and no throughput anywhere", () => {
    const { stack, cosmos } = setup({ ...EXAMPLE, throughput: CosmosThroughput.serverless() });
    const template = synthesize(stack);
    expect(template.findOne("azurerm_cosmosdb_account").props.capabilities).toEqual([{ name: "EnableServerless" }]);
    for (const type of ["azurerm_cosmosdb_sql_database", "azurerm_cosmosdb_sql_container"]) {
      for (const resource of template.resources(type)) {
        expect(resource.props.throughput).toBeUndefined();
        expect(resource.props.autoscale_settings).toBeUndefined();
      }
    }
    expect(cosmos.throughput.toString()).toBe("serverless");
  });

  test("several regions, normalized, in failover order; the first is the account's location", () => {
    const { stack, cosmos } = setup({ preferredRegions: ["West US 3", "eastus2"] });
    const account = synthesize(stack).findOne("azurerm_cosmosdb_account").props;
    expect(account.location).toBe("westus3");
    expect(account.geo_location).toEqual([
      { location: "westus3", failover_priority: 0 },
      { location: "eastus2", failover_priority: 1 },
    ]);
    expect(account.automatic_failover_enabled).toBe(true);
    expect(cosmos.preferredRegions).toEqual(["westus3", "eastus2"]);
  });

  test("two databases in one stack get distinct account names", () => {
    const { stack, environment } = setup();
    new CosmosDatabase(stack, "cosmos2", { environment, databaseName: "customer-service" });
    const names = synthesize(stack).resources("azurerm_cosmosdb_account").map((a) => a.props.name);
    expect(new Set(names).size).toBe(2);
  });

  test("a hierarchical partition key is MultiHash, version 2", () => {
    const { stack } = setup({ containers: [{ name: "events", partitionKeyPaths: ["/tenantId", "/userId", "/sessionId"] }] });
    expect(synthesize(stack).findOne("azurerm_cosmosdb_sql_container").props).toMatchObject({
      partition_key_paths: ["/tenantId", "/userId", "/sessionId"],
      partition_key_kind: "MultiHash",
      partition_key_version: 2,
    });
  });

  test("BoundedStaleness writes both bounds (single region and several regions)", () => {
    const single = setup({ consistency: CosmosConsistencyLevel.BOUNDED_STALENESS, boundedStaleness: { maxInterval: Duration.seconds(5), maxStalenessPrefix: 10 } });
    expect(synthesize(single.stack).findOne("azurerm_cosmosdb_account").props.consistency_policy).toEqual({
      consistency_level: "BoundedStaleness",
      max_interval_in_seconds: 5,
      max_staleness_prefix: 10,
    });
    const multi = setup({ consistency: CosmosConsistencyLevel.BOUNDED_STALENESS, boundedStaleness: { maxInterval: Duration.days(1), maxStalenessPrefix: 2_147_483_647 }, preferredRegions: ["eastus2", "centralus"] });
    expect(synthesize(multi.stack).findOne("azurerm_cosmosdb_account").props.consistency_policy).toEqual({
      consistency_level: "BoundedStaleness",
      max_interval_in_seconds: 86_400,
      max_staleness_prefix: 2_147_483_647,
    });
  });

  test("a given account name, keys and public access as configured, tags", () => {
    const { stack } = setup({ accountName: "contoso-cs", localAuthEnabled: true, publicNetworkAccessEnabled: false, tags: { team: "cs" } });
    expect(synthesize(stack).findOne("azurerm_cosmosdb_account").props).toMatchObject({
      name: "contoso-cs",
      local_authentication_disabled: false,
      public_network_access_enabled: false,
      tags: { team: "cs" },
    });
  });
});

describe("CosmosDatabase.grantTo", () => {
  test("a data-plane role assignment: built-in Data Contributor on the account for the app's identity", () => {
    const { stack, app, cosmos } = setup(EXAMPLE);
    const returned = cosmos.grantTo(app);
    const template = synthesize(stack);
    const account = template.findOne("azurerm_cosmosdb_account");
    const containerApp = template.findOne("azurerm_container_app");
    expect(template.findOne("azurerm_cosmosdb_sql_role_assignment").props).toEqual({
      resource_group_name: `\${azurerm_cosmosdb_account.${account.id}.resource_group_name}`,
      account_name: `\${azurerm_cosmosdb_account.${account.id}.name}`,
      role_definition_id: `\${azurerm_cosmosdb_account.${account.id}.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`,
      principal_id: `\${azurerm_container_app.${containerApp.id}.identity[0].principal_id}`,
      scope: `\${azurerm_cosmosdb_account.${account.id}.id}`,
    });
    expect(COSMOS_DATA_CONTRIBUTOR_ROLE_ID).toBe("00000000-0000-0000-0000-000000000002");
    expect(cosmos.roleAssignments).toEqual([returned]);
  });

  test("the injected variables read back as the endpoint, database and preferred regions given, endpoint resolved", () => {
    const { stack, app, cosmos } = setup({ ...EXAMPLE, preferredRegions: ["eastus2", "West US 3"] });
    cosmos.grantTo(app);
    const template = synthesize(stack);
    const env = appEnvironment(template);
    expect(Object.keys(env).filter((name) => name.startsWith("AGENT_POOL_")).sort()).toEqual(["AGENT_POOL_COSMOS_DATABASE", "AGENT_POOL_COSMOS_ENDPOINT", "AGENT_POOL_COSMOS_PREFERRED_REGIONS"]);
    // The endpoint is a Terraform expression at synth time; substitute what Terraform resolves it to.
    const name = template.findOne("azurerm_cosmosdb_account").props.name;
    expect(readPoolCosmosEnvironment(resolveEndpoints(template, env))).toEqual({
      endpoint: `https://${name}.documents.azure.com:443/`,
      databaseName: "customer-service",
      preferredRegions: ["eastus2", "westus3"],
    });
  });

  test("with an OpenAIPoolConfig, readPoolEnvironment returns the complete settings", () => {
    const { stack, environment, app, cosmos } = setup(EXAMPLE);
    const openai = new OpenAIPoolConfig(stack, "openai", { environment, deployments: [{ name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", tokensPerMinute: 200_000 }], lifecycleAsOf: "2026-12-01" });
    cosmos.grantTo(app);
    openai.grantTo(app);
    const template = synthesize(stack);
    const settings = readPoolEnvironment(resolveEndpoints(template, appEnvironment(template)));
    const accountName = template.findOne("azurerm_cosmosdb_account").props.name;
    expect(settings.cosmos).toEqual({ endpoint: `https://${accountName}.documents.azure.com:443/`, databaseName: "customer-service", preferredRegions: ["eastus2"] });
    expect(settings.deployments).toHaveLength(1);
  });

  test("is idempotent per app and works for any number of apps", () => {
    const { stack, environment, app, cosmos } = setup(EXAMPLE);
    const first = cosmos.grantTo(app);
    expect(cosmos.grantTo(app)).toBe(first);
    const other = new ScaledAgentApp(stack, "other", { environment, image: "example.azurecr.io/other:v1" });
    cosmos.grantTo(other);
    const template = synthesize(stack);
    const principals = template.resources("azurerm_cosmosdb_sql_role_assignment").map((r) => r.props.principal_id);
    expect(principals).toHaveLength(2);
    expect(new Set(principals).size).toBe(2);
    expect(Object.keys(appEnvironment(template, "other"))).toContain("AGENT_POOL_COSMOS_ENDPOINT");
    expect(Object.keys(appEnvironment(template, "agent"))).toContain("AGENT_POOL_COSMOS_ENDPOINT");
  });

  test("two databases for one app: a clear error (the contract holds one Cosmos DB database per app)", () => {
    const { stack, environment, app, cosmos } = setup(EXAMPLE);
    const other = new CosmosDatabase(stack, "archive", { environment, databaseName: "archive" });
    cosmos.grantTo(app);
    expect(() => other.grantTo(app)).toThrow(/^test\/archive: grantTo\(test\/agent\): AGENT_POOL_COSMOS_ENDPOINT is written twice with different values/);
  });

  test("no key or connection string in the JSON, serverless included", () => {
    const { stack, app, cosmos } = setup({ ...EXAMPLE, throughput: CosmosThroughput.serverless() });
    cosmos.grantTo(app);
    expect(keyLikeContent(synthesize(stack).json)).toEqual([]);
  });
});

describe("CosmosDatabase validation", () => {
  const staleness = (seconds: number, prefix: number, regions = ["eastus2"]): Partial<CosmosDatabaseProps> => ({
    consistency: CosmosConsistencyLevel.BOUNDED_STALENESS,
    boundedStaleness: { maxInterval: Duration.seconds(seconds), maxStalenessPrefix: prefix },
    preferredRegions: regions,
  });
  const container = (change: object) => ({ containers: [{ ...CONVERSATIONS, ...change }] });
  const cases: Array<[string, Partial<CosmosDatabaseProps>, RegExp]> = [
    ["database name with '/'", { databaseName: "a/b" }, /Cosmos DB database or container name "a\/b" is not valid/],
    ["empty database name", { databaseName: "" }, /Cosmos DB database or container name "" is not valid/],
    ["container name with '#'", container({ name: "conv#1" }), /Cosmos DB database or container name "conv#1" is not valid/],
    ["container twice", { containers: [CONVERSATIONS, CONVERSATIONS] }, /container "conversations" is defined twice/],
    ["no partition key path", container({ partitionKeyPaths: [] }), /containers\[0\] \("conversations"\): partitionKeyPaths must have 1 to 3 paths; got 0/],
    ["four partition key paths", container({ partitionKeyPaths: ["/a", "/b", "/c", "/d"] }), /partitionKeyPaths must have 1 to 3 paths; got 4/],
    ["partition key path without '/'", container({ partitionKeyPaths: ["conversationId"] }), /partitionKeyPaths\[0\] must be a JSON path such as "\/conversationId".*got "conversationId"/],
    ["partition key path with an empty segment", container({ partitionKeyPaths: ["/a//b"] }), /partitionKeyPaths\[0\] must be a JSON path/],
    ["repeated partition key path", container({ partitionKeyPaths: ["/a", "/a"] }), /partitionKeyPaths repeats a path \(\/a, \/a\)/],
    ["TTL 0", container({ defaultTtl: Duration.seconds(0) }), /defaultTtl must be a whole number of seconds from 1 to 2147483647; got 0 s/],
    ["TTL not whole seconds", container({ defaultTtl: Duration.millis(1500) }), /defaultTtl must be a whole number of seconds.*got 1500 ms/],
    ["autoscale below 1000", { throughput: CosmosThroughput.autoscale(500) }, /autoscale maximum throughput must be at least 1000 RU\/s, in steps of 1000; got 500/],
    ["autoscale not a step of 1000", { throughput: CosmosThroughput.autoscale(1500) }, /autoscale maximum throughput must be at least 1000 RU\/s, in steps of 1000; got 1500/],
    ["manual below 400", { throughput: CosmosThroughput.manual(300) }, /manual throughput must be at least 400 RU\/s, in steps of 100; got 300/],
    ["manual not a step of 100", { throughput: CosmosThroughput.manual(450) }, /manual throughput must be at least 400 RU\/s, in steps of 100; got 450/],
    ["serverless with two regions", { throughput: CosmosThroughput.serverless(), preferredRegions: ["eastus2", "westus3"] }, /a serverless account has one region; preferredRegions has 2 \(eastus2, westus3\)/],
    ["unknown consistency", { consistency: "Linearizable" as never }, /consistency "Linearizable" is not a Cosmos DB consistency level.*Use one of Strong, BoundedStaleness, Session, ConsistentPrefix, Eventual/],
    ["BoundedStaleness without bounds", { consistency: CosmosConsistencyLevel.BOUNDED_STALENESS }, /consistency "BoundedStaleness" needs boundedStaleness \(maxInterval and maxStalenessPrefix\)/],
    ["bounds without BoundedStaleness", { consistency: CosmosConsistencyLevel.SESSION, boundedStaleness: { maxInterval: Duration.seconds(5), maxStalenessPrefix: 10 } }, /boundedStaleness is only used with consistency "BoundedStaleness"; consistency is "Session"/],
    ["interval below 5 s", staleness(4, 10), /maxInterval must be a whole number of seconds from 5 to 86400 for a single-region account; got 4 s/],
    ["interval above a day", staleness(86_401, 10), /maxInterval must be a whole number of seconds from 5 to 86400.*got 86401 s/],
    ["prefix below 10", staleness(5, 9), /maxStalenessPrefix must be an integer from 10 to 2147483647 for a single-region account; got 9/],
    ["prefix above 2^31-1", staleness(5, 2_147_483_648), /maxStalenessPrefix must be an integer from 10 to 2147483647.*got 2147483648/],
    ["multi-region interval below 300 s", staleness(299, 100_000, ["eastus2", "westus3"]), /maxInterval must be a whole number of seconds from 300 to 86400 for an account with several regions; got 299 s/],
    ["multi-region prefix below 100,000", staleness(300, 99_999, ["eastus2", "westus3"]), /maxStalenessPrefix must be an integer from 100000 to 2147483647 for an account with several regions; got 99999/],
    ["no regions", { preferredRegions: [] }, /preferredRegions is empty/],
    ["a region twice", { preferredRegions: ["eastus2", "East US 2"] }, /preferredRegions lists eastus2 twice/],
    ["a region that is not one", { preferredRegions: ["east_us"] }, /preferredRegions\[0\] must be an Azure location name/],
    ["account name Azure rejects", { accountName: "Contoso_CS" }, /Cosmos DB account name "Contoso_CS" is not valid: it must be 3-44 lowercase letters/],
    ["account name too long", { accountName: "a".repeat(45) }, /Cosmos DB account name "a{45}" is not valid/],
  ];
  test.each(cases)("%s: a clear error naming the construct path", (_name, props, message) => {
    expect(() => setup(props)).toThrow(message);
    expect(() => setup(props)).toThrow(/^test\/cosmos: /);
  });
});

test("autoscale throughput from a Terraform variable is not checked at synth and reaches the JSON as a reference", () => {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2" });
  const maxThroughput = new TerraformVariable(stack, "max_ru", { type: "number" }).numberValue;
  new CosmosDatabase(stack, "cosmos", { environment, databaseName: "db", containers: [{ name: "c", partitionKeyPaths: ["/id"] }], throughput: CosmosThroughput.autoscale(maxThroughput) });
  expect(synthesize(stack).findOne("azurerm_cosmosdb_sql_database").props.autoscale_settings).toEqual({ max_throughput: "${var.max_ru}" });
});
