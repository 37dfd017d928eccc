import { type MetricDefinition, OPENAI_DIMENSIONS, OPENAI_METRICS } from "../src/monitoring";
import { type AlertPlacement } from "./alert-options";
import { Metric, type MetricDimension } from "./metric";

/** Filters of the Azure OpenAI metrics. */
export interface OpenAIMetricOptions {
  /** Only these deployments; `["*"]` evaluates each deployment on its own. @default - all deployments together */
  readonly deploymentNames?: readonly string[];
}

/** Filters of the Azure OpenAI `AzureOpenAIRequests` metric. */
export interface OpenAIRequestsMetricOptions extends OpenAIMetricOptions {
  /** Only calls answered with this status code, e.g. "429". @default - every call */
  readonly statusCode?: string;
}

/** The metrics of one Azure OpenAI account, as values alerts and dashboards share. */
export class OpenAIMetrics {
  /**
   * @param accountId resource id of the account
   * @param placement where alerts on the metrics are created
   * @param label what the metrics are of, for descriptions
   */
  constructor(
    private readonly accountId: string,
    private readonly placement: AlertPlacement,
    private readonly label: string,
  ) {}

  /** Calls to the API (Total), optionally only one status code and some deployments. */
  requests(options: OpenAIRequestsMetricOptions = {}): Metric {
    const status: MetricDimension[] = options.statusCode === undefined ? [] : [{ name: OPENAI_DIMENSIONS.statusCode, values: [options.statusCode] }];
    return this.metric(OPENAI_METRICS.requests, options, status);
  }

  /** Prompt tokens processed (Total). */
  promptTokens(options: OpenAIMetricOptions = {}): Metric {
    return this.metric(OPENAI_METRICS.promptTokens, options);
  }

  /** Completion tokens generated, reasoning tokens included (Total). */
  generatedTokens(options: OpenAIMetricOptions = {}): Metric {
    return this.metric(OPENAI_METRICS.generatedTokens, options);
  }

  /** Time to the response's first byte in milliseconds (Average). */
  timeToResponse(options: OpenAIMetricOptions = {}): Metric {
    return this.metric(OPENAI_METRICS.timeToResponse, options);
  }

  private metric(definition: MetricDefinition, options: OpenAIMetricOptions, first: readonly MetricDimension[] = []): Metric {
    const deployments = options.deploymentNames === undefined ? [] : [{ name: OPENAI_DIMENSIONS.deployment, values: options.deploymentNames }];
    return new Metric({ resourceId: this.accountId, definition, placement: this.placement, label: this.label, dimensions: [...first, ...deployments] });
  }
}
