import { Construct } from "constructs";
import { type MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { type RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { type UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { integerRangeProblem } from "../src/core";
import { FAILED_PERCENT_COLUMN, failedRequestPercentageQuery, percentProblem } from "../src/monitoring";
import { type LogAlertOptions, type MonitoredApp } from "./alert-options";
import { applicationInsightsFor, createLogAlert, logAlertTiming } from "./alert-resources";
import { check } from "./validation";

/** Props of {@link ErrorRateAlert}. */
/** Options of an {@link ErrorRateAlert} on a given app (`app.alertOnErrorRate(id, options)`). */
export interface ErrorRateAlertOptions extends LogAlertOptions {
  /** The alert fires when more than this percentage of the window's requests failed (above 0, below 100). @default 1 */
  readonly thresholdPercent?: number;
  /** Fewest requests in the window for the rate to count, so that one failure among three requests does not page anyone. @default 1 */
  readonly minimumRequests?: number;
}

/** Props of {@link ErrorRateAlert}. */
export interface ErrorRateAlertProps extends ErrorRateAlertOptions {
  /** The app whose requests are watched. */
  readonly app: MonitoredApp;
}

/**
 * Alerts when the share of an app's failed requests over the window is above a percentage: the spec's
 * "Error Rate > 1%" row.
 *
 * A log alert over Application Insights requests (`countif(success == false) / count()`), because a
 * metric alert compares one aggregate of one metric with a threshold: the `Requests` metric filtered on
 * `statusCodeCategory` 5xx gives a count of failures, never their share of all requests.
 */
export class ErrorRateAlert extends Construct {
  /** The log alert rule. */
  readonly resource: MonitorScheduledQueryRulesAlertV2;
  /** Identity the log query runs as (with managed identity only). */
  readonly identity?: UserAssignedIdentity;
  /** Reader on Application Insights for the rule's identity (with managed identity only). */
  readonly roleAssignment?: RoleAssignment;

  constructor(scope: Construct, id: string, props: ErrorRateAlertProps) {
    super(scope, id);
    const thresholdPercent = props.thresholdPercent ?? 1;
    const minimumRequests = props.minimumRequests ?? 1;
    check(this, percentProblem("thresholdPercent", thresholdPercent));
    check(this, integerRangeProblem("minimumRequests", minimumRequests, 1, Number.MAX_SAFE_INTEGER), "It is written into the alert's query text, so it must be a plain number, not a Terraform variable");
    const { app } = props;
    const insights = applicationInsightsFor(this, app, props, "an error-rate alert");
    const timing = logAlertTiming(this, props);
    const { rule, identity, roleAssignment } = createLogAlert(this, props, {
      placement: app.environment,
      insights,
      timing,
      condition: { query: failedRequestPercentageQuery(app.cloudRoleName, minimumRequests), measureColumn: FAILED_PERCENT_COLUMN, threshold: thresholdPercent },
      description: `More than ${thresholdPercent}% of the requests of ${app.cloudRoleName} failed over ${timing.window}`,
    });
    this.resource = rule;
    this.identity = identity;
    this.roleAssignment = roleAssignment;
  }
}
