import { type Construct } from "constructs";
import { type MetricAggregation, type MetricDefinition } from "../src/monitoring";
import { type AlertPlacement } from "./alert-options";
import { MetricAlert, type MetricAlertOptions } from "./metric-alert";

/** A dimension filter of a metric: the values to include; `*` splits an alert per value. */
export interface MetricDimension {
  /** Dimension name, e.g. "statusCodeCategory". */
  readonly name: string;
  /** Values included, e.g. ["5xx"]; ["*"] evaluates every value on its own. */
  readonly values: readonly string[];
}

/** Props of {@link Metric}. */
export interface MetricProps {
  /** Resource id of the resource the metric belongs to (an alert's scope). */
  readonly resourceId: string;
  /** Namespace, name, unit and default aggregation of the metric. */
  readonly definition: MetricDefinition;
  /** Where alerts on the metric are created and how they are named. */
  readonly placement: AlertPlacement;
  /** What the metric is of, for descriptions, e.g. the app's name. */
  readonly label: string;
  /** How values are combined over a window. @default - the definition's default aggregation */
  readonly aggregation?: MetricAggregation;
  /** Dimension filters. @default - none: the metric over the whole resource */
  readonly dimensions?: readonly MetricDimension[];
}

/** Changes of {@link Metric.with}: anything not given stays as it is. */
export interface MetricChanges {
  /** How values are combined over a window. @default - unchanged */
  readonly aggregation?: MetricAggregation;
  /** Dimension filters, replacing the metric's. @default - unchanged */
  readonly dimensions?: readonly MetricDimension[];
}

/**
 * A platform metric of one resource, as a value (namespace, name, dimensions, aggregation), not a construct: alerts
 * and dashboards reuse it. `createAlert` turns it into an `azurerm_monitor_metric_alert`. Get one from a construct,
 * e.g. `app.metricRequests({ statusCodeCategory: "5xx" })` or `openai.metricRequests({ statusCode: "429" })`.
 */
export class Metric {
  /** Resource id the metric belongs to. */
  readonly resourceId: string;
  /** Metric namespace, e.g. `Microsoft.App/containerApps`. */
  readonly namespace: string;
  /** Metric name, e.g. `Requests`. */
  readonly metricName: string;
  /** Unit, e.g. "ms". */
  readonly unit: string;
  /** How values are combined over a window. */
  readonly aggregation: MetricAggregation;
  /** Dimension filters. */
  readonly dimensions: readonly MetricDimension[];
  /** Where alerts on the metric are created. */
  readonly placement: AlertPlacement;
  /** What the metric is of, for descriptions. */
  readonly label: string;

  constructor(props: MetricProps) {
    this.resourceId = props.resourceId;
    this.namespace = props.definition.namespace;
    this.metricName = props.definition.metricName;
    this.unit = props.definition.unit;
    this.aggregation = props.aggregation ?? props.definition.defaultAggregation;
    this.dimensions = props.dimensions ?? [];
    this.placement = props.placement;
    this.label = props.label;
  }

  /** The same metric with another aggregation or other dimensions. */
  with(changes: MetricChanges): Metric {
    return new Metric({
      resourceId: this.resourceId,
      definition: { namespace: this.namespace, metricName: this.metricName, unit: this.unit, defaultAggregation: this.aggregation },
      placement: this.placement,
      label: this.label,
      aggregation: changes.aggregation ?? this.aggregation,
      dimensions: changes.dimensions ?? this.dimensions,
    });
  }

  /** An alert when the metric's aggregate over the window passes `options.threshold`. */
  createAlert(scope: Construct, id: string, options: MetricAlertOptions): MetricAlert {
    return new MetricAlert(scope, id, { ...options, metric: this });
  }

  /** `Requests (Total) of agntcy-cs-api-gateway`, for descriptions. */
  toString(): string {
    const filters = this.dimensions.map((d) => `${d.name}=${d.values.join("|")}`).join(", ");
    return `${this.metricName} (${this.aggregation}${filters ? `, ${filters}` : ""}) of ${this.label}`;
  }
}
