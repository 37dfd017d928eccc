/**
 * The package's root export: what a platform team composes in a CDKTF stack. Constructs and their props, the
 * values they take (Duration, CosmosThroughput, LatencyStatistic, scale rules, metrics), the capacity plan and cost
 * model, the model lifecycle table, and the pool contract's read and write. Validation helpers, name generation and
 * the KQL builders are internal; `etc/cdktf-azure-agent-platform.api.md` is the reviewed report of this surface.
 */

// First: fails at load, with what to install, when the framework this build is for is missing (framework-check.ts).
import "./framework-check";

// Framework-free values and tables.
export { Duration } from "../src/core/duration";
export { CosmosThroughput, type CosmosThroughputMode, CosmosConsistencyLevel } from "../src/core/cosmos";
export { OpenAITpmSku } from "../src/core/openai";
export { WorkloadProfileType, type WorkloadProfileTypeInfo, WORKLOAD_PROFILE_TYPES, CONSUMPTION_WORKLOAD_PROFILE } from "../src/core/workload-profiles";
export { AZURE_REGIONS, AZURE_REGIONS_AS_OF, AZURE_REGIONS_SOURCE } from "../src/core/location";
export {
  DEFAULT_CHAT_MODEL,
  MODEL_EXPIRY_WARNING_DAYS,
  MODEL_LIFECYCLE,
  modelLifecycleStatus,
  type ModelLifecycleEntry,
  type ModelLifecycleStage,
  type ModelLifecycleStatus,
  type ModelLifecycleTable,
  type ModelQuota,
  type ModelReplacement,
  type ModelVersionRef,
} from "../src/core/model-lifecycle";
export { Weekday, Weekdays, type OutsideWindows, type ReplicaBounds, type ScheduleWindow } from "../src/core/weekly-schedule";

// The pool contract: what the constructs write into an app and the pool reads.
export {
  POOL_DEFAULTS,
  POOL_ENV,
  PoolEnvironmentError,
  readPoolCosmosEnvironment,
  readPoolEnvironment,
  writePoolEnvironment,
  writePoolEnvironmentPart,
  type PoolEnvironmentOptions,
} from "../src/contract/environment";
export { PoolError, type PoolErrorCode } from "../src/contract/pool-error";
export { PoolAuthMode, type PoolCosmosSettings, type PoolDeployment, type PoolEnvironmentPart, type PoolSettings } from "../src/contract/settings";

// Capacity plan and cost model.
export { CapacityPlan, type TrafficAssumptions } from "../src/capacity/capacity-plan";
export { CostEstimate, type CostEstimateProps, type CostRange, type MonthlyTraffic } from "../src/capacity/cost-estimate";
export { DEFAULT_CUSTOMER_MESSAGE, type LoadTestOptions, type LoadTestPhase, LoadTestPlan } from "../src/capacity/load-test-plan";
export { type ComponentCost, type CostComponent, type CostScheduleWindow, type ReplicaUsage, type ScenarioCost } from "../src/capacity/cost-component";
export { AKS_PRICES, type AksTier, type CostPriceOverrides, type CostPriceTable, DEFAULT_COST_PRICES, OPENAI_TOKEN_PRICES } from "../src/capacity/prices";
export {
  KubernetesCostEstimate,
  type KubernetesCostEstimateProps,
  type KubernetesNodePoolCost,
  type KubernetesPriceOverrides,
  type KubernetesPriceTable,
  type NodePoolCostRange,
} from "../src/capacity/kubernetes-cost-estimate";

// Metric names and the metric value.
export { CONTAINER_APP_METRICS, OPENAI_METRICS, MetricAggregation, type MetricDefinition, MetricOperator } from "../src/monitoring/metrics";
export * from "./metric";
export * from "./metric-alert";
export { type RequestsMetricOptions } from "./app-metrics";
export { type OpenAIMetricOptions, type OpenAIRequestsMetricOptions } from "./openai-metrics";

// Where apps run, and the apps.
export * from "./agent-environment";
export * from "./scale-rules";
export * from "./scaled-agent-app-props";
export * from "./scaled-agent-app";
export { AppScaling } from "./scaling/app-scaling";
export { ScaleRule, type ScaleRuleBlock, type ScaleRuleTarget } from "./scaling/scale-rule";
export { KedaRule } from "./scaling/keda-rule";
export { ConcurrencyRule, ConcurrencyProtocol } from "./scaling/concurrency-rule";
export { UtilizationRule, UtilizationResource } from "./scaling/utilization-rule";
export { AzureQueueRule } from "./scaling/azure-queue-rule";
export { ServiceBusRule } from "./scaling/service-bus-rule";
export { CronRule } from "./scaling/cron-rule";
export { CustomRule } from "./scaling/custom-rule";
export { type ScheduleDefinition } from "./scaling/weekly-schedule-rules";
export * from "./scheduled-autoscale";

// AKS (the spec's Option 2): the cluster, its workload identities, and the Kubernetes agents.
export * from "./agent-cluster-props";
export * from "./agent-cluster";
export * from "./workload-identity";
export * from "./kubernetes-agent-app";
export * from "./kubernetes/agent-app-props";
export type { ScalingBehavior, ScalingPolicy, ScalingPolicyType, ScalingRules, ScalingSelectPolicy } from "./kubernetes/behavior";
export type { KubernetesAzureQueueScaleOptions, KubernetesServiceBusScaleOptions, PodsMetricScaleOptions } from "./kubernetes/scale-options";
export { KubernetesScaling, type KubernetesScalingTarget } from "./kubernetes/scaling";
export type { HpaMetric } from "./kubernetes/hpa";
export type { KedaTrigger } from "./kubernetes/keda";
export type { DeploymentV1, HorizontalPodAutoscalerV2, IngressV1, KubernetesProvider, Manifest, NamespaceV1, SecretV1, ServiceAccountV1, ServiceV1 } from "./kubernetes/provider-classes";
export type { PoolGrantee } from "./pool-grantee";

// Azure OpenAI and Cosmos DB.
export * from "./openai-pool-config";
export * from "./cosmos-database";

// Alerts.
export * from "./alert-options";
export * from "./action-group";
export * from "./latency-alert";
export * from "./error-rate-alert";
export * from "./replica-saturation-alert";
export * from "./ingress-error-alert";
export * from "./openai-throttling-alert";
export * from "./monitoring-table";
export * from "./scaling-dashboard";

// The whole platform.
export * from "./retail-customer-service-platform";
export type { WorkbookData, WorkbookItem } from "../src/monitoring/workbook";
export * from "../src/simulation";
