/**
 * The Azure Monitor platform metrics the library reads, in one place: their namespaces, names and dimensions. Alerts,
 * dashboards and metric objects take the names from here.
 */

/** How a metric alert combines a metric's values over its window (`azurerm_monitor_metric_alert` `aggregation`). */
export enum MetricAggregation {
  /** The average of the values. */
  AVERAGE = "Average",
  /** The number of values. */
  COUNT = "Count",
  /** The lowest value. */
  MINIMUM = "Minimum",
  /** The highest value. */
  MAXIMUM = "Maximum",
  /** The sum of the values. */
  TOTAL = "Total",
}

/** How a static metric alert compares the aggregate with its threshold. */
export enum MetricOperator {
  /** Equal to the threshold. */
  EQUALS = "Equals",
  /** Above the threshold. */
  GREATER_THAN = "GreaterThan",
  /** At or above the threshold. */
  GREATER_THAN_OR_EQUAL = "GreaterThanOrEqual",
  /** Below the threshold. */
  LESS_THAN = "LessThan",
  /** At or below the threshold. */
  LESS_THAN_OR_EQUAL = "LessThanOrEqual",
}

/** A platform metric: where it lives and what it is called. */
export interface MetricDefinition {
  /** Metric namespace: the resource type, e.g. `Microsoft.App/containerApps`. */
  readonly namespace: string;
  /** Metric name, e.g. `Replicas`. */
  readonly metricName: string;
  /** Unit, for labels and messages. */
  readonly unit: string;
  /** The aggregation that fits the metric, used when none is given. */
  readonly defaultAggregation: MetricAggregation;
}

const CONTAINER_APPS = "Microsoft.App/containerApps";
const COGNITIVE_SERVICES = "Microsoft.CognitiveServices/accounts";

/**
 * Metrics of `Microsoft.App/containerApps` (Microsoft Learn, "Supported metrics for Microsoft.App/containerApps").
 * There is no `RequestDuration` and no percentile metric: a real P95 is a log query.
 */
export const CONTAINER_APP_METRICS = {
  /** Replicas of the active revisions (dimension `revisionName`). */
  replicas: { namespace: CONTAINER_APPS, metricName: "Replicas", unit: "replicas", defaultAggregation: MetricAggregation.MAXIMUM },
  /** Requests seen by the ingress (dimensions `revisionName`, `podName`, `statusCodeCategory` e.g. "5xx", `statusCode`). */
  requests: { namespace: CONTAINER_APPS, metricName: "Requests", unit: "requests", defaultAggregation: MetricAggregation.TOTAL },
  /** Response time at the ingress, in milliseconds (preview; dimensions `statusCodeCategory`, `statusCode`). */
  responseTime: { namespace: CONTAINER_APPS, metricName: "ResponseTime", unit: "ms", defaultAggregation: MetricAggregation.AVERAGE },
  /** CPU used, in percent of the replicas' allocation. */
  cpuPercentage: { namespace: CONTAINER_APPS, metricName: "CpuPercentage", unit: "%", defaultAggregation: MetricAggregation.AVERAGE },
} as const satisfies Record<string, MetricDefinition>;

/** Dimension names of the container app metrics. */
export const CONTAINER_APP_DIMENSIONS = { statusCodeCategory: "statusCodeCategory", statusCode: "statusCode", revisionName: "revisionName" } as const;

/** Metrics of Azure OpenAI accounts (`Microsoft.CognitiveServices/accounts`, Microsoft Learn, "Monitor Azure OpenAI"). */
export const OPENAI_METRICS = {
  /** Calls to the API (dimensions `ModelDeploymentName`, `StatusCode`, `ModelName`, ...). */
  requests: { namespace: COGNITIVE_SERVICES, metricName: "AzureOpenAIRequests", unit: "requests", defaultAggregation: MetricAggregation.TOTAL },
  /** Prompt tokens processed (dimension `ModelDeploymentName`). */
  promptTokens: { namespace: COGNITIVE_SERVICES, metricName: "ProcessedPromptTokens", unit: "tokens", defaultAggregation: MetricAggregation.TOTAL },
  /** Completion tokens generated, reasoning tokens included (dimension `ModelDeploymentName`). */
  generatedTokens: { namespace: COGNITIVE_SERVICES, metricName: "GeneratedTokens", unit: "tokens", defaultAggregation: MetricAggregation.TOTAL },
  /** Time to the response's first byte, in milliseconds (dimension `ModelDeploymentName`). */
  timeToResponse: { namespace: COGNITIVE_SERVICES, metricName: "AzureOpenAITimeToResponse", unit: "ms", defaultAggregation: MetricAggregation.AVERAGE },
} as const satisfies Record<string, MetricDefinition>;

/** Dimension names of the Azure OpenAI metrics. */
export const OPENAI_DIMENSIONS = { deployment: "ModelDeploymentName", statusCode: "StatusCode" } as const;
