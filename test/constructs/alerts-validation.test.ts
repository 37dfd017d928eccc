import { TerraformVariable } from "cdktf";
import { Duration } from "../../constructs";
import { NAME_RULES } from "../../src/core";
import { ActionGroup, type ActionGroupProps } from "../../constructs/action-group";
import { ErrorRateAlert } from "../../constructs/error-rate-alert";
import { LatencyAlert, type LatencyAlertProps, LatencyStatistic } from "../../constructs/latency-alert";
import { MonitoringTable } from "../../constructs/monitoring-table";
import { OpenAIThrottlingAlert } from "../../constructs/openai-throttling-alert";
import { ReplicaSaturationAlert } from "../../constructs/replica-saturation-alert";
import { alertTimingProblem, kqlString, LOG_ALERT_TIMING, METRIC_ALERT_TIMING, percentileColumn } from "../../src/monitoring";
import { synthesize } from "../support/template";
import { alertSetup, bareApp } from "./alerts-fixture";

const ACCOUNT = { accountId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/ai" };

describe("ActionGroup validation", () => {
  function group(props: Partial<ActionGroupProps>) {
    const { stack, environment } = alertSetup();
    return () => new ActionGroup(stack, "team", { placement: environment, shortName: "team", emails: [{ name: "a", address: "a@example.com" }], ...props });
  }

  test.each([
    ["", 0],
    ["thirteen-char", 13],
  ])("short name %j (%d characters) is rejected", (shortName, length) => {
    expect(group({ shortName })).toThrow(`test/team: shortName "${shortName}" has ${length} characters; Azure accepts 1 to 12`);
  });

  test("receiver names are unique across kinds, ignoring case", () => {
    expect(group({ sms: [{ name: "A", countryCode: "1", phoneNumber: "4255550123" }] })).toThrow('receiver name "A" is used twice');
    expect(group({ emails: [{ name: "", address: "a@example.com" }] })).toThrow("every receiver needs a name");
  });

  test("addresses, phone numbers and webhook URLs are checked", () => {
    expect(group({ emails: [{ name: "a", address: "not-an-address" }] })).toThrow('email receiver "a" has address "not-an-address", which is not an email address');
    expect(group({ sms: [{ name: "s", countryCode: "+1", phoneNumber: "4255550123" }] })).toThrow('SMS receiver "s" has countryCode "+1"; it must be digits only');
    expect(group({ sms: [{ name: "s", countryCode: "1", phoneNumber: "425-555" }] })).toThrow('has phoneNumber "425-555"');
    expect(group({ webhooks: [{ name: "w", serviceUri: "http://example.com/hook" }] })).toThrow('webhook receiver "w" has serviceUri "http://example.com/hook", which is not an https:// URL');
    expect(group({ webhooks: [{ name: "w", serviceUri: "not a url" }] })).toThrow("not an https:// URL");
    expect(group({ name: "ops/team" })).toThrow('alert rule name "ops/team" is not valid');
  });

  test("values from Terraform variables are not checked at synth time", () => {
    const { stack, environment } = alertSetup();
    const hook = new TerraformVariable(stack, "hook", { type: "string", sensitive: true });
    const email = new TerraformVariable(stack, "email", { type: "string" });
    new ActionGroup(stack, "team", { placement: environment, shortName: "team", emails: [{ name: "e", address: email.stringValue }], webhooks: [{ name: "w", serviceUri: hook.stringValue }] });
    const props = synthesize(stack).findOne("azurerm_monitor_action_group", { short_name: "team" }).props;
    expect(props.webhook_receiver[0].service_uri).toBe("${var.hook}");
  });
});

describe("timing and severity", () => {
  function latency(props: Partial<LatencyAlertProps>) {
    const { stack, app } = alertSetup();
    return () => new LatencyAlert(stack, "latency", { app, ...props });
  }
  const average = LatencyStatistic.AVERAGE;

  test("metric alerts accept only Azure's metric frequencies and windows", () => {
    expect(latency({ statistic: average, frequency: Duration.minutes(10) })).toThrow("test/latency: frequency PT10M (10 min) is not one a metric alert accepts; use one of PT1M, PT5M, PT15M, PT30M, PT1H");
    expect(latency({ statistic: average, window: Duration.hours(2) })).toThrow("window PT2H (2 h) is not one a metric alert accepts; use one of PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, PT12H, P1D");
    expect(latency({ statistic: average, frequency: Duration.seconds(90) })).toThrow("frequency PT1M30S");
  });

  test("log alerts have their own sets: PT10M and PT2H are fine there, two days is the longest look-back", () => {
    const { stack, app } = alertSetup();
    new LatencyAlert(stack, "latency", { app, frequency: Duration.minutes(10), window: Duration.hours(2) });
    expect(synthesize(stack).findOne("azurerm_monitor_scheduled_query_rules_alert_v2").props).toMatchObject({ evaluation_frequency: "PT10M", window_duration: "PT2H" });
    expect(latency({ window: Duration.days(2) })).not.toThrow();
    expect(latency({ window: Duration.days(3) })).toThrow("window P3D (72 h) is not one a log alert accepts");
    expect(latency({ frequency: Duration.days(2), window: Duration.days(2) })).toThrow("frequency P2D");
  });

  test("the window is at least the frequency", () => {
    expect(latency({ frequency: Duration.minutes(15), window: Duration.minutes(5) })).toThrow("window PT5M is shorter than frequency PT15M");
    expect(latency({ statistic: average, frequency: Duration.hours(1), window: Duration.minutes(30) })).toThrow("window PT30M is shorter than frequency PT1H");
  });

  test.each([-1, 5, 1.5])("severity %d is rejected", (severity) => {
    expect(latency({ severity })).toThrow(`test/latency: severity must be an integer from 0 to 4; got ${severity}. 0 is critical`);
  });

  test("explicit alert names must be valid", () => {
    expect(latency({ name: "latency#1" })).toThrow('alert rule name "latency#1" is not valid');
    expect(latency({ name: "latency." })).toThrow("not ending with a space or '.'");
  });
});

describe("LatencyAlert validation", () => {
  function latency(props: Partial<LatencyAlertProps>) {
    const { stack, app } = alertSetup();
    return () => new LatencyAlert(stack, "latency", { app, ...props });
  }

  test.each([0, 100, -5, Number.NaN])("percentile %d is rejected", (p) => {
    expect(latency({ statistic: LatencyStatistic.percentile(p) })).toThrow(`test/latency: percentile must be a number above 0 and below 100; got ${p}`);
  });

  test("the threshold is above zero", () => {
    expect(latency({ threshold: Duration.seconds(0) })).toThrow("threshold (ms) must be a number above 0; got 0");
    expect(latency({ statistic: LatencyStatistic.AVERAGE, threshold: Duration.millis(0) })).toThrow("threshold (ms) must be a number above 0");
  });

  test("log-alert options on an average (metric) alert are rejected", () => {
    const insights = { id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Insights/components/z", location: "eastus2" };
    expect(latency({ statistic: LatencyStatistic.AVERAGE, applicationInsights: insights })).toThrow("applicationInsights only applies to percentile latency alerts");
    expect(latency({ statistic: LatencyStatistic.AVERAGE, managedIdentity: false })).toThrow("managedIdentity only applies to percentile latency alerts");
  });

  test("a percentile alert on an app without Application Insights names the problem and the fix", () => {
    const { stack } = alertSetup();
    expect(() => new LatencyAlert(stack, "legacy", { app: bareApp() })).toThrow(
      'test/legacy: a p95 latency alert is a log-query alert over Application Insights requests, and app "legacy" has no Application Insights. Pass applicationInsights',
    );
    expect(() => new ErrorRateAlert(stack, "legacy-errors", { app: bareApp() })).toThrow("test/legacy-errors: an error-rate alert is a log-query alert");
  });

  test("an average alert needs no Application Insights", () => {
    const { stack } = alertSetup();
    new LatencyAlert(stack, "legacy", { app: bareApp(), statistic: LatencyStatistic.AVERAGE });
    expect(synthesize(stack).findOne("azurerm_monitor_metric_alert").props.resource_group_name).toBe("rg-legacy");
  });
});

describe("other alerts' thresholds", () => {
  test("error rate: percentage strictly between 0 and 100, minimum requests a positive integer", () => {
    const { stack, app } = alertSetup();
    expect(() => new ErrorRateAlert(stack, "a", { app, thresholdPercent: 0 })).toThrow("test/a: thresholdPercent must be a number above 0 and below 100; got 0");
    expect(() => new ErrorRateAlert(stack, "b", { app, thresholdPercent: 100 })).toThrow("got 100");
    expect(() => new ErrorRateAlert(stack, "c", { app, minimumRequests: 0 })).toThrow("minimumRequests must be an integer from 1");
    expect(() => new ErrorRateAlert(stack, "d", { app, minimumRequests: 2.5 })).toThrow("got 2.5");
  });

  test("replica saturation: percentage strictly between 0 and 100", () => {
    const { stack, app } = alertSetup();
    expect(() => new ReplicaSaturationAlert(stack, "a", { app, thresholdPercent: 100 })).toThrow("test/a: thresholdPercent must be a number above 0 and below 100; got 100");
    expect(() => new ReplicaSaturationAlert(stack, "b", { app, thresholdPercent: -1 })).toThrow("got -1");
  });

  test("OpenAI throttling: positive rate, sensible deployment names", () => {
    const { stack, environment } = alertSetup();
    const alert = (id: string, props: object) => () => new OpenAIThrottlingAlert(stack, id, { account: ACCOUNT, placement: environment, ...props });
    expect(alert("a", { thresholdPerMinute: 0 })).toThrow("test/a: thresholdPerMinute must be a number above 0; got 0");
    expect(alert("b", { account: { ...ACCOUNT, deploymentNames: [] } })).toThrow("account.deploymentNames is empty. Omit it to watch every deployment");
    expect(alert("c", { account: { ...ACCOUNT, deploymentNames: ["gpt-4o", ""] } })).toThrow("account.deploymentNames contains an empty name");
    expect(alert("d", { account: { ...ACCOUNT, deploymentNames: ["gpt-4o", "gpt-4o"] } })).toThrow('account.deploymentNames lists "gpt-4o" twice');
    expect(alert("e", { frequency: Duration.minutes(2) })).toThrow("frequency PT2M (2 min) is not one a metric alert accepts");
  });

  test("a monitoring table needs at least one app", () => {
    const { stack } = alertSetup();
    expect(() => new MonitoringTable(stack, "alerts", { apps: {}, openAI: ACCOUNT })).toThrow("test/alerts: apps is empty");
  });
});

describe("framework-free helpers", () => {
  test("kqlString escapes backslashes and quotes", () => {
    expect(kqlString('role "x" \\ y')).toBe('"role \\"x\\" \\\\ y"');
  });

  test("percentileColumn is an identifier", () => {
    expect(percentileColumn(95)).toBe("DurationP95");
    expect(percentileColumn(99.95)).toBe("DurationP99_95");
  });

  test("alertTimingProblem accepts every listed pair with window >= frequency", () => {
    for (const rule of [METRIC_ALERT_TIMING, LOG_ALERT_TIMING]) {
      const f = Duration.minutes(5);
      expect(alertTimingProblem(rule, f, f)).toBeUndefined();
    }
    expect(alertTimingProblem(LOG_ALERT_TIMING, Duration.days(1), Duration.days(2))).toBeUndefined();
    expect(alertTimingProblem(METRIC_ALERT_TIMING, Duration.hours(1), Duration.days(1))).toBeUndefined();
  });

  test("NAME_RULES.alert", () => {
    expect(NAME_RULES.alert.pattern.test("cs-latency-1a2b3c4d")).toBe(true);
    expect(NAME_RULES.alert.pattern.test("a".repeat(260))).toBe(true);
    expect(NAME_RULES.alert.pattern.test("a ")).toBe(false);
    expect(NAME_RULES.alert.pattern.test("a<b")).toBe(false);
  });
});
