import { type ScaleRuleOptions } from "../scale-rules";

/** Options of `KubernetesAgentApp.scaleOnPodsMetric`: a per-pod metric from the cluster's custom-metrics API. */
export interface PodsMetricScaleOptions extends ScaleRuleOptions {
  /** Metric name as the custom-metrics API serves it, e.g. "http_requests_per_second". */
  readonly metricName: string;
  /** Average value per pod to keep pods at: a number, or a Kubernetes quantity such as "100" or "500m". */
  readonly averageValue: number | string;
}

/** Options of `KubernetesAgentApp.scaleOnAzureQueue` (KEDA azure-queue scaler, authenticated with the app's workload identity). */
export interface KubernetesAzureQueueScaleOptions extends ScaleRuleOptions {
  /** Storage account name. */
  readonly accountName: string;
  /** Queue name. */
  readonly queueName: string;
  /** Messages per pod above which a pod is added (integer >= 1). @default 5 (KEDA's default) */
  readonly queueLength?: number;
}

/** Options of `KubernetesAgentApp.scaleOnServiceBus`: a queue, or a topic with a subscription (KEDA azure-servicebus scaler, workload identity). */
export interface KubernetesServiceBusScaleOptions extends ScaleRuleOptions {
  /** Service Bus namespace name. */
  readonly namespace: string;
  /** Queue to watch. @default - the topic and subscription are watched */
  readonly queueName?: string;
  /** Topic to watch, with `subscriptionName`. @default - the queue is watched */
  readonly topicName?: string;
  /** Subscription of `topicName`. @default - none */
  readonly subscriptionName?: string;
  /** Messages per pod above which a pod is added (integer >= 1). @default 5 */
  readonly messageCount?: number;
}
