import { Construct } from "constructs";
import { type MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { positiveProblem } from "../src/monitoring";
import { type AlertOptions, type MonitoredApp } from "./alert-options";
import { createMetricAlert, metricAlertTiming } from "./alert-resources";
import { AppMetrics } from "./app-metrics";
import { check } from "./validation";

/** Props of {@link IngressErrorAlert}. */
export interface IngressErrorAlertProps extends AlertOptions {
  /**
   * The alert fires when the app's ingress answers more than this many requests with a 5xx status over the window.
   * @default 10 (about 1% of the spec's peak of 3.5 requests/s over the default 5-minute window)
   */
  readonly threshold?: number;
  /** The app whose ingress is watched. */
  readonly app: MonitoredApp;
}

/**
 * Alerts on server errors seen by the app's ingress: a metric alert on the container app's `Requests` metric
 * (Total) with `statusCodeCategory` = 5xx. It needs nothing in the image, so it also covers apps whose SDK sends no
 * telemetry (the log-query {@link ErrorRateAlert} then sees nothing) and requests that fail before they reach
 * the container (the replica crashed, timed out or was not ready).
 */
export class IngressErrorAlert extends Construct {
  /** The metric alert rule. */
  readonly resource: MonitorMetricAlert;

  constructor(scope: Construct, id: string, props: IngressErrorAlertProps) {
    super(scope, id);
    const { app } = props;
    const threshold = props.threshold ?? 10;
    check(this, positiveProblem("threshold", threshold));
    const timing = metricAlertTiming(this, props);
    this.resource = createMetricAlert(this, props, {
      metric: new AppMetrics(app).requests({ statusCodeCategory: "5xx" }),
      threshold,
      timing,
      description: `The ingress of ${app.cloudRoleName} answered more than ${threshold} requests with a 5xx status over ${timing.window}`,
    });
  }
}
