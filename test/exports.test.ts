/**
 * The package's runtime exports, listed: a new export, or a helper leaking into the public API, fails here (and
 * changes the API report under etc/, which `npm test` checks too).
 */
import * as root from "../constructs";
import * as pool from "../src/pool";

const ROOT_EXPORTS = [
  "AKS_PRICES", "APPLICATION_INSIGHTS_CONNECTION_STRING_ENV", "AZURE_REGIONS", "AZURE_REGIONS_AS_OF", "AZURE_REGIONS_SOURCE", "ActionGroup", "AgentEnvironment", "AppScaling",
  "AzureQueueRule", "BOOTSTRAP_IMAGE", "CONSUMPTION_WORKLOAD_PROFILE", "CONTAINER_APP_METRICS", "COSMOS_DATA_CONTRIBUTOR_ROLE_ID",
  "CapacityPlan", "ConcurrencyRule", "CosmosDatabase", "CosmosThroughput", "CostEstimate", "CronRule", "CustomRule", "DEFAULT_CHAT_MODEL", "DEFAULT_COST_PRICES", "DEFAULT_CUSTOMER_MESSAGE", "DEFAULT_OPENAI_HEADROOM",
  "Duration", "ErrorRateAlert", "IngressErrorAlert", "KedaRule", "KubernetesCostEstimate", "LatencyAlert", "LoadTestPlan", "LatencyStatistic", "MODEL_EXPIRY_WARNING_DAYS", "MODEL_LIFECYCLE", "Metric",
  "MetricAlert", "MonitoringTable", "OPENAI_METRICS", "OPENAI_TOKEN_PRICES", "OPENAI_USER_ROLE", "OpenAIPoolConfig", "OpenAIThrottlingAlert",
  "POOL_DEFAULTS", "POOL_ENV", "PoolEnvironmentError", "PoolError", "RESOURCE_ATTRIBUTES_ENV", "ROLE_NAME_ENV", "ReplicaSaturationAlert", "RetailCustomerServicePlatform",
  "SERVICE_NAME_ENV", "ScaleRule", "ScalingDashboard", "ScaledAgentApp", "ScheduledAutoscale", "ScheduledAutoscaleTarget", "ServiceBusRule", "SimulationResult", "UtilizationRule", "WORKLOAD_PROFILE_TYPES",
  "Weekday", "Weekdays", "modelLifecycleStatus", "readPoolCosmosEnvironment", "readPoolEnvironment", "simulateStack", "writePoolEnvironment", "writePoolEnvironmentPart",
  // AKS (the spec's Option 2).
  "AKS_ENTRA_SERVER_ID", "AKS_RBAC_CLUSTER_ADMIN_ROLE", "AZURE_CLIENT_ID_ENV", "AgentCluster", "AgentWorkloadIdentity", "KEDA_OPERATOR_SERVICE_ACCOUNT", "KubernetesAgentApp",
  "KubernetesScaling", "WEB_APP_ROUTING_INGRESS_CLASS", "WORKLOAD_IDENTITY_AUDIENCE", "WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION", "WORKLOAD_IDENTITY_USE_LABEL",
  "KubeloginMode", "KubernetesClusterTier",
  // The closed sets a user passes, as string enums.
  "AutoscaleChangeType", "AutoscaleDirection", "AutoscaleOperator", "AutoscaleStatistic", "AutoscaleTimeAggregation", "ConcurrencyProtocol", "ContainerRegistrySku",
  "CosmosConsistencyLevel", "IngressTransport", "MetricAggregation", "MetricOperator", "ModelVersionUpgradeOption", "OpenAITpmSku", "ProbeTransport", "RevisionMode",
  "PoolAuthMode", "UtilizationResource", "WorkloadProfileType",
];

const POOL_EXPORTS = [
  "AzureOpenAIPool", "CHARS_PER_TOKEN", "COGNITIVE_SERVICES_SCOPE", "COSMOS_RETRY_OPTIONS", "DEFAULT_API_VERSION", "DEFAULT_MAX_TOKENS", "METER_NAME", "POOL_DEFAULTS",
  "PoolClosedError", "PoolDeadlineExceededError", "PoolEnvironmentError", "PoolError", "PoolLease", "PoolOverloadedError", "PoolQuotaExhaustedError",
  "PoolRetriesExhaustedError", "PoolUnavailableError", "closeCosmosClients", "cosmosClientOptions", "cosmosDatabaseFromEnvironment", "cosmosDatabaseFromSettings",
  "createCosmosClient", "estimateChatTokens", "PoolAuthMode",
];

/** Helpers that were public before the API was curated: none may come back. */
const INTERNAL_HELPERS = [
  "shortHash", "formatNumber", "integerRangeProblem", "generateName", "nameProblem", "NAME_RULES", "cronProblem", "timeZoneProblem", "cpuMemoryProblem",
  "parseMemoryGi", "locationProblem", "normalizeLocation", "firstDuplicate", "kqlString", "requestDurationPercentileQuery", "failedRequestPercentageQuery",
  "alertTimingProblem", "severityProblem", "deploymentKey", "derivedRequestsPerMinute", "isAllowedEndpoint", "mergePoolEnvironments", "windowsTimeZone",
];

test("the root export is the curated list", () => {
  expect(Object.keys(root).sort()).toEqual([...ROOT_EXPORTS].sort());
});

test("the root export has none of the internal helpers", () => {
  expect(INTERNAL_HELPERS.filter((name) => name in root)).toEqual([]);
});

test("the ./pool export is the runtime pool's list", () => {
  expect(Object.keys(pool).sort()).toEqual([...POOL_EXPORTS].sort());
});
