import { RetailCustomerServicePlatform } from "../../constructs";
import { failedRequestPercentageQuery, requestDurationPercentileQuery } from "../../src/monitoring";
import { APPLICATION_INSIGHTS_SCHEMA, kustoDiagnostics } from "../support/kusto";
import { synthesize, testStack } from "../support/template";

describe("every KQL query the library emits passes Microsoft's Kusto parser", () => {
  const stack = testStack();
  new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", agents: { returns: {} }, openAI: { lifecycleAsOf: "2026-12-01" } });
  const rules = synthesize(stack).resources("azurerm_monitor_scheduled_query_rules_alert_v2");

  test("the default platform has its 18 log alerts (P95 and error rate per app)", () => {
    expect(rules).toHaveLength(18);
  });

  test.each(rules.map((rule) => [rule.props.name as string, rule.props.criteria[0].query as string]))("%s: 0 diagnostics", (_name, query) => {
    expect(kustoDiagnostics(query, APPLICATION_INSIGHTS_SCHEMA)).toEqual([]);
  });

  test.each([
    ["a P99.9 over a role name with quotes and backslashes", requestDurationPercentileQuery('agent "a\\b"', 99.9)],
    ["an error rate with a minimum of 50 requests", failedRequestPercentageQuery("agntcy-cs-intent-1a2b3c4d", 50)],
  ])("%s: 0 diagnostics", (_what, query) => {
    expect(kustoDiagnostics(query, APPLICATION_INSIGHTS_SCHEMA)).toEqual([]);
  });
});

describe("the Kusto check fails on queries Azure would reject", () => {
  test("a wrong column", () => {
    const query = requestDurationPercentileQuery("app", 95).replace("percentile(duration,", "percentile(DurationMs,");
    expect(kustoDiagnostics(query, APPLICATION_INSIGHTS_SCHEMA)).toEqual([expect.stringMatching(/^Error: The name 'DurationMs' does not refer to any known column/)]);
  });

  test("a wrong table (the workspace table AppRequests is not in the Application Insights scope)", () => {
    const query = failedRequestPercentageQuery("app", 1).replace(/^requests/, "AppRequests");
    expect(kustoDiagnostics(query, APPLICATION_INSIGHTS_SCHEMA)).toEqual([expect.stringMatching(/^Error: The name 'AppRequests' does not refer to any known table/)]);
  });

  test("a syntax error", () => {
    expect(kustoDiagnostics("requests | where ==", APPLICATION_INSIGHTS_SCHEMA).length).toBeGreaterThan(0);
  });
});
