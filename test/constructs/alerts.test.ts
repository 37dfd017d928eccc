import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Duration, ScaledAgentApp } from "../../constructs";
import { NAME_RULES, nameProblem } from "../../src/core";
import { ActionGroup } from "../../constructs/action-group";
import { ErrorRateAlert } from "../../constructs/error-rate-alert";
import { LatencyAlert, LatencyStatistic } from "../../constructs/latency-alert";
import { MonitoringTable } from "../../constructs/monitoring-table";
import { OpenAIThrottlingAlert } from "../../constructs/openai-throttling-alert";
import { IngressErrorAlert } from "../../constructs/ingress-error-alert";
import { ReplicaSaturationAlert } from "../../constructs/replica-saturation-alert";
import { synthesize, warnings } from "../support/template";
import { alertSetup, bareApp, ref } from "./alerts-fixture";

const LOG_ALERT = "azurerm_monitor_scheduled_query_rules_alert_v2";
const METRIC_ALERT = "azurerm_monitor_metric_alert";
const OPENAI_ACCOUNT_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/cs-openai";

describe("ActionGroup", () => {
  test("email, SMS and webhook receivers, the short name and the common alert schema", () => {
    const { stack, environment } = alertSetup();
    const group = new ActionGroup(stack, "pager", {
      placement: environment,
      shortName: "cs-oncall",
      emails: [{ name: "team", address: "team@example.com", useCommonAlertSchema: false }],
      sms: [{ name: "lead-phone", countryCode: "1", phoneNumber: "4255550123" }],
      webhooks: [{ name: "chatops", serviceUri: "https://hooks.example.com/alerts" }],
    });
    const template = synthesize(stack);
    const props = template.findOne("azurerm_monitor_action_group", { short_name: "cs-oncall" }).props;
    expect(props).toMatchObject({
      short_name: "cs-oncall",
      enabled: true,
      resource_group_name: ref(template, "azurerm_resource_group", "name"),
      tags: { team: "platform" },
      email_receiver: [{ name: "team", email_address: "team@example.com", use_common_alert_schema: false }],
      sms_receiver: [{ name: "lead-phone", country_code: "1", phone_number: "4255550123" }],
      webhook_receiver: [{ name: "chatops", service_uri: "https://hooks.example.com/alerts", use_common_alert_schema: true }],
    });
    expect(props.name).toBe(group.actionGroupName);
    expect(props.name.startsWith("cs-pager-")).toBe(true);
    expect(nameProblem(props.name, NAME_RULES.alert)).toBeUndefined();
    expect(group.actionGroupId).toMatch(/^\$\{TfToken/);
  });

  test("only the receiver kinds given are emitted; explicit name and disabled", () => {
    const { stack, environment } = alertSetup();
    new ActionGroup(stack, "quiet", { placement: environment, shortName: "quiet", name: "cs-quiet-group", enabled: false, webhooks: [{ name: "hook", serviceUri: "https://example.com/h" }] });
    const props = synthesize(stack).findOne("azurerm_monitor_action_group", { short_name: "quiet" }).props;
    expect(props).toMatchObject({ name: "cs-quiet-group", enabled: false });
    expect(props.email_receiver).toBeUndefined();
    expect(props.sms_receiver).toBeUndefined();
  });

  test("a group without receivers synthesizes with a warning", () => {
    const { stack, environment } = alertSetup();
    const group = new ActionGroup(stack, "empty", { placement: environment, shortName: "empty" });
    synthesize(stack);
    expect(warnings(group)).toEqual([expect.stringContaining("no receivers")]);
  });

  test("fromActionGroupId references an existing group in alert actions", () => {
    const { stack, app } = alertSetup();
    const existing = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ops/providers/Microsoft.Insights/actionGroups/ops";
    new ReplicaSaturationAlert(stack, "saturation", { app, actionGroup: ActionGroup.fromActionGroupId(existing) });
    expect(synthesize(stack).findOne(METRIC_ALERT).props.action).toEqual([{ action_group_id: existing }]);
  });
});

describe("LatencyAlert", () => {
  test("P95 (the spec's row): a log alert over Application Insights requests of this app, in milliseconds", () => {
    const { stack, app, actionGroup } = alertSetup();
    const alert = new LatencyAlert(stack, "p95", {
      app,
      statistic: LatencyStatistic.P95,
      threshold: Duration.seconds(30),
      window: Duration.minutes(5),
      frequency: Duration.minutes(1),
      severity: 2,
      actionGroup,
    });
    const template = synthesize(stack);
    expect(template.count(METRIC_ALERT)).toBe(0);
    const rule = template.findOne(LOG_ALERT).props;
    expect(rule).toMatchObject({
      scopes: [ref(template, "azurerm_application_insights")],
      location: ref(template, "azurerm_application_insights", "location"),
      resource_group_name: ref(template, "azurerm_resource_group", "name"),
      evaluation_frequency: "PT1M",
      window_duration: "PT5M",
      severity: 2,
      enabled: true,
      auto_mitigation_enabled: true,
      identity: { type: "UserAssigned", identity_ids: [ref(template, "azurerm_user_assigned_identity")] },
      depends_on: [`azurerm_role_assignment.${template.findOne("azurerm_role_assignment").id}`],
      action: { action_groups: [ref(template, "azurerm_monitor_action_group")] },
      tags: { team: "platform" },
    });
    expect(rule.criteria).toHaveLength(1);
    const [criterion] = rule.criteria;
    expect(criterion).toMatchObject({ metric_measure_column: "DurationP95", time_aggregation_method: "Maximum", operator: "GreaterThan", threshold: 30000 });
    expect(criterion.query.split("\n")).toEqual([
      "requests",
      `| where cloud_RoleName == "${app.cloudRoleName}"`,
      "| summarize DurationP95 = percentile(duration, 95)",
    ]);
    expect(rule.description).toBe(`P95 request duration of ${app.cloudRoleName} above 30000 ms over 5 min`);
    expect(nameProblem(rule.name, NAME_RULES.alert)).toBeUndefined();
    expect(rule.name.startsWith("cs-p95-")).toBe(true);

    const assignment = template.findOne("azurerm_role_assignment").props;
    expect(assignment).toEqual({
      scope: ref(template, "azurerm_application_insights"),
      role_definition_name: "Reader",
      principal_id: ref(template, "azurerm_user_assigned_identity", "principal_id"),
      principal_type: "ServicePrincipal",
    });
    const identity = template.findOne("azurerm_user_assigned_identity").props;
    expect(identity).toMatchObject({ location: ref(template, "azurerm_application_insights", "location"), resource_group_name: ref(template, "azurerm_resource_group", "name") });
    expect(nameProblem(identity.name, NAME_RULES.userAssignedIdentity)).toBeUndefined();
    expect(alert.identity).toBeDefined();
    expect(alert.roleAssignment).toBeDefined();
    expect(alert.statistic).toBe(LatencyStatistic.P95);
  });

  test("defaults: P95 above 30 s, every 5 minutes over 5 minutes (log alerts), severity 2, no action", () => {
    const { stack, app } = alertSetup();
    new LatencyAlert(stack, "latency", { app });
    const rule = synthesize(stack).findOne(LOG_ALERT).props;
    expect(rule).toMatchObject({ evaluation_frequency: "PT5M", window_duration: "PT5M", severity: 2 });
    expect(rule.criteria[0]).toMatchObject({ metric_measure_column: "DurationP95", threshold: 30000 });
    expect(rule.action).toBeUndefined();
  });

  test.each([
    [LatencyStatistic.P90, "p90", "DurationP90", "percentile(duration, 90)"],
    [LatencyStatistic.P99, "p99", "DurationP99", "percentile(duration, 99)"],
    [LatencyStatistic.percentile(99.9), "p99.9", "DurationP99_9", "percentile(duration, 99.9)"],
  ])("%s: the query computes that percentile", (statistic, name, column, aggregate) => {
    const { stack, app } = alertSetup();
    new LatencyAlert(stack, "latency", { app, statistic, threshold: Duration.millis(2500) });
    const criterion = synthesize(stack).findOne(LOG_ALERT).props.criteria[0];
    expect(String(statistic)).toBe(name);
    expect(criterion.metric_measure_column).toBe(column);
    expect(criterion.threshold).toBe(2500);
    expect(criterion.query.split("\n")[2]).toBe(`| summarize ${column} = ${aggregate}`);
  });

  test("AVERAGE: a metric alert on the container app's ResponseTime (ms, Average)", () => {
    const { stack, app, actionGroup } = alertSetup();
    const alert = new LatencyAlert(stack, "avg", { app, statistic: LatencyStatistic.AVERAGE, threshold: Duration.seconds(2), frequency: Duration.minutes(5), window: Duration.minutes(15), severity: 3, actionGroup });
    const template = synthesize(stack);
    expect(template.count(LOG_ALERT)).toBe(0);
    expect(template.count("azurerm_role_assignment")).toBe(0);
    expect(template.count("azurerm_user_assigned_identity")).toBe(0);
    const props = template.findOne(METRIC_ALERT).props;
    expect(props).toMatchObject({
      scopes: [ref(template, "azurerm_container_app")],
      resource_group_name: ref(template, "azurerm_resource_group", "name"),
      frequency: "PT5M",
      window_size: "PT15M",
      severity: 3,
      enabled: true,
      action: [{ action_group_id: ref(template, "azurerm_monitor_action_group") }],
      description: `Average response time of ${app.cloudRoleName} above 2000 ms over 15 min`,
    });
    expect(props.criteria).toEqual([{ metric_namespace: "Microsoft.App/containerApps", metric_name: "ResponseTime", aggregation: "Average", operator: "GreaterThan", threshold: 2000 }]);
    expect(alert.roleAssignment).toBeUndefined();
    expect(String(alert.statistic)).toBe("average");
  });

  test("an explicit Application Insights is queried (and is the only way for an app whose environment has none)", () => {
    const { stack } = alertSetup();
    const insights = { id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-legacy/providers/Microsoft.Insights/components/legacy", location: "westeurope" };
    new LatencyAlert(stack, "legacy-p99", { app: bareApp(), statistic: LatencyStatistic.P99, applicationInsights: insights });
    const template = synthesize(stack);
    const rule = template.findOne(LOG_ALERT).props;
    expect(rule).toMatchObject({ scopes: [insights.id], location: "westeurope", resource_group_name: "rg-legacy" });
    expect(rule.criteria[0].query.split("\n")[1]).toBe('| where cloud_RoleName == "legacy"');
    expect(rule.name.startsWith("legacy-legacy-p99-")).toBe(true);
    expect(template.findOne("azurerm_role_assignment").props.scope).toBe(insights.id);
  });

  test("managedIdentity false: no identity and no role assignment", () => {
    const { stack, app } = alertSetup();
    const alert = new LatencyAlert(stack, "latency", { app, managedIdentity: false, name: "gateway-p95", description: "Gateway is slow", enabled: false });
    const template = synthesize(stack);
    const rule = template.findOne(LOG_ALERT).props;
    expect(rule.identity).toBeUndefined();
    expect(rule.depends_on).toBeUndefined();
    expect(rule).toMatchObject({ name: "gateway-p95", description: "Gateway is slow", enabled: false });
    expect(template.count("azurerm_role_assignment")).toBe(0);
    expect(template.count("azurerm_user_assigned_identity")).toBe(0);
    expect(alert.identity).toBeUndefined();
    expect(alert.roleAssignment).toBeUndefined();
  });
});

describe("ErrorRateAlert", () => {
  test("a log alert on the share of failed requests, default above 1%", () => {
    const { stack, app, actionGroup } = alertSetup();
    new ErrorRateAlert(stack, "errors", { app, actionGroup });
    const template = synthesize(stack);
    const rule = template.findOne(LOG_ALERT).props;
    expect(rule).toMatchObject({
      scopes: [ref(template, "azurerm_application_insights")],
      evaluation_frequency: "PT5M",
      window_duration: "PT5M",
      severity: 2,
      action: { action_groups: [ref(template, "azurerm_monitor_action_group")] },
      identity: { type: "UserAssigned", identity_ids: [ref(template, "azurerm_user_assigned_identity")] },
      description: `More than 1% of the requests of ${app.cloudRoleName} failed over 5 min`,
    });
    expect(rule.criteria[0]).toMatchObject({ metric_measure_column: "FailedPercent", time_aggregation_method: "Maximum", operator: "GreaterThan", threshold: 1 });
    expect(rule.criteria[0].query.split("\n")).toEqual([
      "requests",
      `| where cloud_RoleName == "${app.cloudRoleName}"`,
      "| summarize Total = count(), Failed = countif(success == false)",
      "| where Total >= 1",
      "| project FailedPercent = 100.0 * Failed / Total",
    ]);
    expect(template.count("azurerm_role_assignment")).toBe(1);
  });

  test("threshold, minimum request count and timing", () => {
    const { stack, app } = alertSetup();
    new ErrorRateAlert(stack, "errors", { app, thresholdPercent: 5, minimumRequests: 20, frequency: Duration.minutes(10), window: Duration.minutes(30) });
    const rule = synthesize(stack).findOne(LOG_ALERT).props;
    expect(rule).toMatchObject({ evaluation_frequency: "PT10M", window_duration: "PT30M" });
    expect(rule.criteria[0].threshold).toBe(5);
    expect(rule.criteria[0].query.split("\n")[3]).toBe("| where Total >= 20");
  });
});

describe("ReplicaSaturationAlert", () => {
  test("Replicas (Maximum) above 80% of maxReplicas by default", () => {
    const { stack, app, actionGroup } = alertSetup();
    const alert = new ReplicaSaturationAlert(stack, "saturation", { app, actionGroup });
    const template = synthesize(stack);
    const props = template.findOne(METRIC_ALERT).props;
    expect(props).toMatchObject({ scopes: [ref(template, "azurerm_container_app")], frequency: "PT1M", window_size: "PT5M", severity: 2 });
    expect(props.criteria).toEqual([{ metric_namespace: "Microsoft.App/containerApps", metric_name: "Replicas", aggregation: "Maximum", operator: "GreaterThan", threshold: 16 }]);
    expect(alert.thresholdReplicas).toBe(16);
    expect(warnings(alert)).toEqual([]);
  });

  test("a custom share; a threshold below one replica warns", () => {
    const { stack, app } = alertSetup({ maxReplicas: 1 });
    const alert = new ReplicaSaturationAlert(stack, "saturation", { app, thresholdPercent: 50 });
    expect(synthesize(stack).findOne(METRIC_ALERT).props.criteria[0].threshold).toBe(0.5);
    expect(warnings(alert)).toEqual([expect.stringContaining("fires whenever")]);
  });
});

describe("OpenAIThrottlingAlert", () => {
  test("AzureOpenAIRequests Total with StatusCode 429, split per deployment, 10/min over the window", () => {
    const { stack, environment, actionGroup } = alertSetup();
    new OpenAIThrottlingAlert(stack, "throttling", { account: { accountId: OPENAI_ACCOUNT_ID }, placement: environment, actionGroup });
    const template = synthesize(stack);
    const props = template.findOne(METRIC_ALERT).props;
    expect(props).toMatchObject({
      scopes: [OPENAI_ACCOUNT_ID],
      resource_group_name: ref(template, "azurerm_resource_group", "name"),
      frequency: "PT1M",
      window_size: "PT5M",
      action: [{ action_group_id: ref(template, "azurerm_monitor_action_group") }],
    });
    expect(props.criteria).toEqual([
      {
        metric_namespace: "Microsoft.CognitiveServices/accounts",
        metric_name: "AzureOpenAIRequests",
        aggregation: "Total",
        operator: "GreaterThan",
        threshold: 50,
        dimension: [
          { name: "StatusCode", operator: "Include", values: ["429"] },
          { name: "ModelDeploymentName", operator: "Include", values: ["*"] },
        ],
      },
    ]);
  });

  test("named deployments and a one-minute window", () => {
    const { stack, environment } = alertSetup();
    const account = { accountId: OPENAI_ACCOUNT_ID, deploymentNames: ["gpt-4o", "gpt-4o-mini"] };
    new OpenAIThrottlingAlert(stack, "throttling", { account, placement: environment, thresholdPerMinute: 3, window: Duration.minutes(1) });
    const criterion = synthesize(stack).findOne(METRIC_ALERT).props.criteria[0];
    expect(criterion.threshold).toBe(3);
    expect(criterion.dimension[1]).toEqual({ name: "ModelDeploymentName", operator: "Include", values: ["gpt-4o", "gpt-4o-mini"] });
  });
});

describe("MonitoringTable", () => {
  test("the spec's table for two apps and the OpenAI account, all wired to the action group", () => {
    const { stack, environment, app, actionGroup } = alertSetup();
    const intent = new ScaledAgentApp(stack, "intent", { environment, image: "example.azurecr.io/intent:v1", ingress: { targetPort: 8080 } });
    const table = new MonitoringTable(stack, "alerts", { apps: { gateway: app, intent }, actionGroup, openAI: { accountId: OPENAI_ACCOUNT_ID, deploymentNames: ["gpt-4o"] } });
    const template = synthesize(stack);

    const logAlerts = template.resources(LOG_ALERT);
    const metricAlerts = template.resources(METRIC_ALERT);
    expect(logAlerts).toHaveLength(4);
    expect(metricAlerts).toHaveLength(5); // replica saturation and ingress 5xx per app, OpenAI 429s
    expect(template.count("azurerm_role_assignment")).toBe(4);
    expect(template.count("azurerm_user_assigned_identity")).toBe(4);
    const groupId = ref(template, "azurerm_monitor_action_group");
    for (const rule of logAlerts) expect(rule.props.action).toEqual({ action_groups: [groupId] });
    for (const rule of metricAlerts) expect(rule.props.action).toEqual([{ action_group_id: groupId }]);

    const names = [...logAlerts, ...metricAlerts].map((r) => r.props.name as string);
    expect(new Set(names).size).toBe(9);
    for (const name of names) expect(nameProblem(name, NAME_RULES.alert)).toBeUndefined();

    for (const [label, subject] of [["gateway", app], ["intent", intent]] as const) {
      const alerts = table.apps[label]!;
      expect(alerts.latency.statistic).toBe(LatencyStatistic.P95);
      const filter = `| where cloud_RoleName == "${subject.cloudRoleName}"`;
      const ofApp = logAlerts.filter((r) => r.props.criteria[0].query.split("\n")[1] === filter).map((r) => r.props.criteria[0]);
      expect(ofApp.map((c) => [c.metric_measure_column, c.threshold])).toEqual(expect.arrayContaining([["DurationP95", 30000], ["FailedPercent", 1]]));
      expect(ofApp).toHaveLength(2);
      expect(alerts.replicaSaturation.thresholdReplicas).toBe((subject.maxReplicas * 80) / 100);
      const ingress = template.findOne(METRIC_ALERT, { scopes: [`\${azurerm_container_app.${template.findOne("azurerm_container_app", { name: subject.appName }).id}.id}`], criteria: [{ metric_name: "Requests" }] }).props;
      expect(ingress.criteria[0]).toMatchObject({ metric_namespace: "Microsoft.App/containerApps", aggregation: "Total", operator: "GreaterThan", threshold: 10, dimension: [{ name: "statusCodeCategory", operator: "Include", values: ["5xx"] }] });
      expect(alerts.ingressErrors.resource).toBeDefined();
    }
    const openai = template.findOne(METRIC_ALERT, { scopes: [OPENAI_ACCOUNT_ID] }).props;
    expect(openai.criteria[0]).toMatchObject({ metric_name: "AzureOpenAIRequests", threshold: 50 });
    expect(table.openAIThrottling).toBeDefined();
  });

  test("forApp: one app's rows, no OpenAI alert", () => {
    const { stack, app } = alertSetup();
    const table = MonitoringTable.forApp(stack, "alerts", { app });
    const template = synthesize(stack);
    expect(template.count(LOG_ALERT)).toBe(2);
    expect(template.count(METRIC_ALERT)).toBe(2);
    expect(Object.keys(table.apps)).toEqual(["app"]);
    expect(table.openAIThrottling).toBeUndefined();
    for (const rule of template.resources(LOG_ALERT)) expect(rule.props.action).toBeUndefined();
  });
});

test("generated names are unique per construct path, even for the same construct id", () => {
  const { stack, app } = alertSetup();
  new LatencyAlert(stack, "latency", { app });
  new LatencyAlert(new Construct(stack, "other"), "latency", { app });
  const names = synthesize(stack).resources(LOG_ALERT).map((r) => r.props.name as string);
  expect(names).toHaveLength(2);
  expect(names[0]!.startsWith("cs-latency-")).toBe(true);
  expect(names[1]!.startsWith("cs-latency-")).toBe(true);
  expect(names[0]).not.toBe(names[1]);
});

test("a replica saturation alert on an app whose maxReplicas is a Terraform variable: Terraform computes the threshold", () => {
  const { stack, environment } = alertSetup();
  const maxReplicas = new TerraformVariable(stack, "max", { type: "number" }).numberValue;
  const app = new ScaledAgentApp(stack, "agent", { environment, image: "example.azurecr.io/agent:v1", maxReplicas });
  new ReplicaSaturationAlert(stack, "saturation", { app });
  const rule = synthesize(stack).findOne(METRIC_ALERT).props;
  expect(rule.criteria[0].threshold).toBe("${((var.max * 80) / 100)}");
  expect(warnings(stack)).toEqual([]);
});

test("IngressErrorAlert: a custom threshold and timing, checked", () => {
  const { stack, app } = alertSetup();
  new IngressErrorAlert(stack, "errors", { app, threshold: 3, window: Duration.minutes(15), frequency: Duration.minutes(5) });
  const rule = synthesize(stack).findOne(METRIC_ALERT).props;
  expect(rule).toMatchObject({ frequency: "PT5M", window_size: "PT15M" });
  expect(rule.criteria[0]).toMatchObject({ metric_name: "Requests", threshold: 3 });
  expect(() => new IngressErrorAlert(stack, "bad", { app, threshold: 0 })).toThrow(/^test\/bad: threshold must be a number above 0; got 0/);
});
