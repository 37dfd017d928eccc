import { CONTAINER_APP_DIMENSIONS, CONTAINER_APP_METRICS } from "../src/monitoring";
import { type MonitoredApp } from "./alert-options";
import { Metric, type MetricDimension } from "./metric";

/** Filters of an app's `Requests` metric. */
export interface RequestsMetricOptions {
  /** Only responses of this status class, e.g. "5xx" or "2xx". @default - every response */
  readonly statusCodeCategory?: string;
  /** Only responses with this status code, e.g. "503". @default - every response */
  readonly statusCode?: string;
}

/** The metrics of one container app (`Microsoft.App/containerApps`), as values alerts and dashboards share. */
export class AppMetrics {
  constructor(private readonly app: MonitoredApp) {}

  /** Replicas running (Maximum over the window). */
  replicas(): Metric {
    return this.metric(CONTAINER_APP_METRICS.replicas);
  }

  /** Requests seen by the ingress (Total), optionally only some status codes. */
  requests(options: RequestsMetricOptions = {}): Metric {
    const dimensions: MetricDimension[] = [];
    if (options.statusCodeCategory !== undefined) dimensions.push({ name: CONTAINER_APP_DIMENSIONS.statusCodeCategory, values: [options.statusCodeCategory] });
    if (options.statusCode !== undefined) dimensions.push({ name: CONTAINER_APP_DIMENSIONS.statusCode, values: [options.statusCode] });
    return this.metric(CONTAINER_APP_METRICS.requests, dimensions);
  }

  /** Response time at the ingress in milliseconds (Average). */
  responseTime(): Metric {
    return this.metric(CONTAINER_APP_METRICS.responseTime);
  }

  /** CPU in percent of the replicas' allocation (Average). */
  cpuPercentage(): Metric {
    return this.metric(CONTAINER_APP_METRICS.cpuPercentage);
  }

  private metric(definition: (typeof CONTAINER_APP_METRICS)[keyof typeof CONTAINER_APP_METRICS], dimensions?: readonly MetricDimension[]): Metric {
    return new Metric({ resourceId: this.app.resource.id, definition, placement: this.app.environment, label: this.app.cloudRoleName, dimensions });
  }
}
