import { Construct } from "constructs";
import { type IActionGroup, type MonitoredApp } from "./alert-options";
import { ErrorRateAlert } from "./error-rate-alert";
import { IngressErrorAlert } from "./ingress-error-alert";
import { LatencyAlert, LatencyStatistic } from "./latency-alert";
import { type OpenAIAccountReference, OpenAIThrottlingAlert } from "./openai-throttling-alert";
import { ReplicaSaturationAlert } from "./replica-saturation-alert";
import { invalid } from "./validation";

/** Props of {@link MonitoringTable}. */
export interface MonitoringTableProps {
  /** The apps to watch, by a short label (used in construct ids and alert names), e.g. `{ gateway: apiGateway }`. */
  readonly apps: { readonly [label: string]: MonitoredApp };
  /** Action group every alert notifies. @default - no notification (alerts only show in Azure Monitor) */
  readonly actionGroup?: IActionGroup;
  /** Azure OpenAI account whose 429s are watched; the alert is created in the first app's environment. @default - no 429 alert */
  readonly openAI?: OpenAIAccountReference;
  /** More Azure OpenAI accounts whose 429s are watched, one alert each (e.g. every account of an `OpenAIPoolConfig`). @default - none */
  readonly openAIAccounts?: readonly OpenAIAccountReference[];
}

/** Props of {@link MonitoringTable.forApp}: one app's table. */
export interface MonitoringTableAppProps {
  /** The app to watch (labelled `app`). */
  readonly app: MonitoredApp;
  /** Action group every alert notifies. @default - no notification (alerts only show in Azure Monitor) */
  readonly actionGroup?: IActionGroup;
  /** Azure OpenAI account whose 429s are watched. @default - no 429 alert */
  readonly openAI?: OpenAIAccountReference;
}

/** The alerts a {@link MonitoringTable} creates for one app. */
export interface AppAlerts {
  /** P95 request duration above 30 s (log alert). */
  readonly latency: LatencyAlert;
  /** More than 1% of requests failed (log alert). */
  readonly errorRate: ErrorRateAlert;
  /** More than 80% of maxReplicas running (metric alert). */
  readonly replicaSaturation: ReplicaSaturationAlert;
  /** More than 10 responses with a 5xx status at the ingress over 5 minutes (metric alert; needs no SDK in the image). */
  readonly ingressErrors: IngressErrorAlert;
}

/**
 * The spec's "Key Metrics to Monitor" table as alerts, in one call, with the spec's thresholds:
 * per app, Response Time P95 > 30 s ({@link LatencyAlert}), Error Rate > 1% ({@link ErrorRateAlert}) and
 * Active Instances > 80% of max ({@link ReplicaSaturationAlert}); for the Azure OpenAI account,
 * 429s > 10/min per deployment ({@link OpenAIThrottlingAlert}). Beside the table, per app, server errors at the
 * ingress ({@link IngressErrorAlert}), which need no telemetry SDK in the image. Every alert uses the default
 * timing (over 5 minutes; metric alerts evaluated every minute, log alerts every 5 minutes) and severity 2.
 *
 * The table's other rows are scaling rules, not alerts: "Request Queue Length > 50 -> scale up" is
 * `app.scaleOnAzureQueue({ queueLength: 50, ... })` (or `scaleOnServiceBus({ messageCount: 50, ... })`) and
 * "CPU > 70% -> scale up" is `app.scaleOnCpuUtilization({ targetUtilizationPercent: 70 })`. When those
 * rules cannot keep up, the app reaches its maximum and the replica saturation alert fires.
 *
 * For other thresholds, create the alert constructs directly.
 */
export class MonitoringTable extends Construct {
  /** One app's table (as the label `app`): `MonitoringTable.forApp(this, "Alerts", { app, actionGroup })`. */
  static forApp(scope: Construct, id: string, props: MonitoringTableAppProps): MonitoringTable {
    const { app, ...rest } = props;
    return new MonitoringTable(scope, id, { ...rest, apps: { app } });
  }

  /** The Azure OpenAI 429 alert of the first account, when `openAI` or `openAIAccounts` is given. */
  readonly openAIThrottling?: OpenAIThrottlingAlert;
  /** Every Azure OpenAI 429 alert, one per account. */
  readonly openAIThrottlingAlerts: readonly OpenAIThrottlingAlert[];

  private readonly appAlerts: Record<string, AppAlerts> = {};
  private readonly actionGroup?: IActionGroup;

  constructor(scope: Construct, id: string, props: MonitoringTableProps) {
    super(scope, id);
    const entries = Object.entries(props.apps);
    if (entries.length === 0) invalid(this, "apps is empty", "Give at least one app to watch, e.g. { gateway: apiGateway }");
    this.actionGroup = props.actionGroup;
    for (const [label, app] of entries) this.addApp(label, app);
    const accounts = [...(props.openAI ? [props.openAI] : []), ...(props.openAIAccounts ?? [])];
    this.openAIThrottlingAlerts = accounts.map(
      (account, i) => new OpenAIThrottlingAlert(this, i === 0 ? "openai-throttling" : `openai-throttling-${i + 1}`, { account, placement: entries[0]![1].environment, actionGroup: this.actionGroup }),
    );
    this.openAIThrottling = this.openAIThrottlingAlerts[0];
  }

  /** The alerts of each app, by label. */
  get apps(): { readonly [label: string]: AppAlerts } {
    return this.appAlerts;
  }

  /** Adds one app's rows, under `label` (used in construct ids and alert names). */
  addApp(label: string, app: MonitoredApp): AppAlerts {
    if (label in this.appAlerts) invalid(this, `app label "${label}" is used twice`, "Give each app its own label");
    const actionGroup = this.actionGroup;
    const alerts = {
      latency: new LatencyAlert(this, `${label}-latency`, { app, actionGroup, statistic: LatencyStatistic.P95 }),
      errorRate: new ErrorRateAlert(this, `${label}-error-rate`, { app, actionGroup }),
      replicaSaturation: new ReplicaSaturationAlert(this, `${label}-replica-saturation`, { app, actionGroup }),
      ingressErrors: new IngressErrorAlert(this, `${label}-ingress-errors`, { app, actionGroup }),
    };
    this.appAlerts[label] = alerts;
    return alerts;
  }
}
