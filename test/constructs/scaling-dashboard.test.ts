import { TerraformVariable } from "cdktf";
import { AgentEnvironment, CapacityPlan, OpenAIPoolConfig, ScaledAgentApp } from "../../constructs";
import { ScalingDashboard, type ScalingDashboardProps } from "../../constructs/scaling-dashboard";
import { CONTAINER_APP_METRICS, OPENAI_METRICS } from "../../src/monitoring";
import { TIME_RANGE_PARAMETER, WORKBOOK_SCHEMA_URL, WorkbookResourceType, type WorkbookData, type WorkbookItem } from "../../src/monitoring/workbook";
import { APPLICATION_INSIGHTS_SCHEMA, type KustoSchema, kustoDiagnostics, LOG_ANALYTICS_SCHEMA } from "../support/kusto";
import { synthesize, type Template, testStack } from "../support/template";

function setup() {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
  const intent = new ScaledAgentApp(stack, "intent", { environment, image: "x/intent:1", minReplicas: 1, maxReplicas: 5, ingress: { targetPort: 8080 } });
  const response = new ScaledAgentApp(stack, "response", { environment, image: "x/response:1", maxReplicas: 10, ingress: { targetPort: 8080 } });
  const openAI = new OpenAIPoolConfig(stack, "openai", {
    environment,
    lifecycleAsOf: "2026-12-01",
    deployments: [
      { name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", tokensPerMinute: 100_000 },
      { name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", tokensPerMinute: 100_000, location: "swedencentral", priority: 1 },
    ],
  });
  return { stack, environment, intent, response, openAI };
}

const ref = (template: Template, type: string, match: Record<string, unknown> = {}) => `\${${type}.${template.findOne(type, match).id}.id}`;

function synthesizeDashboard(extra: Partial<ScalingDashboardProps> = {}) {
  const { stack, environment, intent, response, openAI } = setup();
  const dashboard = new ScalingDashboard(stack, "dash", {
    environment,
    apps: { intent, response },
    openAI,
    capacityPlan: CapacityPlan.fromTraffic(),
    scheduleFloors: { intent: [{ name: "business-hours", minReplicas: 3 }] },
    ...extra,
  });
  const template = synthesize(stack);
  const workbook = template.findOne("azurerm_application_insights_workbook").props;
  const data = JSON.parse(workbook.data_json) as WorkbookData;
  const item = (name: string): WorkbookItem => {
    const found = data.items.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no workbook item "${name}"; items: ${data.items.map((i) => i.name).join(", ")}`);
    return found;
  };
  return { template, workbook, data, item, intent, response, dashboard };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- workbook item content is untyped JSON
const content = (item: WorkbookItem) => item.content as Record<string, any>;

describe("ScalingDashboard", () => {
  test("an Azure Monitor workbook in the environment's resource group, with a stable UUID name", () => {
    const { template, workbook } = synthesizeDashboard();
    expect(workbook).toMatchObject({
      display_name: "Agent platform scaling",
      location: "eastus2",
      category: "workbook",
      resource_group_name: `\${azurerm_resource_group.${template.findOne("azurerm_resource_group").id}.name}`,
      source_id: `\${lower(azurerm_application_insights.${template.findOne("azurerm_application_insights").id}.id)}`,
    });
    expect(workbook.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(synthesizeDashboard().workbook.name).toBe(workbook.name);
  });

  test("data_json is the workbook format with a TimeRange parameter that every tile follows", () => {
    const { data } = synthesizeDashboard();
    expect(data.version).toBe("Notebook/1.0");
    expect(data.$schema).toBe(WORKBOOK_SCHEMA_URL);
    const parameters = data.items.filter((i) => i.type === 9).flatMap((i) => content(i).parameters);
    expect(parameters).toEqual([expect.objectContaining({ name: TIME_RANGE_PARAMETER, type: 4, isRequired: true })]);
    const tiles = data.items.filter((i) => i.type === 3 || i.type === 10);
    expect(tiles.length).toBeGreaterThan(0);
    for (const tile of tiles) expect([tile.name, content(tile).timeContextFromParameter]).toEqual([tile.name, TIME_RANGE_PARAMETER]);
    expect(new Set(data.items.map((i) => i.name)).size).toBe(data.items.length);
  });

  test("replicas per app: a Replicas metric item on each app, with min, max and schedule floors beside it", () => {
    const { template, item, intent, response } = synthesizeDashboard();
    for (const [label, app] of [["intent", intent], ["response", response]] as const) {
      const replicas = content(item(`replicas-${label}`));
      expect(item(`replicas-${label}`).type).toBe(10);
      expect(replicas).toMatchObject({ version: "MetricsItem/2.0", resourceType: "microsoft.app/containerapps", metricScope: 0 });
      expect(replicas.resourceIds).toEqual([ref(template, "azurerm_container_app", { name: app.appName })]);
      expect(replicas.metrics).toEqual([
        { namespace: CONTAINER_APP_METRICS.replicas.namespace.toLowerCase(), metric: `microsoft.app/containerapps--${CONTAINER_APP_METRICS.replicas.metricName}`, aggregation: 3 },
      ]);
    }
    expect(content(item("replicas-intent")).title).toBe("intent: replicas (min 1, max 5)");
    const limits = (content(item("replica-limits")).json as string).split("\n");
    expect(limits).toContain(`| intent | ${intent.appName} | 1 | 5 | business-hours 3 |`);
    expect(limits).toContain(`| response | ${response.appName} | 0 | 10 | - |`);
  });

  test("scaling events: workspace-scoped queries over ContainerAppSystemLogs_CL for the apps", () => {
    const { template, item } = synthesizeDashboard();
    for (const name of ["scaling-events", "scaling-events-chart"]) {
      expect(item(name).type).toBe(3);
      expect(content(item(name))).toMatchObject({ queryType: 0, resourceType: WorkbookResourceType.LOG_ANALYTICS, crossComponentResources: [ref(template, "azurerm_log_analytics_workspace")] });
      expect(content(item(name)).query.split("\n")[0]).toBe("ContainerAppSystemLogs_CL");
    }
    expect(content(item("scaling-events")).visualization).toBe("table");
    expect(content(item("scaling-events-chart")).visualization).toBe("timechart");
  });

  test("requests, p50/p95 latency and error rate per app: App Insights-scoped queries over requests", () => {
    const { template, item } = synthesizeDashboard();
    for (const name of ["requests-per-app", "latency-per-app", "error-rate-per-app", "request-summary"]) {
      expect(item(name).type).toBe(3);
      expect(content(item(name))).toMatchObject({ queryType: 0, resourceType: WorkbookResourceType.APPLICATION_INSIGHTS, crossComponentResources: [ref(template, "azurerm_application_insights")] });
      expect(content(item(name)).query.split("\n")[0]).toBe("requests");
    }
  });

  test("ingress Requests metric on every app, split by status code category", () => {
    const { template, item, intent, response } = synthesizeDashboard();
    const ingress = content(item("ingress-requests"));
    expect(ingress.resourceIds).toEqual([intent, response].map((app) => ref(template, "azurerm_container_app", { name: app.appName })));
    expect(ingress.metrics).toEqual([{ namespace: "microsoft.app/containerapps", metric: `microsoft.app/containerapps--${CONTAINER_APP_METRICS.requests.metricName}`, aggregation: 1, splitBy: "statusCodeCategory" }]);
  });

  test("Azure OpenAI: requests by status code, tokens and latency per deployment on every account", () => {
    const { template, item } = synthesizeDashboard();
    const accounts = ["eastus2", "swedencentral"].map((location) => ref(template, "azurerm_cognitive_account", { location }));
    const metricsOf = (name: string) => {
      expect(content(item(name))).toMatchObject({ resourceType: "microsoft.cognitiveservices/accounts", resourceIds: accounts });
      return content(item(name)).metrics.map((m: { metric: string; splitBy?: string }) => [m.metric, m.splitBy]);
    };
    const id = (metricName: string) => `microsoft.cognitiveservices/accounts--${metricName}`;
    expect(metricsOf("openai-requests")).toEqual([[id(OPENAI_METRICS.requests.metricName), "StatusCode"]]);
    expect(metricsOf("openai-tokens")).toEqual([
      [id(OPENAI_METRICS.promptTokens.metricName), "ModelDeploymentName"],
      [id(OPENAI_METRICS.generatedTokens.metricName), "ModelDeploymentName"],
    ]);
    expect(metricsOf("openai-latency")).toEqual([[id(OPENAI_METRICS.timeToResponse.metricName), "ModelDeploymentName"]]);
    expect(content(item("openai-title")).json).toContain("200,000 TPM");
  });

  test("capacity plan: its figures as reference text and its peak RPS as a reference line", () => {
    const { item } = synthesizeDashboard();
    const plan = CapacityPlan.fromTraffic();
    const rows = (content(item("capacity-plan")).json as string).split("\n");
    expect(rows).toEqual(
      expect.arrayContaining([
        `| Peak requests per second | ${plan.peakRps} |`,
        `| Instances at peak | ${plan.instances} |`,
        `| Azure OpenAI tokens per minute at peak | ${plan.requiredTokensPerMinute.toLocaleString("en-US")} |`,
      ]),
    );
    expect(content(item("requests-vs-plan")).query.split("\n")).toContain(`| extend PlanPeakRps = ${plan.peakRps}`);
  });

  test("every KQL query in the workbook binds without diagnostics against its scope's schema", () => {
    const { data } = synthesizeDashboard();
    const schemas: Record<string, KustoSchema> = { [WorkbookResourceType.APPLICATION_INSIGHTS]: APPLICATION_INSIGHTS_SCHEMA, [WorkbookResourceType.LOG_ANALYTICS]: LOG_ANALYTICS_SCHEMA };
    const queries = data.items.filter((i) => i.type === 3);
    expect(queries.length).toBeGreaterThanOrEqual(7);
    for (const tile of queries) {
      const schema = schemas[content(tile).resourceType];
      expect([tile.name, schema !== undefined]).toEqual([tile.name, true]);
      expect([tile.name, kustoDiagnostics(content(tile).query, schema!)]).toEqual([tile.name, []]);
    }
    // The check tells the scopes apart: each query fails against the other scope's tables.
    for (const [name, otherSchema] of [["scaling-events", APPLICATION_INSIGHTS_SCHEMA], ["request-summary", LOG_ANALYTICS_SCHEMA]] as const) {
      expect(kustoDiagnostics(content(queries.find((q) => q.name === name)!).query, otherSchema).length).toBeGreaterThan(0);
    }
  });

  test("without openAI and capacityPlan there are no such tiles; displayName sets the title", () => {
    const { data, workbook } = synthesizeDashboard({ openAI: undefined, capacityPlan: undefined, displayName: "Scaling (prod)" });
    expect(workbook.display_name).toBe("Scaling (prod)");
    expect(data.items.map((i) => i.name).filter((name) => name.startsWith("openai") || name.includes("plan"))).toEqual([]);
  });

  test("replica limits from Terraform variables appear as Terraform references in the JSON", () => {
    const { stack, environment } = setup();
    const max = new TerraformVariable(stack, "max", { type: "number", default: 7 });
    const app = new ScaledAgentApp(stack, "critic", { environment, image: "x/critic:1", maxReplicas: max.numberValue });
    new ScalingDashboard(stack, "dash", { environment, apps: { critic: app } });
    const data = JSON.parse(synthesize(stack).findOne("azurerm_application_insights_workbook").props.data_json) as WorkbookData;
    const replicas = data.items.find((i) => i.name === "replicas-critic")!;
    expect(content(replicas).title).toBe("critic: replicas (min 0, max ${var.max})");
  });

  test("invalid props are errors naming the construct path", () => {
    const { stack, environment, intent } = setup();
    expect(() => new ScalingDashboard(stack, "empty", { environment, apps: {} })).toThrow(/^test\/empty: apps is empty\. Give at least one ScaledAgentApp/);
    expect(() => new ScalingDashboard(stack, "floors", { environment, apps: { intent }, scheduleFloors: { critic: [{ name: "weekend", minReplicas: 1 }] } })).toThrow(
      /^test\/floors: scheduleFloors has floors for "critic", which is not in apps\. Labels in apps: intent/,
    );
    expect(() => new ScalingDashboard(stack, "title", { environment, apps: { intent }, displayName: " " })).toThrow(/^test\/title: displayName is empty/);
  });
});
