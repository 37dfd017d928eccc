import { Construct } from "constructs";
import { type MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { type MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { type RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { type UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Duration } from "../src/core";
import { percentileColumn, percentProblem, positiveProblem, requestDurationPercentileQuery } from "../src/monitoring";
import { type LogAlertOptions, type MonitoredApp } from "./alert-options";
import { applicationInsightsFor, createLogAlert, createMetricAlert, logAlertTiming, metricAlertTiming } from "./alert-resources";
import { AppMetrics } from "./app-metrics";
import { check, invalid } from "./validation";

/**
 * What a {@link LatencyAlert} measures. Azure metric alerts have no percentiles: `AVERAGE` is the
 * `ResponseTime` platform metric; a percentile is computed by a log query over Application Insights requests.
 */
export class LatencyStatistic {
  /** Average response time: metric alert on the container app's `ResponseTime` metric. */
  static readonly AVERAGE = new LatencyStatistic(undefined);
  /** 90th percentile of request durations (log alert). */
  static readonly P90 = new LatencyStatistic(90);
  /** 95th percentile of request durations (log alert). */
  static readonly P95 = new LatencyStatistic(95);
  /** 99th percentile of request durations (log alert). */
  static readonly P99 = new LatencyStatistic(99);

  /** Any percentile above 0 and below 100, e.g. 99.9 (log alert). */
  static percentile(percentile: number): LatencyStatistic {
    return new LatencyStatistic(percentile);
  }

  private constructor(
    /** The percentile, or undefined for the average. */
    readonly percentile: number | undefined,
  ) {}

  /** `average`, `p95`, `p99.9`. */
  toString(): string {
    return this.percentile === undefined ? "average" : `p${this.percentile}`;
  }
}

/** Props of {@link LatencyAlert}. */
/** Options of a {@link LatencyAlert} on a given app (`app.alertOnLatency(id, options)`). */
export interface LatencyAlertOptions extends LogAlertOptions {
  /** What is compared with the threshold. @default LatencyStatistic.P95 */
  readonly statistic?: LatencyStatistic;
  /** The alert fires when the statistic is above this (whole milliseconds, above 0). @default Duration.seconds(30) */
  readonly threshold?: Duration;
}

/** Props of {@link LatencyAlert}. */
export interface LatencyAlertProps extends LatencyAlertOptions {
  /** The app whose latency is watched. */
  readonly app: MonitoredApp;
}

/**
 * Alerts when an app's latency is above a threshold: the spec's "Response Time P95 > 30 s" row.
 *
 * - `LatencyStatistic.AVERAGE`: an `azurerm_monitor_metric_alert` on the container app's `ResponseTime`
 *   metric (milliseconds, Average).
 * - A percentile (the default, P95): an `azurerm_monitor_scheduled_query_rules_alert_v2` scoped to the
 *   Application Insights resource, running `requests | where cloud_RoleName == "<app>" | summarize
 *   percentile(duration, 95)` over the window. Azure metrics have no percentile aggregation (and no
 *   `RequestDuration` metric), so only a log query can alert on a real P95.
 */
export class LatencyAlert extends Construct {
  /** The alert rule: a metric alert for the average, a log alert for a percentile. */
  readonly resource: MonitorMetricAlert | MonitorScheduledQueryRulesAlertV2;
  /** Identity the log query runs as (percentile with managed identity only). */
  readonly identity?: UserAssignedIdentity;
  /** Reader on Application Insights for the log alert's identity (percentile with managed identity only). */
  readonly roleAssignment?: RoleAssignment;
  /** What the alert measures. */
  readonly statistic: LatencyStatistic;

  constructor(scope: Construct, id: string, props: LatencyAlertProps) {
    super(scope, id);
    this.statistic = props.statistic ?? LatencyStatistic.P95;
    const threshold = props.threshold ?? Duration.seconds(30);
    const thresholdMs = threshold.toMilliseconds();
    check(this, positiveProblem("threshold (ms)", thresholdMs), "Use a Duration of at least 1 ms");
    const { app } = props;
    const percentile = this.statistic.percentile;

    if (percentile === undefined) {
      for (const option of ["applicationInsights", "managedIdentity"] as const) {
        if (props[option] !== undefined) invalid(this, `${option} only applies to percentile latency alerts (log alerts); the statistic is average (a metric alert)`, `Remove ${option}, or use a percentile statistic`);
      }
      const timing = metricAlertTiming(this, props);
      this.resource = createMetricAlert(this, props, {
        metric: new AppMetrics(app).responseTime(),
        threshold: thresholdMs,
        timing,
        description: `Average response time of ${app.cloudRoleName} above ${thresholdMs} ms over ${timing.window}`,
      });
      return;
    }

    check(this, percentProblem("percentile", percentile), "Use e.g. LatencyStatistic.P95 or LatencyStatistic.percentile(99.9)");
    const insights = applicationInsightsFor(this, app, props, `a ${this.statistic} latency alert`);
    const timing = logAlertTiming(this, props);
    const { rule, identity, roleAssignment } = createLogAlert(this, props, {
      placement: app.environment,
      insights,
      timing,
      condition: { query: requestDurationPercentileQuery(app.cloudRoleName, percentile), measureColumn: percentileColumn(percentile), threshold: thresholdMs },
      description: `P${percentile} request duration of ${app.cloudRoleName} above ${thresholdMs} ms over ${timing.window}`,
    });
    this.resource = rule;
    this.identity = identity;
    this.roleAssignment = roleAssignment;
  }
}
