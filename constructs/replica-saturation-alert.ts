import { Annotations, Op, Token } from "cdktf";
import { Construct } from "constructs";
import { type MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { percentProblem } from "../src/monitoring";
import { type AlertOptions, type MonitoredApp } from "./alert-options";
import { createMetricAlert, metricAlertTiming } from "./alert-resources";
import { AppMetrics } from "./app-metrics";
import { check, isKnownNumber } from "./validation";

/** Props of {@link ReplicaSaturationAlert}. */
/** Options of a {@link ReplicaSaturationAlert} on a given app (`app.alertOnReplicaSaturation(id, options)`). */
export interface ReplicaSaturationAlertOptions extends AlertOptions {
  /** The alert fires when the replica count is above this percentage of the app's maxReplicas (above 0, below 100). @default 80 */
  readonly thresholdPercent?: number;
}

/** Props of {@link ReplicaSaturationAlert}. */
export interface ReplicaSaturationAlertProps extends ReplicaSaturationAlertOptions {
  /** The app whose replica count is watched. */
  readonly app: MonitoredApp;
}

/**
 * Alerts when an app runs more replicas than a share of its `maxReplicas`: the spec's "Active Instances
 * > 80% max -> increase max" row. A metric alert on the container app's `Replicas` metric (Maximum)
 * greater than `thresholdPercent`% of maxReplicas.
 */
export class ReplicaSaturationAlert extends Construct {
  /** The metric alert rule. */
  readonly resource: MonitorMetricAlert;
  /** The replica count above which the alert fires. */
  readonly thresholdReplicas: number;

  constructor(scope: Construct, id: string, props: ReplicaSaturationAlertProps) {
    super(scope, id);
    const { app } = props;
    const thresholdPercent = props.thresholdPercent ?? 80;
    check(this, percentProblem("thresholdPercent", thresholdPercent));
    // A maxReplicas from a Terraform variable gives a threshold that Terraform computes.
    this.thresholdReplicas = isKnownNumber(app.maxReplicas) ? (app.maxReplicas * thresholdPercent) / 100 : Token.asNumber(Op.div(Op.mul(app.maxReplicas, thresholdPercent), 100));
    if (isKnownNumber(this.thresholdReplicas) && this.thresholdReplicas < 1) {
      Annotations.of(this).addWarning(
        `${thresholdPercent}% of maxReplicas ${app.maxReplicas} is ${this.thresholdReplicas} replicas: the alert fires whenever ${app.cloudRoleName} runs at all. Raise thresholdPercent or maxReplicas.`,
      );
    }
    const timing = metricAlertTiming(this, props);
    this.resource = createMetricAlert(this, props, {
      metric: new AppMetrics(app).replicas(),
      threshold: this.thresholdReplicas,
      timing,
      description: `${app.cloudRoleName} ran more than ${this.thresholdReplicas} replicas (${thresholdPercent}% of maxReplicas ${app.maxReplicas}) over ${timing.window}: raise maxReplicas`,
    });
  }
}
