import { Construct } from "constructs";
import { type MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { MetricAggregation, MetricOperator } from "../src/monitoring";
import { type AlertOptions } from "./alert-options";
import { createMetricAlert, metricAlertTiming } from "./alert-resources";
import { type Metric } from "./metric";
import { checkOneOf, invalid, isKnownNumber } from "./validation";

/** Options of `Metric.createAlert`. */
export interface MetricAlertOptions extends AlertOptions {
  /** The value the metric's aggregate is compared with. */
  readonly threshold: number;
  /** How the aggregate is compared with the threshold. @default "GreaterThan" */
  readonly operator?: MetricOperator;
  /** How the metric's values over the window are combined. @default - the metric's aggregation */
  readonly aggregation?: MetricAggregation;
}

/** Props of {@link MetricAlert}. */
export interface MetricAlertProps extends MetricAlertOptions {
  /** The metric watched. */
  readonly metric: Metric;
}

/** An `azurerm_monitor_metric_alert` on one {@link Metric}; usually made with `metric.createAlert(scope, id, options)`. */
export class MetricAlert extends Construct {
  /** The metric alert rule. */
  readonly resource: MonitorMetricAlert;
  /** The metric watched, with the aggregation the alert uses. */
  readonly metric: Metric;

  constructor(scope: Construct, id: string, props: MetricAlertProps) {
    super(scope, id);
    if (typeof props.threshold !== "number" || (isKnownNumber(props.threshold) && !Number.isFinite(props.threshold))) {
      invalid(this, `threshold must be a finite number; got ${JSON.stringify(props.threshold)}`);
    }
    checkOneOf(this, "operator", props.operator, Object.values(MetricOperator));
    checkOneOf(this, "aggregation", props.aggregation, Object.values(MetricAggregation));
    this.metric = props.aggregation ? props.metric.with({ aggregation: props.aggregation }) : props.metric;
    const timing = metricAlertTiming(this, props);
    const operator = props.operator ?? MetricOperator.GREATER_THAN;
    this.resource = createMetricAlert(this, props, {
      metric: this.metric,
      threshold: props.threshold,
      operator,
      timing,
      description: `${this.metric} ${operator} ${props.threshold} over ${timing.window}`,
    });
  }
}
