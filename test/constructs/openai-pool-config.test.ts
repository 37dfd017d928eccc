import { type TerraformStack, TerraformVariable } from "cdktf";
import { AgentEnvironment, Duration, ModelVersionUpgradeOption, OpenAITpmSku, readPoolEnvironment, ScaledAgentApp } from "../../constructs";
import { NAME_RULES, nameProblem } from "../../src/core";
import { CosmosDatabase } from "../../constructs/cosmos-database";
import { OPENAI_USER_ROLE, OpenAIPoolConfig, type OpenAIModelDeployment, type OpenAIPoolConfigProps } from "../../constructs/openai-pool-config";
import { CapacityPlan } from "../../src/capacity";
import { appEnvironment, keyLikeContent, resolveEndpoints } from "../support/pool-environment";
import { synthesize, testStack, warnings } from "../support/template";

const CHAT: OpenAIModelDeployment = { name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", sku: OpenAITpmSku.GLOBAL_STANDARD, tokensPerMinute: 200_000, priority: 0 };
/** The day model versions are checked for in these tests (the release date), so that they do not change with the calendar. */
const AS_OF = "2026-12-01";
/** The spec's PoolConfig defaults, as the issue's example gives them. */
const SPEC_POOL = { minConnections: 5, maxConnections: 50, connectionTimeout: Duration.seconds(30), maxRetries: 3, retryDelay: Duration.seconds(1) };

function setup(props: Partial<OpenAIPoolConfigProps> = {}, stack: TerraformStack = testStack()) {
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
  const app = new ScaledAgentApp(stack, "agent", { environment, image: "example.azurecr.io/agent:v1" });
  const openai = new OpenAIPoolConfig(stack, "openai", { environment, deployments: [CHAT], lifecycleAsOf: AS_OF, ...props });
  return { stack, environment, app, openai };
}

describe("OpenAIPoolConfig resources", () => {
  test("one OpenAI account (S0, custom subdomain, keys off) and a deployment with capacity = TPM / 1000", () => {
    const { stack, openai } = setup({ pool: SPEC_POOL, localAuthEnabled: false });
    const template = synthesize(stack);
    const account = template.findOne("azurerm_cognitive_account");
    expect(account.props).toMatchObject({
      kind: "OpenAI",
      sku_name: "S0",
      location: "eastus2",
      local_auth_enabled: false,
      public_network_access_enabled: true,
      resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\..+\.name\}$/),
    });
    expect(account.props.custom_subdomain_name).toBe(account.props.name);
    expect(nameProblem(account.props.name, NAME_RULES.openAIAccount)).toBeUndefined();
    expect(account.props.name).toMatch(/^cs-oai-eastus2-[0-9a-f]{8}$/);
    expect(openai.resource.node.id).toBe("Resource");
    expect(Object.keys(openai.accounts)).toEqual(["eastus2"]);

    const deployment = template.findOne("azurerm_cognitive_deployment");
    expect(deployment.props).toEqual({
      name: "chat",
      cognitive_account_id: `\${azurerm_cognitive_account.${account.id}.id}`,
      model: { format: "OpenAI", name: "gpt-5.6-sol", version: "2026-07-09" },
      sku: { name: "GlobalStandard", capacity: 200 },
      version_upgrade_option: "OnceCurrentVersionExpired",
      // Azure upgrades the version itself; Terraform must not set the retired version back.
      lifecycle: { ignore_changes: ["model[0].version"] },
    });
    expect(openai.deployments).toHaveLength(1);
    expect(template.count("azurerm_role_assignment")).toBe(0);
  });

  test("defaults: GlobalStandard, the environment's location, 6 RPM per 1,000 TPM, priority 0", () => {
    const { openai } = setup({ deployments: [{ name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", tokensPerMinute: 30_000 }] });
    expect(openai.poolDeployments).toEqual([
      { endpoint: expect.stringMatching(/^\$\{TfToken/), deployment: "chat", tokensPerMinute: 30_000, requestsPerMinute: 180, priority: 0, region: "eastus2" },
    ]);
    expect(openai.totalTokensPerMinute).toBe(30_000);
    expect(openai.totalRequestsPerMinute).toBe(180);
  });

  test("sku, RPM override, upgrade option, public access, tags and a given account name", () => {
    const { stack, openai } = setup({
      deployments: [{ ...CHAT, sku: OpenAITpmSku.DATA_ZONE_STANDARD, tokensPerMinute: 10_000, requestsPerMinute: 100, versionUpgradeOption: ModelVersionUpgradeOption.NO_AUTO_UPGRADE }],
      publicNetworkAccessEnabled: false,
      accountNames: { "East US 2": "contoso-openai" },
      tags: { team: "cs" },
    });
    const template = synthesize(stack);
    expect(template.findOne("azurerm_cognitive_account").props).toMatchObject({
      name: "contoso-openai",
      custom_subdomain_name: "contoso-openai",
      public_network_access_enabled: false,
      tags: { team: "cs" },
    });
    expect(template.findOne("azurerm_cognitive_deployment").props).toMatchObject({ sku: { name: "DataZoneStandard", capacity: 10 }, version_upgrade_option: "NoAutoUpgrade" });
    expect(template.findOne("azurerm_cognitive_deployment").props.lifecycle).toBeUndefined();
    expect(openai.poolDeployments[0]!.requestsPerMinute).toBe(100);
  });

  test("several locations: one account per distinct location, each deployment on its location's account", () => {
    const { stack, app, openai } = setup({
      deployments: [
        CHAT,
        { ...CHAT, name: "chat", location: "Sweden Central", tokensPerMinute: 100_000, priority: 1 },
        { ...CHAT, name: "mini", model: "gpt-5.6-terra", modelVersion: "2026-07-09", tokensPerMinute: 50_000, priority: 0 },
      ],
    });
    openai.grantTo(app);
    const template = synthesize(stack);
    const accounts = template.resources("azurerm_cognitive_account");
    expect(accounts.map((a) => a.props.location).sort()).toEqual(["eastus2", "swedencentral"]);
    expect(new Set(accounts.map((a) => a.props.custom_subdomain_name)).size).toBe(2);
    for (const account of accounts) expect(nameProblem(account.props.name, NAME_RULES.openAIAccount)).toBeUndefined();
    expect(Object.keys(openai.accounts)).toEqual(["eastus2", "swedencentral"]);
    expect(openai.resource).toBe(openai.accounts.eastus2);
    expect(openai.accounts.swedencentral!.node.id).toBe("Account-swedencentral");

    const accountOf = (location: string) => accounts.find((a) => a.props.location === location)!.id;
    const deployments = template.resources("azurerm_cognitive_deployment").map((d) => [d.props.name, d.props.cognitive_account_id, d.props.sku.capacity]);
    expect(deployments).toEqual(
      expect.arrayContaining([
        ["chat", `\${azurerm_cognitive_account.${accountOf("eastus2")}.id}`, 200],
        ["chat", `\${azurerm_cognitive_account.${accountOf("swedencentral")}.id}`, 100],
        ["mini", `\${azurerm_cognitive_account.${accountOf("eastus2")}.id}`, 50],
      ]),
    );
    const endpoint = (location: string) => `\${azurerm_cognitive_account.${accountOf(location)}.endpoint}`;
    const written = Object.entries(appEnvironment(template))
      .filter(([name]) => name.startsWith("AGENT_POOL_OPENAI_DEPLOYMENT_"))
      .map(([, value]) => JSON.parse(value));
    expect(written.map((d) => [d.endpoint, d.deployment, d.priority, d.region])).toEqual([
      [endpoint("eastus2"), "chat", 0, "eastus2"],
      [endpoint("swedencentral"), "chat", 1, "swedencentral"],
      [endpoint("eastus2"), "mini", 0, "eastus2"],
    ]);
    expect(openai.totalTokensPerMinute).toBe(350_000);
  });

  test("two configs in one stack get distinct account names", () => {
    const { stack, environment } = setup();
    new OpenAIPoolConfig(stack, "openai2", { environment, deployments: [CHAT], lifecycleAsOf: AS_OF });
    const names = synthesize(stack).resources("azurerm_cognitive_account").map((a) => a.props.name);
    expect(new Set(names).size).toBe(2);
  });
});

describe("OpenAIPoolConfig.grantTo", () => {
  test("the app's identity gets Cognitive Services OpenAI User on the account, as a service principal", () => {
    const { stack, app, openai } = setup();
    const returned = openai.grantTo(app);
    const template = synthesize(stack);
    const account = template.findOne("azurerm_cognitive_account");
    const containerApp = template.findOne("azurerm_container_app");
    expect(template.findOne("azurerm_role_assignment").props).toEqual({
      scope: `\${azurerm_cognitive_account.${account.id}.id}`,
      role_definition_name: OPENAI_USER_ROLE,
      principal_id: `\${azurerm_container_app.${containerApp.id}.identity[0].principal_id}`,
      principal_type: "ServicePrincipal",
    });
    expect(OPENAI_USER_ROLE).toBe("Cognitive Services OpenAI User");
    expect(returned).toHaveLength(1);
    expect(openai.roleAssignments).toEqual(returned);
  });

  test("the injected variables read back (readPoolEnvironment) as the settings given, endpoints resolved", () => {
    const { stack, app, openai } = setup({
      deployments: [CHAT, { ...CHAT, name: "fallback", location: "westus3", tokensPerMinute: 100_000, requestsPerMinute: 500, priority: 1 }],
      pool: { ...SPEC_POOL, maxQueue: 200 },
    });
    openai.grantTo(app);
    const template = synthesize(stack);
    const env = appEnvironment(template);
    expect(env.AGENT_POOL_OPENAI_AUTH_MODE).toBe("entra-id");
    // The endpoints are Terraform expressions at synth time; substitute what Terraform resolves them to.
    const endpoint = (location: string) => `https://${template.resources("azurerm_cognitive_account").find((a) => a.props.location === location)!.props.name}.openai.azure.com/`;
    expect(readPoolEnvironment(resolveEndpoints(template, env))).toEqual({
      deployments: [
        { endpoint: endpoint("eastus2"), deployment: "chat", tokensPerMinute: 200_000, requestsPerMinute: 1_200, priority: 0, region: "eastus2" },
        { endpoint: endpoint("westus3"), deployment: "fallback", tokensPerMinute: 100_000, requestsPerMinute: 500, priority: 1, region: "westus3" },
      ],
      authMode: "entra-id",
      minConnections: 5,
      maxConnections: 50,
      connectionTimeoutMs: 30_000,
      maxRetries: 3,
      retryDelayMs: 1_000,
      maxQueue: 200,
      // The one app granted: its replicas alone share the deployments.
      maxReplicas: 10,
    });
    expect(template.count("azurerm_role_assignment")).toBe(2);
  });

  test("without pool settings only the deployments and the auth mode are written: the pool applies its defaults", () => {
    const { stack, app, openai } = setup();
    openai.grantTo(app);
    const env = appEnvironment(synthesize(stack));
    expect(Object.keys(env).filter((name) => name.startsWith("AGENT_POOL_")).sort()).toEqual([
      "AGENT_POOL_MAX_REPLICAS",
      "AGENT_POOL_OPENAI_AUTH_MODE",
      expect.stringMatching(/^AGENT_POOL_OPENAI_DEPLOYMENT_OPENAI_[0-9A-F]{8}_000$/),
    ]);
    expect(Object.keys(openai.poolEnvironment).sort()).toEqual(Object.keys(env).filter((name) => name.startsWith("AGENT_POOL_") && name !== "AGENT_POOL_MAX_REPLICAS").sort());
  });

  test("AGENT_POOL_MAX_REPLICAS: the maxReplicas of every app granted the config, summed, grants after this one included", () => {
    const { stack, environment, app, openai } = setup();
    openai.grantTo(app);
    const other = new ScaledAgentApp(stack, "other", { environment, image: "example.azurecr.io/other:v1", maxReplicas: 6 });
    openai.grantTo(other);
    openai.grantTo(other);
    const template = synthesize(stack);
    // agent: the default maxReplicas of 10; other: 6. Both apps' replicas share the deployment.
    expect(appEnvironment(template).AGENT_POOL_MAX_REPLICAS).toBe("16");
    expect(appEnvironment(template, "other").AGENT_POOL_MAX_REPLICAS).toBe("16");
    expect(readPoolEnvironment(resolveEndpoints(template, appEnvironment(template))).maxReplicas).toBe(16);
    expect(openai.grantedApps).toEqual([app, other]);
  });

  test("AGENT_POOL_MAX_REPLICAS of an app granted two configs: the larger sharing; an app's own value is kept", () => {
    const { stack, environment, app, openai } = setup();
    const west = new OpenAIPoolConfig(stack, "west", { environment, deployments: [{ ...CHAT, location: "westus3" }], lifecycleAsOf: AS_OF });
    const westOnly = new ScaledAgentApp(stack, "westonly", { environment, image: "example.azurecr.io/w:v1", maxReplicas: 20 });
    const own = new ScaledAgentApp(stack, "own", { environment, image: "example.azurecr.io/o:v1", environmentVariables: { AGENT_POOL_MAX_REPLICAS: "3" } });
    openai.grantTo(app);
    west.grantTo(app);
    west.grantTo(westOnly);
    openai.grantTo(own);
    const template = synthesize(stack);
    // openai: agent 10 + own 10 = 20; west: agent 10 + westonly 20 = 30.
    expect(appEnvironment(template).AGENT_POOL_MAX_REPLICAS).toBe("30");
    expect(appEnvironment(template, "westonly").AGENT_POOL_MAX_REPLICAS).toBe("30");
    expect(appEnvironment(template, "own").AGENT_POOL_MAX_REPLICAS).toBe("3");
  });

  test("AGENT_POOL_MAX_REPLICAS with a maxReplicas from a Terraform variable: a Terraform expression, not a guess", () => {
    const { stack, environment, app, openai } = setup();
    const max = new TerraformVariable(stack, "max", { type: "number" });
    const other = new ScaledAgentApp(stack, "other", { environment, image: "example.azurecr.io/other:v1", maxReplicas: max.numberValue });
    openai.grantTo(app);
    openai.grantTo(other);
    const value = appEnvironment(synthesize(stack)).AGENT_POOL_MAX_REPLICAS;
    expect(value).toBe("${max(sum([10, var.max]))}");
  });

  test("is idempotent per app and works for any number of apps", () => {
    const { stack, environment, app, openai } = setup();
    const first = openai.grantTo(app);
    expect(openai.grantTo(app)).toBe(first);
    const other = new ScaledAgentApp(stack, "other", { environment, image: "example.azurecr.io/other:v1" });
    openai.grantTo(other);
    const template = synthesize(stack);
    const principals = template.resources("azurerm_role_assignment").map((r) => r.props.principal_id);
    expect(principals).toHaveLength(2);
    expect(new Set(principals).size).toBe(2);
    expect(openai.roleAssignments).toHaveLength(2);
    for (const id of ["agent", "other"]) {
      const env = template.resources("azurerm_container_app").find((r) => r.id.startsWith(`${id}_`))!.props.template.container[0].env;
      expect(env.filter((e: { name: string }) => e.name.startsWith("AGENT_POOL_"))).toHaveLength(3);
    }
  });

  test("several configs and a CosmosDatabase inject into one app without overwriting each other", () => {
    const { stack, environment, app, openai } = setup({ pool: SPEC_POOL });
    const west = new OpenAIPoolConfig(stack, "west", { environment, deployments: [{ ...CHAT, location: "westus3", priority: 1 }], pool: SPEC_POOL, lifecycleAsOf: AS_OF });
    const cosmos = new CosmosDatabase(stack, "cosmos", { environment, databaseName: "customer-service" });
    openai.grantTo(app);
    west.grantTo(app);
    cosmos.grantTo(app);
    const template = synthesize(stack);
    const settings = readPoolEnvironment(resolveEndpoints(template, appEnvironment(template)));
    expect(settings.deployments.map((d) => [d.region, d.priority])).toEqual(
      expect.arrayContaining([
        ["eastus2", 0],
        ["westus3", 1],
      ]),
    );
    expect(settings.deployments).toHaveLength(2);
    expect(settings.maxConnections).toBe(50);
    expect(settings.cosmos?.databaseName).toBe("customer-service");
  });

  test("two configs with different pool settings for one app: a clear error", () => {
    const { stack, environment, app, openai } = setup({ pool: SPEC_POOL });
    const other = new OpenAIPoolConfig(stack, "other", { environment, deployments: [{ ...CHAT, location: "westus3" }], pool: { maxConnections: 20 }, lifecycleAsOf: AS_OF });
    openai.grantTo(app);
    expect(() => other.grantTo(app)).toThrow(/^test\/other: grantTo\(test\/agent\): AGENT_POOL_MAX_CONNECTIONS is written twice with different values \("50" and "20"\)/);
  });

  test("no key, connection string or secret in the JSON of the default configuration", () => {
    const { stack, environment, app, openai } = setup();
    openai.grantTo(app);
    new CosmosDatabase(stack, "cosmos", { environment, databaseName: "customer-service", containers: [{ name: "conversations", partitionKeyPaths: ["/conversationId"] }] }).grantTo(app);
    const template = synthesize(stack);
    expect(keyLikeContent(template.json)).toEqual([]);
    expect(template.findOne("azurerm_cognitive_account").props.local_auth_enabled).toBe(false);
    expect(template.findOne("azurerm_cosmosdb_account").props.local_authentication_disabled).toBe(true);
    // The scan finds what it is meant to find.
    expect(keyLikeContent({ env: "${azurerm_cognitive_account.a.primary_access_key}", cs: "AccountEndpoint=x;AccountKey=abc", primary_key: "k" })).toHaveLength(3);
  });
});

describe("OpenAIPoolConfig capacity warnings", () => {
  test("a CapacityPlan whose TPM the deployments do not reach gives a warning stating both numbers", () => {
    const { openai } = setup({ capacity: CapacityPlan.fromTraffic() });
    expect(warnings(openai)).toEqual([expect.stringMatching(/provide 200,000 TPM in total, below the 210,000 TPM the load needs at peak/)]);
  });

  test("no warning when the deployments cover the plan", () => {
    const { openai } = setup({ capacity: { requiredTokensPerMinute: 200_000 } });
    expect(warnings(openai)).toEqual([]);
  });

  test("the load including max_tokens above the deployed TPM gives a warning with both numbers", () => {
    const { openai } = setup({ deployments: [{ ...CHAT, tokensPerMinute: 300_000 }], capacity: { requiredTokensPerMinute: 210_000, openAICallsPerMinute: 840 }, maxTokensPerCall: 800 });
    expect(warnings(openai)).toEqual([expect.stringMatching(/token load including max_tokens is 882,000 TPM \(210,000 planned \+ 840 calls\/min x 800 max_tokens.*above the 300,000 TPM deployed/)]);
  });

  test("no max_tokens warning when the estimate fits", () => {
    const { openai } = setup({ deployments: [{ ...CHAT, tokensPerMinute: 900_000 }], capacity: { requiredTokensPerMinute: 210_000, openAICallsPerMinute: 840 }, maxTokensPerCall: 800 });
    expect(warnings(openai)).toEqual([]);
  });

  test("calls per minute above the deployments' RPM give a warning", () => {
    const { openai } = setup({ deployments: [{ ...CHAT, tokensPerMinute: 100_000 }], capacity: { requiredTokensPerMinute: 50_000, openAICallsPerMinute: 840 } });
    expect(warnings(openai)).toEqual([expect.stringMatching(/840 calls\/min at peak, above the 600 requests per minute/)]);
  });

  test("localAuthEnabled: keys on, with a warning", () => {
    const { stack, openai } = setup({ localAuthEnabled: true });
    expect(synthesize(stack).findOne("azurerm_cognitive_account").props.local_auth_enabled).toBe(true);
    expect(warnings(openai)).toEqual([expect.stringMatching(/localAuthEnabled is true/)]);
  });
});

describe("OpenAIPoolConfig validation", () => {
  const deployment = (change: Partial<OpenAIModelDeployment>) => ({ deployments: [{ ...CHAT, ...change }] });
  const cases: Array<[string, Partial<OpenAIPoolConfigProps>, RegExp]> = [
    ["no deployments", { deployments: [] }, /deployments is empty/],
    ["retired model version", deployment({ model: "o4-mini", modelVersion: "2025-04-16" }), /deployment "chat": Azure OpenAI model o4-mini version 2025-04-16 retired on 2026-10-16: Azure OpenAI refuses new deployments/],
    ["version closed to new customers", deployment({ model: "gpt-4o", modelVersion: "2024-08-06" }), /deployment "chat": Azure OpenAI model gpt-4o version 2024-08-06 is closed to new customers since 2025-08-06 \(retires on 2027-04-14\)/],
    ["lifecycleAsOf not a date", { lifecycleAsOf: "2026-13-01" }, /lifecycleAsOf must be a calendar date written YYYY-MM-DD .*got "2026-13-01"/],
    ["TPM not a multiple of 1,000", deployment({ tokensPerMinute: 1_500 }), /deployments\[0\] \("chat"\): tokensPerMinute must be a positive multiple of 1,000 .*got 1500/],
    ["TPM 0", deployment({ tokensPerMinute: 0 }), /tokensPerMinute must be a positive multiple of 1,000.*got 0/],
    ["TPM negative", deployment({ tokensPerMinute: -1000 }), /tokensPerMinute must be a positive multiple of 1,000.*got -1000/],
    ["provisioned SKU", deployment({ sku: "ProvisionedManaged" as never }), /sku "ProvisionedManaged" is sized in provisioned throughput units \(PTU\).*use one of Standard, GlobalStandard, DataZoneStandard/],
    ["batch SKU", deployment({ sku: "GlobalBatch" as never }), /sku "GlobalBatch" serves batch jobs/],
    ["unknown SKU", deployment({ sku: "Premium" as never }), /sku "Premium" is not an Azure OpenAI deployment SKU/],
    ["deployment name Azure rejects", deployment({ name: "chat model" }), /Azure OpenAI deployment name "chat model" is not valid/],
    ["empty model", deployment({ model: "" }), /deployments\[0\] \("chat"\): model is empty/],
    ["empty model version", deployment({ modelVersion: "" }), /modelVersion is empty/],
    ["RPM 0", deployment({ requestsPerMinute: 0 }), /requestsPerMinute must be a positive integer; got 0/],
    ["negative priority", deployment({ priority: -1 }), /priority must be a non-negative integer \(0 is tried first\); got -1/],
    ["fractional priority", deployment({ priority: 0.5 }), /priority must be a non-negative integer.*got 0.5/],
    ["bad location", deployment({ location: "east-us" }), /location must be an Azure location name such as "eastus2"/],
    ["location given as a token", deployment({ location: "${var.region}" }), /location must be an Azure location name such as "eastus2" or "East US 2" \(a literal name, not a Terraform token/],
    ["same deployment name twice in one location", { deployments: [CHAT, { ...CHAT, location: "East US 2" }] }, /deployment name "chat" is used twice in location eastus2/],
    ["account name Azure rejects", { accountNames: { eastus2: "Contoso_OpenAI" } }, /Azure OpenAI account name \(and custom subdomain\) "Contoso_OpenAI" is not valid/],
    ["account name for a location without deployments", { accountNames: { westus3: "contoso-west" } }, /accountNames has a name for location "westus3", where no deployment is/],
    ["one location named twice", { accountNames: { eastus2: "contoso-a", "East US 2": "contoso-b" } }, /accountNames names location eastus2 twice/],
    ["one account name for two locations", { deployments: [CHAT, { ...CHAT, location: "westus3" }], accountNames: { eastus2: "contoso", westus3: "contoso" } }, /accountNames gives "contoso" to two locations/],
    ["min connections above max", { pool: { minConnections: 60, maxConnections: 50 } }, /pool settings: AGENT_POOL_MIN_CONNECTIONS \(60\) must not exceed AGENT_POOL_MAX_CONNECTIONS \(50\)/],
    ["connection timeout 0", { pool: { connectionTimeout: Duration.seconds(0) } }, /pool settings: settings.connectionTimeoutMs .* must be a positive integer; got 0/],
    ["max connections 0", { pool: { maxConnections: 0 } }, /settings.maxConnections .* must be a positive integer; got 0/],
    ["max_tokens without calls per minute", { capacity: { requiredTokensPerMinute: 1000 }, maxTokensPerCall: 800 }, /maxTokensPerCall needs capacity.openAICallsPerMinute/],
    ["max_tokens 0", { capacity: { requiredTokensPerMinute: 1000, openAICallsPerMinute: 1 }, maxTokensPerCall: 0 }, /maxTokensPerCall must be a positive integer; got 0/],
    ["negative required TPM", { capacity: { requiredTokensPerMinute: -1 } }, /capacity.requiredTokensPerMinute must be a non-negative number; got -1/],
    ["negative calls per minute", { capacity: { requiredTokensPerMinute: 1, openAICallsPerMinute: -5 } }, /capacity.openAICallsPerMinute must be a non-negative number; got -5/],
  ];
  test.each(cases)("%s: a clear error naming the construct path", (_name, props, message) => {
    expect(() => setup(props)).toThrow(message);
    expect(() => setup(props)).toThrow(/^test\/openai: /);
  });

  test("the same deployment name in two locations is allowed", () => {
    const { stack } = setup({ deployments: [CHAT, { ...CHAT, location: "westus3" }] });
    expect(synthesize(stack).count("azurerm_cognitive_deployment")).toBe(2);
  });
});

test("a Terraform variable as tokensPerMinute is a clear error: the pool contract needs the number at synth", () => {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2" });
  const tpm = new TerraformVariable(stack, "tpm", { type: "number" }).numberValue;
  expect(() => new OpenAIPoolConfig(stack, "openai", { environment, deployments: [{ ...CHAT, tokensPerMinute: tpm }] })).toThrow(
    /^test\/openai: deployments\[0\] \("chat"\): tokensPerMinute is a Terraform token. The pool settings written into every granted app carry it/,
  );
});

describe("OpenAIPoolConfig model lifecycle", () => {
  test("the default chat model deploys on the release date without a lifecycle warning", () => {
    const { stack } = setup();
    synthesize(stack);
    expect(warnings(stack)).toEqual([]);
  });

  test("a version retired on the checked day is an error naming the construct path and the retirement date", () => {
    expect(() => setup({ deployments: [{ ...CHAT, model: "gpt-4o", modelVersion: "2024-05-13" }], lifecycleAsOf: "2026-12-09" })).toThrow(
      /^test\/openai: deployment "chat": Azure OpenAI model gpt-4o version 2024-05-13 retired on 2026-12-09: .* Microsoft's replacement: gpt-5.6-sol version 2026-07-09\. .* Set modelVersion/,
    );
    // lifecycleAsOf makes the check reproducible: the same version was only closed to new customers a day earlier.
    expect(() => setup({ deployments: [{ ...CHAT, model: "gpt-4o", modelVersion: "2024-05-13" }], lifecycleAsOf: "2026-12-08" })).toThrow(/is closed to new customers since 2025-05-13/);
  });

  test("a version within 90 days of closing, or one the table does not know, deploys with a warning", () => {
    const { stack } = setup({ deployments: [{ ...CHAT, model: "gpt-5.6-sol", modelVersion: "2026-07-09" }], lifecycleAsOf: "2027-05-01" });
    synthesize(stack);
    expect(warnings(stack)).toEqual([expect.stringMatching(/deployment "chat": Azure OpenAI model gpt-5.6-sol version 2026-07-09 closes to new customers on 2027-07-09, 69 days after 2027-05-01/)]);
    const unknown = setup({ deployments: [{ ...CHAT, model: "gpt-7", modelVersion: "2027-01-01" }] });
    expect(warnings(unknown.stack)).toEqual([expect.stringMatching(/model gpt-7 version 2027-01-01 is not in the lifecycle table/)]);
  });

  test("the default RPM follows the model's documented ratio: o3 gives 1 request per minute per 1,000 TPM", () => {
    const { openai } = setup({ deployments: [{ ...CHAT, model: "o3", modelVersion: "2025-04-16", tokensPerMinute: 100_000 }], lifecycleAsOf: "2026-06-01" });
    expect(openai.poolDeployments[0]!.requestsPerMinute).toBe(100);
  });
});
