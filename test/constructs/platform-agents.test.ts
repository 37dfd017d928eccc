import { RetailCustomerServicePlatform } from "../../constructs";
import { synthesize, type Template, testStack, warnings } from "../support/template";

const AS_OF = "2026-12-01";

function appEnvNames(template: Template, appName: string): string[] {
  return template.findOne("azurerm_container_app", { name: appName }).props.template.container[0].env.map((env: { name: string }) => env.name);
}

describe("a platform that grows", () => {
  const stack = testStack();
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", agents: { returns: {} }, openAI: { lifecycleAsOf: AS_OF }, alerts: { emails: ["ops@example.com"] } });
  const loyalty = platform.addAgent("loyalty", { maxReplicas: 4 });
  const template = synthesize(stack);
  const added = [platform.agents.returns!, loyalty];

  test("agents: { returns: {} } and addAgent(\"loyalty\") give 10 apps", () => {
    expect(template.count("azurerm_container_app")).toBe(10);
    expect(Object.keys(platform.apps)).toEqual(["apiGateway", "slimGateway", "intent", "response", "critic", "escalation", "knowledge", "analytics", "returns", "loyalty"]);
    expect(platform.agents.loyalty).toBe(loyalty);
  });

  test("a new agent gets the agent defaults: 0-3 replicas (or its own), internal ingress on 8080, HTTP scaling, the bootstrap image", () => {
    const returns = template.findOne("azurerm_container_app", { name: added[0]!.appName }).props;
    expect(returns.template).toMatchObject({ min_replicas: 0, max_replicas: 3 });
    expect(returns.ingress).toMatchObject({ external_enabled: false, target_port: 8080 });
    expect(returns.template.http_scale_rule).toEqual([{ name: "http-concurrency", concurrent_requests: "10" }]);
    expect(template.findOne("azurerm_container_app", { name: loyalty.appName }).props.template.max_replicas).toBe(4);
  });

  test.each([0, 1])("new agent %d has the pool settings and keyless grants to Azure OpenAI and Cosmos DB", (i) => {
    const app = added[i]!;
    const env = appEnvNames(template, app.appName);
    expect(env).toEqual(expect.arrayContaining(["AGENT_POOL_COSMOS_ENDPOINT", "AGENT_POOL_COSMOS_DATABASE"]));
    expect(env.some((name) => name.startsWith("AGENT_POOL_OPENAI_DEPLOYMENT_"))).toBe(true);
    const principal = template.findOne("azurerm_container_app", { name: app.appName }).id;
    const principalRef = `\${azurerm_container_app.${principal}.identity[0].principal_id}`;
    expect(template.find("azurerm_role_assignment", { role_definition_name: "Cognitive Services OpenAI User", principal_id: principalRef })).toHaveLength(1);
    expect(template.find("azurerm_cosmosdb_sql_role_assignment", { principal_id: principalRef })).toHaveLength(1);
    expect(env).not.toContain("AZURE_OPENAI_API_KEY");
  });

  test.each([0, 1])("new agent %d has the alert table's rows", (i) => {
    const app = added[i]!;
    const label = i === 0 ? "returns" : "loyalty";
    const alerts = platform.monitoring!.apps[label]!;
    expect(alerts).toBeDefined();
    const appRef = `\${azurerm_container_app.${template.findOne("azurerm_container_app", { name: app.appName }).id}.id}`;
    expect(template.find("azurerm_monitor_metric_alert", { scopes: [appRef] })).toHaveLength(2); // replica saturation, ingress 5xx
    const logQueries = template.resources("azurerm_monitor_scheduled_query_rules_alert_v2").filter((rule) => rule.props.criteria[0].query.includes(`"${app.cloudRoleName}"`));
    expect(logQueries).toHaveLength(2); // P95 latency, error rate
  });

  test("new agents count in the cost estimate", () => {
    expect(platform.costEstimate().components.map((cost) => cost.component.name).slice(-2)).toEqual(["returns", "loyalty"]);
  });

  test("invalid or taken agent names are errors naming the construct path", () => {
    expect(() => platform.addAgent("Loyalty")).toThrow(/^test\/cs: agent name "Loyalty" is not valid/);
    expect(() => platform.addAgent("loyalty")).toThrow(/^test\/cs: agent name "loyalty" is already an app of the platform/);
    expect(() => platform.addAgent("apiGateway")).toThrow(/^test\/cs: agent name "apiGateway" is not valid/);
  });
});

