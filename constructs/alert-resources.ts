/**
 * What every alert construct shares: timing and severity validation, naming, and the creation of the
 * azurerm metric alert or log (scheduled query) alert as the construct's `Resource`.
 * Internal to the package: the alert constructs are the public API.
 */
import { type Construct } from "constructs";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Duration, generateName, NAME_RULES, nameProblem } from "../src/core";
import { alertTimingProblem, type AlertTimingRule, LOG_ALERT_TIMING, METRIC_ALERT_TIMING, MetricOperator, severityProblem } from "../src/monitoring";
import { type AlertOptions, type AlertPlacement, type ApplicationInsightsReference, type LogAlertOptions, type MonitoredApp } from "./alert-options";
import { type Metric } from "./metric";
import { check, invalid } from "./validation";

/** Evaluation frequency and window of an alert, validated. */
export interface AlertTiming {
  /** How often the rule is evaluated. */
  readonly frequency: Duration;
  /** How far back each evaluation looks. */
  readonly window: Duration;
}

/** Default evaluation frequency of metric alerts. */
export const METRIC_ALERT_DEFAULT_FREQUENCY = Duration.minutes(1);
/**
 * Default evaluation frequency of log alerts: 5 minutes. A subscription holds at most 100 log alert rules that run
 * every minute, and those cost more per rule; the spec's thresholds do not need 1-minute evaluation.
 */
export const LOG_ALERT_DEFAULT_FREQUENCY = Duration.minutes(5);

/** Validates and returns the timing of a metric alert (`options` defaults applied). */
export function metricAlertTiming(scope: Construct, options: AlertOptions): AlertTiming {
  return timing(scope, options, METRIC_ALERT_TIMING, METRIC_ALERT_DEFAULT_FREQUENCY);
}

/** Validates and returns the timing of a log alert (`options` defaults applied). */
export function logAlertTiming(scope: Construct, options: AlertOptions): AlertTiming {
  return timing(scope, options, LOG_ALERT_TIMING, LOG_ALERT_DEFAULT_FREQUENCY);
}

/** What a metric alert compares: a metric's aggregate over the window, with an operator, against a threshold. */
export interface MetricAlertCondition {
  /** The metric, its aggregation and dimension filters (Include; the value `*` splits the alert per value). */
  readonly metric: Metric;
  /** The value the aggregate is compared with. */
  readonly threshold: number;
  /** How the aggregate is compared with the threshold. @default "GreaterThan" */
  readonly operator?: MetricOperator;
  /** Evaluation frequency and window. */
  readonly timing: AlertTiming;
  /** Description of the rule. */
  readonly description: string;
}

/** Creates `scope`'s `Resource`: a metric alert on the condition's metric, created where the metric's placement says. */
export function createMetricAlert(scope: Construct, options: AlertOptions, condition: MetricAlertCondition): MonitorMetricAlert {
  const { metric } = condition;
  return new MonitorMetricAlert(scope, "Resource", {
    ...common(scope, options, metric.placement, condition.description),
    scopes: [metric.resourceId],
    frequency: condition.timing.frequency.toIsoString(),
    windowSize: condition.timing.window.toIsoString(),
    criteria: [
      {
        metricNamespace: metric.namespace,
        metricName: metric.metricName,
        aggregation: metric.aggregation,
        operator: condition.operator ?? MetricOperator.GREATER_THAN,
        threshold: condition.threshold,
        dimension: metric.dimensions.length > 0 ? metric.dimensions.map((d) => ({ name: d.name, operator: "Include", values: [...d.values] })) : undefined,
      },
    ],
    action: options.actionGroup ? [{ actionGroupId: options.actionGroup.actionGroupId }] : undefined,
  });
}

/** A log alert's query: the alert fires when `measureColumn` of its result is greater than `threshold`. */
export interface LogCondition {
  /** KQL query returning at most one row. */
  readonly query: string;
  /** Numeric column of the result that is compared. */
  readonly measureColumn: string;
  /** The alert fires when the column is greater than this. */
  readonly threshold: number;
}

