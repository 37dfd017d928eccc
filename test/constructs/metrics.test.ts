import { AgentEnvironment, Duration, MetricAggregation, MetricOperator, OpenAIPoolConfig, ScaledAgentApp } from "../../constructs";
import { ActionGroup } from "../../constructs/action-group";
import { synthesize, testStack } from "../support/template";

function setup() {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
  const app = new ScaledAgentApp(stack, "agent", { environment, image: "x/agent:1", maxReplicas: 10, ingress: { targetPort: 8080 } });
  const openai = new OpenAIPoolConfig(stack, "openai", {
    environment,
    lifecycleAsOf: "2026-12-01",
    deployments: [
      { name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", tokensPerMinute: 100_000 },
      { name: "chat", model: "gpt-5.6-sol", modelVersion: "2026-07-09", tokensPerMinute: 100_000, location: "swedencentral", priority: 1 },
    ],
  });
  const actionGroup = new ActionGroup(stack, "ops", { placement: environment, shortName: "ops", emails: [{ name: "oncall", address: "oncall@example.com" }] });
  return { stack, app, openai, actionGroup };
}

const criterion = (template: ReturnType<typeof synthesize>, name: string) => template.findOne("azurerm_monitor_metric_alert", { name }).props;

describe("metrics as values, each with createAlert", () => {
  test.each([
    ["metricReplicas", (app: ScaledAgentApp) => app.metricReplicas(), { metric_name: "Replicas", aggregation: "Maximum" }],
    ["metricRequests", (app: ScaledAgentApp) => app.metricRequests(), { metric_name: "Requests", aggregation: "Total" }],
    ["metricResponseTime", (app: ScaledAgentApp) => app.metricResponseTime(), { metric_name: "ResponseTime", aggregation: "Average" }],
    ["metricCpuPercentage", (app: ScaledAgentApp) => app.metricCpuPercentage(), { metric_name: "CpuPercentage", aggregation: "Average" }],
  ])("app.%s().createAlert: a metric alert on the container app", (_name, metricOf, expected) => {
    const { stack, app, actionGroup } = setup();
    const alert = metricOf(app).createAlert(stack, "alert", { threshold: 7, actionGroup, severity: 1 });
    const template = synthesize(stack);
    const props = criterion(template, alert.resource.nameInput!);
    expect(props.scopes).toEqual([`\${azurerm_container_app.${template.findOne("azurerm_container_app").id}.id}`]);
    expect(props).toMatchObject({ frequency: "PT1M", window_size: "PT5M", severity: 1, action: [{ action_group_id: `\${azurerm_monitor_action_group.${template.findOne("azurerm_monitor_action_group").id}.id}` }] });
    expect(props.criteria).toEqual([{ metric_namespace: "Microsoft.App/containerApps", operator: "GreaterThan", threshold: 7, ...expected }]);
  });

  test("app.metricRequests filters on status class and code; createAlert takes operator, aggregation and timing", () => {
    const { stack, app } = setup();
    const metric = app.metricRequests({ statusCodeCategory: "5xx", statusCode: "503" });
    expect(metric.dimensions).toEqual([{ name: "statusCodeCategory", values: ["5xx"] }, { name: "statusCode", values: ["503"] }]);
    metric.createAlert(stack, "few", { threshold: 1, operator: MetricOperator.LESS_THAN, aggregation: MetricAggregation.COUNT, window: Duration.minutes(15), frequency: Duration.minutes(5) });
    const props = synthesize(stack).findOne("azurerm_monitor_metric_alert").props;
    expect(props).toMatchObject({ frequency: "PT5M", window_size: "PT15M" });
    expect(props.criteria[0]).toMatchObject({
      metric_name: "Requests",
      aggregation: "Count",
      operator: "LessThan",
      dimension: [{ name: "statusCodeCategory", operator: "Include", values: ["5xx"] }, { name: "statusCode", operator: "Include", values: ["503"] }],
    });
    expect(metric.aggregation).toBe("Total"); // a value: createAlert with another aggregation does not change it
  });

  test.each([
    ["metricRequests", (openai: OpenAIPoolConfig) => openai.metricRequests({ statusCode: "429" }), "AzureOpenAIRequests", [{ name: "StatusCode", operator: "Include", values: ["429"] }]],
    ["metricPromptTokens", (openai: OpenAIPoolConfig) => openai.metricPromptTokens({ deploymentNames: ["chat"] }), "ProcessedPromptTokens", [{ name: "ModelDeploymentName", operator: "Include", values: ["chat"] }]],
    ["metricGeneratedTokens", (openai: OpenAIPoolConfig) => openai.metricGeneratedTokens(), "GeneratedTokens", undefined],
  ])("openai.%s().createAlert: a metric alert on the primary account", (_name, metricOf, metricName, dimension) => {
    const { stack, openai } = setup();
    metricOf(openai).createAlert(stack, "alert", { threshold: 100 });
    const template = synthesize(stack);
    const props = template.findOne("azurerm_monitor_metric_alert").props;
    expect(props.scopes).toEqual([`\${azurerm_cognitive_account.${template.findOne("azurerm_cognitive_account", { location: "eastus2" }).id}.id}`]);
    expect(props.criteria[0]).toEqual({ metric_namespace: "Microsoft.CognitiveServices/accounts", metric_name: metricName, aggregation: "Total", operator: "GreaterThan", threshold: 100, ...(dimension ? { dimension } : {}) });
  });

  test("openai metrics of another account by location; an unknown location is an error", () => {
    const { stack, openai } = setup();
    openai.metricRequests({}, "Sweden Central").createAlert(stack, "sweden", { threshold: 1 });
    const template = synthesize(stack);
    expect(template.findOne("azurerm_monitor_metric_alert").props.scopes).toEqual([`\${azurerm_cognitive_account.${template.findOne("azurerm_cognitive_account", { location: "swedencentral" }).id}.id}`]);
    expect(() => openai.metricRequests({}, "westus3")).toThrow(/^test\/openai: no Azure OpenAI account in location "westus3". Accounts: eastus2, swedencentral/);
  });

  test("createAlert validates its options with the construct path", () => {
    const { stack, app } = setup();
    expect(() => app.metricReplicas().createAlert(stack, "bad-op", { threshold: 1, operator: "Above" as never })).toThrow(/^test\/bad-op: operator "Above" is not valid. Use one of: Equals, GreaterThan/);
    expect(() => app.metricReplicas().createAlert(stack, "bad-agg", { threshold: 1, aggregation: "P95" as never })).toThrow(/^test\/bad-agg: aggregation "P95" is not valid. Use one of: Average, Count, Minimum, Maximum, Total/);
    expect(() => app.metricReplicas().createAlert(stack, "bad-threshold", { threshold: Number.NaN })).toThrow(/^test\/bad-threshold: threshold must be a finite number/);
    expect(() => app.metricReplicas().createAlert(stack, "bad-window", { threshold: 1, window: Duration.minutes(2) })).toThrow(/^test\/bad-window: window PT2M/);
  });
});

test("openai.metricTimeToResponse().createAlert: Average time to response in ms on the primary account", () => {
  const { stack, openai } = setup();
  openai.metricTimeToResponse().createAlert(stack, "slow", { threshold: 5000 });
  const props = synthesize(stack).findOne("azurerm_monitor_metric_alert").props;
  expect(props.criteria[0]).toEqual({ metric_namespace: "Microsoft.CognitiveServices/accounts", metric_name: "AzureOpenAITimeToResponse", aggregation: "Average", operator: "GreaterThan", threshold: 5000 });
});