test("scheduledComponents accepts an agent given by name", () => {
  const stack = testStack();
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", agents: { returns: { maxReplicas: 4 } }, scheduledComponents: ["returns"], openAI: { lifecycleAsOf: AS_OF }, alerts: { enabled: false } });
  const rules = synthesize(stack).findOne("azurerm_container_app", { name: platform.agents.returns!.appName }).props.template.custom_scale_rule;
  expect(rules).toEqual([expect.objectContaining({ name: "business-hours", custom_rule_type: "cron" })]);
  expect(Object.keys(platform.schedules)).toEqual(["returns"]);
});

test("two Azure OpenAI locations give two 429 alerts, one per account", () => {
  const stack = testStack();
  new RetailCustomerServicePlatform(stack, "cs", {
    location: "eastus2",
    openAI: {
      lifecycleAsOf: AS_OF,
      deployments: [
        { name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", tokensPerMinute: 150_000 },
        { name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", tokensPerMinute: 100_000, location: "swedencentral", priority: 1 },
      ],
    },
  });
  const template = synthesize(stack);
  const throttling = template.find("azurerm_monitor_metric_alert", { criteria: [{ metric_name: "AzureOpenAIRequests" }] });
  expect(throttling).toHaveLength(2);
  const accounts = template.resources("azurerm_cognitive_account").map((account) => `\${azurerm_cognitive_account.${account.id}.id}`);
  expect(throttling.map((alert) => alert.props.scopes[0]).sort()).toEqual(accounts.sort());
  expect(warnings(stack).filter((w) => w.includes("TPM"))).toEqual([]);
});

test("the platform's scaling dashboard shows every app, agents added later too, with the schedule's floors; dashboard: false removes it", () => {
  const stack = testStack();
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", openAI: { lifecycleAsOf: AS_OF }, alerts: { enabled: false } });
  const loyalty = platform.addAgent("loyalty");
  const template = synthesize(stack);
  const data = JSON.parse(template.findOne("azurerm_application_insights_workbook").props.data_json) as { items: Array<{ type: number; content: { resourceIds?: string[] } }> };
  const replicaCharts = data.items.filter((item) => item.type === 10 && (item.content.resourceIds ?? []).length === 1);
  const appRef = (name: string) => `\${azurerm_container_app.${template.findOne("azurerm_container_app", { name }).id}.id}`;
  for (const app of [...Object.values(platform.apps)]) {
    expect(replicaCharts.some((item) => item.content.resourceIds![0] === appRef(app.appName))).toBe(true);
  }
  expect(platform.apps.loyalty).toBe(loyalty);
  expect(platform.dashboard!.data.items.length).toBeGreaterThan(0);
  const without = testStack();
  new RetailCustomerServicePlatform(without, "cs", { location: "eastus2", openAI: { lifecycleAsOf: AS_OF }, alerts: { enabled: false }, dashboard: false });
  expect(synthesize(without).count("azurerm_application_insights_workbook")).toBe(0);
});

test("platform.runbook(): one section per app with its Azure name, from the stack's own Terraform JSON", () => {
  const stack = testStack();
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", openAI: { lifecycleAsOf: AS_OF }, alerts: { emails: ["ops@example.com"] } });
  platform.addAgent("loyalty");
  const markdown = platform.runbook();
  const headings = markdown.split("\n").filter((line) => line.startsWith("## ")).map((line) => line.slice(3).trim());
  for (const app of Object.values(platform.apps)) expect(headings).toContain(app.appName);
  expect(markdown).not.toMatch(/\$\{/);
  const gatewaySection = markdown.split("\n## ").find((section) => section.startsWith(platform.apiGateway.appName))!;
  expect(gatewaySection).toContain(`az containerapp update --name ${platform.apiGateway.appName}`);
});

test("the platform dashboard compares the API gateway's requests, not every app's, with the plan's peak", () => {
  const stack = testStack();
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", openAI: { lifecycleAsOf: AS_OF }, alerts: { enabled: false } });
  const data = JSON.parse(synthesize(stack).findOne("azurerm_application_insights_workbook").props.data_json) as { items: Array<{ name: string; content: { query?: string } }> };
  const query = data.items.find((item) => item.name === "requests-vs-plan")!.content.query!;
  const filter = query.split("\n").find((line) => line.includes("cloud_RoleName"))!;
  expect(filter).toContain(`"${platform.apiGateway.cloudRoleName}"`);
  expect(filter).not.toContain(`"${platform.agents.intent.cloudRoleName}"`);
});