/** The resources of a log alert. */
export interface LogAlertResources {
  /** The log alert rule. */
  readonly rule: MonitorScheduledQueryRulesAlertV2;
  /** The identity the rule runs its query as, when it has one. */
  readonly identity?: UserAssignedIdentity;
  /** Reader on the Application Insights resource for that identity. */
  readonly roleAssignment?: RoleAssignment;
}

/**
 * The Application Insights a log alert on `app` queries: the explicit one, else the app environment's.
 * Throws (naming `what`) when there is none.
 */
export function applicationInsightsFor(scope: Construct, app: MonitoredApp, options: LogAlertOptions, what: string): ApplicationInsightsReference {
  const insights = options.applicationInsights ?? app.environment.applicationInsights;
  if (!insights) {
    invalid(
      scope,
      `${what} is a log-query alert over Application Insights requests, and app "${app.cloudRoleName}" has no Application Insights`,
      "Pass applicationInsights (an azurerm_application_insights the app sends its telemetry to)",
    );
  }
  return insights;
}

/**
 * Creates `scope`'s `Resource`: a log alert that runs `condition.query` on `insights` (in its region).
 * Unless `options.managedIdentity` is false, the query runs as a user-assigned identity that gets Reader on
 * `insights` before the rule is created: Azure checks the query with the rule's identity when it saves the
 * rule, and a system-assigned identity could only be granted the role afterwards.
 */
export function createLogAlert(
  scope: Construct,
  options: LogAlertOptions,
  spec: { readonly placement: AlertPlacement; readonly insights: ApplicationInsightsReference; readonly timing: AlertTiming; readonly condition: LogCondition; readonly description: string },
): LogAlertResources {
  const { placement, insights } = spec;
  const settings = common(scope, options, placement, spec.description);
  const identity =
    (options.managedIdentity ?? true)
      ? new UserAssignedIdentity(scope, "Identity", {
          name: generateName({ parts: [placement.namePrefix, scope.node.id], uniqueFrom: `${scope.node.path}/Identity`, rule: NAME_RULES.userAssignedIdentity }),
          location: insights.location,
          resourceGroupName: placement.resourceGroupName,
          tags: placement.tags,
        })
      : undefined;
  const roleAssignment = identity
    ? new RoleAssignment(scope, "QueryReader", { scope: insights.id, roleDefinitionName: "Reader", principalId: identity.principalId, principalType: "ServicePrincipal" })
    : undefined;
  const rule = new MonitorScheduledQueryRulesAlertV2(scope, "Resource", {
    ...settings,
    location: insights.location,
    scopes: [insights.id],
    evaluationFrequency: spec.timing.frequency.toIsoString(),
    windowDuration: spec.timing.window.toIsoString(),
    criteria: [
      {
        query: spec.condition.query,
        metricMeasureColumn: spec.condition.measureColumn,
        timeAggregationMethod: "Maximum",
        operator: "GreaterThan",
        threshold: spec.condition.threshold,
      },
    ],
    autoMitigationEnabled: true,
    action: options.actionGroup ? { actionGroups: [options.actionGroup.actionGroupId] } : undefined,
    identity: identity ? { type: "UserAssigned", identityIds: [identity.id] } : undefined,
    dependsOn: roleAssignment ? [roleAssignment] : undefined,
  });
  return { rule, identity, roleAssignment };
}

function timing(scope: Construct, options: AlertOptions, rule: AlertTimingRule, defaultFrequency: Duration): AlertTiming {
  const result = { frequency: options.frequency ?? defaultFrequency, window: options.window ?? Duration.minutes(5) };
  check(scope, alertTimingProblem(rule, result.frequency, result.window));
  return result;
}

/** Arguments both alert resources take the same way. */
function common(scope: Construct, options: AlertOptions, placement: AlertPlacement, description: string) {
  const severity = options.severity ?? 2;
  check(scope, severityProblem(severity), "0 is critical, 1 error, 2 warning, 3 informational, 4 verbose");
  if (options.name !== undefined) check(scope, nameProblem(options.name, NAME_RULES.alert));
  return {
    name: options.name ?? generateName({ parts: [placement.namePrefix, scope.node.id], uniqueFrom: scope.node.path, rule: NAME_RULES.alert }),
    resourceGroupName: placement.resourceGroupName,
    description: options.description ?? description,
    severity,
    enabled: options.enabled ?? true,
    tags: placement.tags,
  };
}
