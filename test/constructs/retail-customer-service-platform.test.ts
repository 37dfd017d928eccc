import { type TerraformStack } from "cdktf";
import { BOOTSTRAP_IMAGE, DEFAULT_CHAT_MODEL, DEFAULT_OPENAI_HEADROOM, modelLifecycleStatus, OpenAITpmSku, RetailCustomerServicePlatform, type RetailCustomerServicePlatformProps } from "../../constructs";
import { synthesize, type Template, testStack, warnings } from "../support/template";

/** The day model versions are checked for (the release date), so that these tests do not change with the calendar. */
const AS_OF = "2026-12-01";

function platform(props: Partial<RetailCustomerServicePlatformProps> = {}, stack: TerraformStack = testStack(), id = "cs") {
  const construct = new RetailCustomerServicePlatform(stack, id, { location: "eastus2", alerts: { emails: ["ops@example.com"] }, ...props, openAI: { lifecycleAsOf: AS_OF, ...props.openAI } });
  return { stack, construct };
}

/** The container app synthesized for a ScaledAgentApp, found by its Azure name. */
function appProps(template: Template, appName: string) {
  return template.findOne("azurerm_container_app", { name: appName }).props;
}

describe("RetailCustomerServicePlatform with the spec's defaults", () => {
  const { stack, construct } = platform();
  const template = synthesize(stack);

  test("resource counts per type", () => {
    expect(template.countsByType()).toEqual({
      azurerm_resource_group: 1,
      azurerm_log_analytics_workspace: 1,
      azurerm_application_insights: 1,
      azurerm_container_app_environment: 1,
      azurerm_container_registry: 1,
      azurerm_user_assigned_identity: 1 + 16, // registry pull + one query identity per log alert (P95 and error rate of 8 apps)
      azurerm_role_assignment: 1 + 6 + 16, // AcrPull + OpenAI User per agent + Reader per log alert
      azurerm_container_app: 8,
      azurerm_cognitive_account: 1,
      azurerm_cognitive_deployment: 1,
      azurerm_cosmosdb_account: 1,
      azurerm_cosmosdb_sql_database: 1,
      azurerm_cosmosdb_sql_container: 1,
      azurerm_cosmosdb_sql_role_assignment: 6,
      azurerm_monitor_action_group: 1,
      azurerm_monitor_metric_alert: 8 + 8 + 1, // replica saturation and ingress 5xx per app + OpenAI 429s
      azurerm_monitor_scheduled_query_rules_alert_v2: 16,
      azurerm_application_insights_workbook: 1, // the scaling dashboard
    });
  });

  test.each([
    ["apiGateway", 0, 10, 0.5, "1Gi"],
    ["slimGateway", 1, 5, 0.5, "1Gi"],
    ["intent", 0, 5, 0.5, "1Gi"],
    ["response", 1, 8, 1, "2Gi"],
    ["critic", 0, 5, 0.5, "1Gi"],
    ["escalation", 0, 3, 0.5, "1Gi"],
    ["knowledge", 0, 3, 0.5, "1Gi"],
    ["analytics", 0, 2, 0.5, "1Gi"],
  ] as const)("%s runs %d-%d replicas of %d vCPU / %s", (name, min, max, cpu, memory) => {
    const app = name === "apiGateway" || name === "slimGateway" ? construct[name] : construct.agents[name];
    const props = appProps(template, app.appName);
    expect(props.template.min_replicas).toBe(min);
    expect(props.template.max_replicas).toBe(max);
    expect(props.template.container[0]).toMatchObject({ cpu, memory });
  });

  test("only the API gateway has external ingress; every app listens on 8080 over HTTPS only", () => {
    const apps = template.resources("azurerm_container_app");
    const external = apps.filter((app) => app.props.ingress.external_enabled === true);
    expect(external.map((app) => app.props.name)).toEqual([construct.apiGateway.appName]);
    for (const app of apps) expect(app.props.ingress).toMatchObject({ target_port: 8080, allow_insecure_connections: false });
  });

  test("the gateway scales on 10 concurrent requests, SLIM on CPU 70% from one replica, the response agent on CPU and HTTP from one replica", () => {
    expect(appProps(template, construct.apiGateway.appName).template.http_scale_rule).toEqual([{ name: "http-concurrency", concurrent_requests: "10" }]);
    const slim = appProps(template, construct.slimGateway.appName).template;
    expect(slim.custom_scale_rule).toEqual([{ name: "cpu-utilization", custom_rule_type: "cpu", metadata: { type: "Utilization", value: "70" } }]);
    const response = appProps(template, construct.agents.response.appName).template;
    expect(response.min_replicas).toBe(1);
    expect(response.custom_scale_rule).toContainEqual({ name: "cpu-utilization", custom_rule_type: "cpu", metadata: { type: "Utilization", value: "70" } });
    expect(response.http_scale_rule).toEqual([{ name: "http-concurrency", concurrent_requests: "10" }]);
    for (const name of ["intent", "critic", "escalation", "knowledge", "analytics"] as const) {
      expect(appProps(template, construct.agents[name].appName).template.http_scale_rule).toEqual([{ name: "http-concurrency", concurrent_requests: "10" }]);
    }
  });

  test("the spec's schedule holds two replicas in business hours (US Eastern) on the gateway and the response agent", () => {
    const businessHours = { name: "business-hours", custom_rule_type: "cron", metadata: { timezone: "America/New_York", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: "2" } };
    expect(appProps(template, construct.apiGateway.appName).template.custom_scale_rule).toEqual([businessHours]);
    expect(appProps(template, construct.agents.response.appName).template.custom_scale_rule).toContainEqual(businessHours);
    expect(Object.keys(construct.schedules).sort()).toEqual(["apiGateway", "response"]);
  });

  test("without images every app starts on the public bootstrap image, Terraform keeps the pipeline's later images, and the created registry is wired for them", () => {
    const registry = template.findOne("azurerm_container_registry");
    const pull = template.findOne("azurerm_user_assigned_identity", { name: construct.environment.pullIdentity!.nameInput });
    const acrPull = template.findOne("azurerm_role_assignment", { role_definition_name: "AcrPull" });
    expect(acrPull.props.scope).toBe(`\${azurerm_container_registry.${registry.id}.id}`);
    for (const app of template.resources("azurerm_container_app")) {
      expect(app.props.template.container[0].image).toBe(BOOTSTRAP_IMAGE);
      expect(app.props.lifecycle).toEqual({ ignore_changes: ["template[0].container[0].image"] });
      expect(app.props.registry).toEqual([{ server: `\${azurerm_container_registry.${registry.id}.login_server}`, identity: `\${azurerm_user_assigned_identity.${pull.id}.id}` }]);
      expect(app.props.depends_on).toEqual([`azurerm_role_assignment.${acrPull.id}`]);
      // The bootstrap image listens on 8080, the apps' target port, so it needs no port variable.
      expect(app.props.template.container[0].env.map((env: { name: string }) => env.name)).not.toContain("ASPNETCORE_HTTP_PORTS");
    }
  });

  test("the default model is DEFAULT_CHAT_MODEL, deployable on the release date", () => {
    expect(template.findOne("azurerm_cognitive_deployment").props.model).toEqual({ format: "OpenAI", name: DEFAULT_CHAT_MODEL.model, version: DEFAULT_CHAT_MODEL.version });
    expect(modelLifecycleStatus(DEFAULT_CHAT_MODEL.model, DEFAULT_CHAT_MODEL.version, AS_OF).status).toBe("available");
  });

  test("Azure OpenAI: GlobalStandard sized from the plan (210,000 TPM at peak + 5% = 221 units of 1,000), granted to the six agents by identity, no TPM warning", () => {
    expect(construct.capacityPlan.requiredTokensPerMinute).toBe(210_000);
    expect(template.findOne("azurerm_cognitive_deployment").props.sku).toMatchObject({ name: "GlobalStandard", capacity: Math.ceil((210_000 * (1 + DEFAULT_OPENAI_HEADROOM)) / 1_000) });
    expect(template.findOne("azurerm_cognitive_deployment").props.sku.capacity).toBe(221);
    const grants = template.find("azurerm_role_assignment", { role_definition_name: "Cognitive Services OpenAI User" });
    expect(grants).toHaveLength(6);
    expect(warnings(stack).filter((warning) => warning.includes("TPM"))).toEqual([]);
    const gatewayEnv = appProps(template, construct.apiGateway.appName).template.container[0].env.map((env: { name: string }) => env.name);
    expect(gatewayEnv.filter((name: string) => name.startsWith("AGENT_POOL_"))).toEqual([]);
    const intentEnv = appProps(template, construct.agents.intent.appName).template.container[0].env.map((env: { name: string }) => env.name);
    expect(intentEnv).toEqual(expect.arrayContaining(["AGENT_POOL_COSMOS_ENDPOINT", "AGENT_POOL_COSMOS_DATABASE"]));
    expect(intentEnv.some((name: string) => name.startsWith("AGENT_POOL_OPENAI_DEPLOYMENT_"))).toBe(true);
  });

  test("every agent's pool knows how many replicas share the deployment: the six agents' maxReplicas summed", () => {
    const agents = Object.values(construct.agents);
    expect(agents).toHaveLength(6);
    const sharing = agents.reduce((sum, agent) => sum + agent.maxReplicas, 0);
    for (const agent of agents) {
      const env = appProps(template, agent.appName).template.container[0].env as { name: string; value?: string }[];
      expect(env.find((e) => e.name === "AGENT_POOL_MAX_REPLICAS")?.value).toBe(String(sharing));
    }
    expect(sharing).toBeGreaterThan(6);
  });

  test("alerts: the P95 log alert and error rate per app, replica saturation per app, OpenAI 429s, all notifying the action group", () => {
    const group = template.findOne("azurerm_monitor_action_group");
    expect(group.props.email_receiver).toEqual([expect.objectContaining({ email_address: "ops@example.com" })]);
    const groupRef = `\${azurerm_monitor_action_group.${group.id}.id}`;
    for (const alert of template.resources("azurerm_monitor_scheduled_query_rules_alert_v2")) expect(alert.props.action.action_groups).toEqual([groupRef]);
    for (const alert of template.resources("azurerm_monitor_metric_alert")) expect(alert.props.action).toEqual([{ action_group_id: groupRef }]);
    const p95 = template.resources("azurerm_monitor_scheduled_query_rules_alert_v2").filter((alert) => alert.props.criteria[0].query.includes("percentile(duration, 95)"));
    expect(p95).toHaveLength(8);
    const throttling = template.find("azurerm_monitor_metric_alert", { criteria: [{ metric_name: "AzureOpenAIRequests" }] });
    expect(throttling).toHaveLength(1);
  });

  test("one output, the gateway URL, with a logical id derived from the construct path", () => {
    const outputs = template.outputs();
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/^cs_GatewayUrl_[0-9A-F]{8}$/)]);
    expect(Object.values(outputs)[0]!.value).toBe(`https://\${azurerm_container_app.${template.findOne("azurerm_container_app", { name: construct.apiGateway.appName }).id}.ingress[0].fqdn}`);
  });

  test("costEstimate: one row per app with the spec's labels, the business-hours floor billed, OpenAI tokens from the plan", () => {
    const estimate = construct.costEstimate();
    expect(estimate.components.map((cost) => cost.component.name)).toEqual([
      "API Gateway", "SLIM Gateway", "Intent Classifier", "Response Generator", "Critic/Supervisor", "Escalation", "Knowledge Retrieval", "Analytics",
    ]);
    const gateway = estimate.components[0]!;
    // 0.5 vCPU / 1 GiB, 2 replicas for 12 h x 5 days a week, active rate, over 730/168 weeks a month.
    const businessHoursSeconds = 60 * 3600 * (730 / 168) * 2;
    expect(gateway.min.usd).toBeCloseTo(businessHoursSeconds * (0.5 * 0.000024 + 1 * 0.000003), 6);
    expect(estimate.components[2]!.min.usd).toBe(0);
    expect(gateway.max.usd).toBeCloseTo(10 * 730 * 3600 * (0.5 * 0.000024 + 0.000003), 6);
    expect(estimate.traffic.requests).toBe(Math.round((100_000 * 730) / 24));
    // The default deployment is gpt-5.6-sol, so its token prices are used: 75% input at $5, 25% output at $30 per million.
    expect(estimate.prices.openAIModel).toBe("gpt-5.6-sol");
    const tokens = estimate.traffic.requests * 1000;
    expect(estimate.openAIUsd).toBeCloseTo(((tokens * 0.75) / 1e6) * 5 + ((tokens * 0.25) / 1e6) * 30, 0);
  });

  test("no key, connection string or secret value in the JSON", () => {
    const text = JSON.stringify(template.json);
    expect(text).not.toMatch(/primary_(access_)?key|secondary_(access_)?key|connection_strings|AccountKey=|instrumentation_key/);
    for (const app of template.resources("azurerm_container_app")) {
      for (const secret of app.props.secret) expect(secret.value).toMatch(/^\$\{azurerm_application_insights\.[^.]+\.connection_string\}$/);
    }
  });
});

