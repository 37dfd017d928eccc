import { type Duration } from "../src/core";

/** An action group alerts notify: an {@link ActionGroup}, or `ActionGroup.fromActionGroupId(id)` for an existing one. */
export interface IActionGroup {
  /** Resource id of the action group. */
  readonly actionGroupId: string;
}

/** Where an alert resource is created and how it is named. An `AgentEnvironment` is one. */
export interface AlertPlacement {
  /** Resource group the alert rule is created in. */
  readonly resourceGroupName: string;
  /** Readable start of generated names. */
  readonly namePrefix: string;
  /** Tags of the alert rule. @default - none */
  readonly tags?: { readonly [name: string]: string };
}

/** An Application Insights resource that log alerts query (`azurerm_application_insights` has both attributes). */
export interface ApplicationInsightsReference {
  /** Resource id: the scope of log alerts. */
  readonly id: string;
  /** Region: log alert rules are created next to the resource they query. */
  readonly location: string;
}

/** Where a monitored app runs. An `AgentEnvironment` is one. */
export interface MonitoredEnvironment extends AlertPlacement {
  /** Azure region. */
  readonly location: string;
  /** Application Insights the app's telemetry goes to. @default - none: percentile and error-rate alerts then need `applicationInsights` */
  readonly applicationInsights?: ApplicationInsightsReference;
}

/** What an alert needs from the app it watches. A `ScaledAgentApp` is one. */
export interface MonitoredApp {
  /** The container app resource: metric alerts are scoped to its id. */
  readonly resource: { readonly id: string };
  /** Cloud role name of the app's telemetry in Application Insights (the OpenTelemetry service name). */
  readonly cloudRoleName: string;
  /** Most replicas the app scales to. */
  readonly maxReplicas: number;
  /** Where the app runs: its alerts are created there. */
  readonly environment: MonitoredEnvironment;
}

/** Options every alert has. */
export interface AlertOptions {
  /** Action group notified when the alert fires and resolves. @default - no notification (the alert only shows in Azure Monitor) */
  readonly actionGroup?: IActionGroup;
  /** Severity, 0 (critical) to 4 (verbose). @default 2 */
  readonly severity?: number;
  /** How often the rule is evaluated. @default Duration.minutes(1) for metric alerts, Duration.minutes(5) for log alerts (at most 100 one-minute log alerts fit in a subscription) */
  readonly frequency?: Duration;
  /** How far back each evaluation looks (at least the frequency). @default Duration.minutes(5) */
  readonly window?: Duration;
  /** Alert rule name. @default - generated from the name prefix, the construct id and a hash of the construct path */
  readonly name?: string;
  /** Description shown with the alert. @default - a sentence stating what is measured and the threshold */
  readonly description?: string;
  /** Whether the rule is evaluated. @default true */
  readonly enabled?: boolean;
}

/** Options of the alerts that are log-query alerts over Application Insights requests. */
export interface LogAlertOptions extends AlertOptions {
  /** Application Insights to query. @default - the app's environment's */
  readonly applicationInsights?: ApplicationInsightsReference;
  /**
   * Run the query as a user-assigned identity, created with the alert, that gets Reader on the Application
   * Insights resource (without one, Azure runs the query with the permissions of whoever last edited the
   * rule). Needs the right to create role assignments at deploy time. @default true
   */
  readonly managedIdentity?: boolean;
}
