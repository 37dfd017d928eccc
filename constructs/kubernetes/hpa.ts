/** One metric of a native HPA, before rendering. */
export type HpaMetric =
  | { readonly kind: "resource"; readonly resource: "cpu" | "memory"; readonly averageUtilization: number }
  | { readonly kind: "pods"; readonly metricName: string; readonly averageValue: string };

/** `metric` as a `kubernetes_horizontal_pod_autoscaler_v2` `spec.metric` block (Terraform form). */
export function hpaMetricBlock(metric: HpaMetric): Record<string, unknown> {
  if (metric.kind === "resource") {
    return { type: "Resource", resource: { name: metric.resource, target: { type: "Utilization", average_utilization: metric.averageUtilization } } };
  }
  return { type: "Pods", pods: { metric: { name: metric.metricName }, target: { type: "AverageValue", average_value: metric.averageValue } } };
}