describe("RetailCustomerServicePlatform overrides and checks", () => {
  test("images with a tag from the created registry: registry images and a warning that the first apply fails until they are pushed", () => {
    const { stack, construct } = platform({ images: { tag: "v1.1.2" } });
    const template = synthesize(stack);
    const registry = template.findOne("azurerm_container_registry");
    const intent = appProps(template, construct.agents.intent.appName);
    expect(intent.template.container[0].image).toBe(`\${azurerm_container_registry.${registry.id}.login_server}/intent-classifier:v1.1.2`);
    expect(intent.lifecycle).toBeUndefined();
    expect(warnings(stack)).toEqual(expect.arrayContaining([expect.stringMatching(/registry this stack creates, which is empty on the first deploy.*"v1\.1\.2"/)]));
  });

  test("an existing registry by resource id: a pull identity with AcrPull on that id, a registry block on every app that waits for the grant", () => {
    const registryId = "/subscriptions/0000/resourceGroups/shared/providers/Microsoft.ContainerRegistry/registries/contoso";
    const { stack } = platform({ images: { registry: { loginServer: "contoso.azurecr.io", resourceId: registryId }, tag: "v2" }, alerts: { enabled: false } });
    const template = synthesize(stack);
    expect(template.count("azurerm_container_registry")).toBe(0);
    const acrPull = template.findOne("azurerm_role_assignment", { role_definition_name: "AcrPull" });
    expect(acrPull.props.scope).toBe(registryId);
    const pull = template.findOne("azurerm_user_assigned_identity");
    expect(acrPull.props.principal_id).toBe(`\${azurerm_user_assigned_identity.${pull.id}.principal_id}`);
    const apps = template.resources("azurerm_container_app");
    expect(apps).toHaveLength(8);
    for (const app of apps) {
      expect(app.props.registry).toEqual([{ server: "contoso.azurecr.io", identity: `\${azurerm_user_assigned_identity.${pull.id}.id}` }]);
      expect(app.props.identity.identity_ids).toContain(`\${azurerm_user_assigned_identity.${pull.id}.id}`);
      expect(app.props.depends_on).toEqual([`azurerm_role_assignment.${acrPull.id}`]);
      expect(app.props.template.container[0].image).toMatch(/^contoso\.azurecr\.io\/[a-z-]+:v2$/);
    }
  });

  test("an existing registry by identity: that identity pulls, no identity or grant is created", () => {
    const identityId = "/subscriptions/0000/resourceGroups/shared/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr-pull";
    const { stack } = platform({ images: { registry: { loginServer: "contoso.azurecr.io", identityId }, tag: "v2" }, alerts: { enabled: false } });
    const template = synthesize(stack);
    expect(template.count("azurerm_user_assigned_identity")).toBe(0);
    expect(template.find("azurerm_role_assignment", { role_definition_name: "AcrPull" })).toEqual([]);
    for (const app of template.resources("azurerm_container_app")) {
      expect(app.props.registry).toEqual([{ server: "contoso.azurecr.io", identity: identityId }]);
      expect(app.props.depends_on).toBeUndefined();
    }
  });

  test("a public registry string: anonymous pulls, no registry block", () => {
    const { stack, construct } = platform({ images: { registry: "ghcr.io/contoso", tag: "v3" }, alerts: { enabled: false } });
    const template = synthesize(stack);
    expect(template.count("azurerm_container_registry")).toBe(0);
    expect(appProps(template, construct.agents.intent.appName).template.container[0].image).toBe("ghcr.io/contoso/intent-classifier:v3");
    for (const app of template.resources("azurerm_container_app")) expect(app.props.registry).toBeUndefined();
  });

  test("per-component overrides, an external registry and a per-component image", () => {
    const { stack, construct } = platform({
      images: { registry: "contoso.example.com", tag: "v2", byComponent: { analytics: "contoso.example.com/analytics-nightly:42" } },
      agents: { response: { maxReplicas: 10 }, intent: { cpu: 1, memory: "2Gi" } },
      schedule: false,
    });
    const template = synthesize(stack);
    expect(template.count("azurerm_container_registry")).toBe(0);
    expect(appProps(template, construct.agents.response.appName).template.max_replicas).toBe(10);
    expect(appProps(template, construct.agents.intent.appName).template.container[0]).toMatchObject({ cpu: 1, memory: "2Gi", image: "contoso.example.com/intent-classifier:v2" });
    expect(appProps(template, construct.agents.analytics.appName).template.container[0].image).toBe("contoso.example.com/analytics-nightly:42");
    expect(appProps(template, construct.apiGateway.appName).template.custom_scale_rule).toBeUndefined();
  });

  test("enough OpenAI TPM and no alerts: no warning, no alert resources", () => {
    const { stack } = platform({
      openAI: { deployments: [{ name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", sku: OpenAITpmSku.GLOBAL_STANDARD, tokensPerMinute: 250_000 }] },
      alerts: { enabled: false },
    });
    const template = synthesize(stack);
    expect(warnings(stack)).toEqual([]);
    expect(template.count("azurerm_monitor_action_group")).toBe(0);
    expect(template.count("azurerm_monitor_metric_alert")).toBe(0);
  });

  test("total maxReplicas below the plan's instances gives a warning with both numbers", () => {
    const small = { maxReplicas: 2 };
    const { stack } = platform({
      traffic: { dailyUsers: 40_000 },
      alerts: { enabled: false },
      apiGateway: small,
      slimGateway: small,
      agents: { intent: small, response: small, critic: small, escalation: small, knowledge: small, analytics: small },
      openAI: { deployments: [{ name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", sku: OpenAITpmSku.GLOBAL_STANDARD, tokensPerMinute: 1_000_000 }] },
    });
    expect(warnings(stack)).toEqual([expect.stringMatching(/maxReplicas add up to 16, below the 64 instances the capacity plan needs at 13.9 peak requests\/s/)]);
  });

  test("two platforms in one stack do not collide", () => {
    const stack = testStack();
    platform({}, stack, "east");
    platform({ location: "westus3" }, stack, "west");
    const template = synthesize(stack);
    expect(Object.keys(template.outputs())).toHaveLength(2);
    const names = template.resources("azurerm_container_app").map((app) => app.props.name);
    expect(new Set(names).size).toBe(16);
    const accounts = template.resources("azurerm_cognitive_account").map((account) => account.props.custom_subdomain_name);
    expect(new Set(accounts).size).toBe(2);
  });

  test("validation names the construct path", () => {
    expect(() => platform({ images: { tag: "" } })).toThrow(/^test\/cs: images.tag is required/);
    expect(() => platform({ images: { tag: "v1", registry: "contoso.azurecr.io" } })).toThrow(/^test\/cs: images.registry "contoso.azurecr.io" is an Azure Container Registry.*\{ loginServer: "contoso.azurecr.io", resourceId:/);
    expect(() => platform({ images: { tag: "v1", registry: { loginServer: "contoso.azurecr.io" } } })).toThrow(/^test\/cs\/Environment: existingRegistry needs exactly one of resourceId and identityId; got neither/);
    expect(() => platform({ images: { tag: "v1" }, environment: { containerRegistry: false } })).toThrow(/^test\/cs: images.registry is not given and environment.containerRegistry is false/);
    expect(() => platform({ scheduledComponents: ["gateway" as never] })).toThrow(/^test\/cs: scheduledComponents names "gateway", which is not an app of the platform/);
    expect(() => platform({ agents: { response: { minReplicas: 0 } } })).toThrow(/^test\/cs\/response: a cpu scale rule cannot scale an app up from zero replicas/);
  });
});
