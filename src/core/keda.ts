/**
 * The KEDA scaler types the azurerm provider accepts as `custom_rule_type` of an Azure Container App
 * `custom_scale_rule` (provider v4.55 validation list).
 */
export const CUSTOM_SCALE_RULE_TYPES: readonly string[] = [
  "activemq", "artemis-queue", "kafka", "pulsar", "aws-cloudwatch", "aws-dynamodb", "aws-dynamodb-streams",
  "aws-kinesis-stream", "aws-sqs-queue", "azure-app-insights", "azure-blob", "azure-data-explorer", "azure-eventhub",
  "azure-log-analytics", "azure-monitor", "azure-pipelines", "azure-servicebus", "azure-queue", "cassandra", "cpu",
  "cron", "datadog", "elasticsearch", "external", "external-push", "gcp-stackdriver", "gcp-storage", "gcp-pubsub",
  "graphite", "http", "huawei-cloudeye", "ibmmq", "influxdb", "kubernetes-workload", "liiklus", "memory",
  "metrics-api", "mongodb", "mssql", "mysql", "nats-jetstream", "stan", "tcp", "new-relic", "openstack-metric",
  "openstack-swift", "postgresql", "predictkube", "prometheus", "rabbitmq", "redis", "redis-cluster",
  "redis-sentinel", "redis-streams", "redis-cluster-streams", "redis-sentinel-streams", "selenium-grid",
  "solace-event-queue", "github-runner",
];

/** Scalers that measure the replicas' own CPU or memory: they cannot bring an app back from zero replicas. */
export const HOST_METRIC_SCALE_RULE_TYPES: readonly string[] = ["cpu", "memory"];
