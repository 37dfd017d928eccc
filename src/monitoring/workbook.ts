/**
 * The scaling dashboard as an Azure Monitor workbook: its KQL queries and its `data_json` (the public workbook format,
 * `Notebook/1.0`), built from plain inputs. Resource ids may be Terraform references embedded as strings; nothing here
 * knows about cdktf.
 */
import { createHash } from "node:crypto";
import { kqlString } from "./kql";
import { CONTAINER_APP_DIMENSIONS, MetricAggregation, OPENAI_DIMENSIONS } from "./metrics";

/** `$schema` of a workbook's `data_json`. */
export const WORKBOOK_SCHEMA_URL = "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json";

/** Name of the workbook's time-range parameter, which every query and metric item takes its time from. */
export const TIME_RANGE_PARAMETER = "TimeRange";

/** Workbook item types (the `type` of an item in `items`). */
export const WorkbookItemType = { TEXT: 1, QUERY: 3, PARAMETERS: 9, METRIC: 10 } as const;

/** Resource types a workbook query item is scoped to. */
export const WorkbookResourceType = {
  APPLICATION_INSIGHTS: "microsoft.insights/components",
  LOG_ANALYTICS: "microsoft.operationalinsights/workspaces",
  CONTAINER_APPS: "microsoft.app/containerapps",
  COGNITIVE_SERVICES: "microsoft.cognitiveservices/accounts",
} as const;

/** Metric aggregations as a workbook metric item numbers them. */
export const WORKBOOK_METRIC_AGGREGATION: Readonly<Record<MetricAggregation, number>> = {
  [MetricAggregation.TOTAL]: 1,
  [MetricAggregation.MINIMUM]: 2,
  [MetricAggregation.MAXIMUM]: 3,
  [MetricAggregation.AVERAGE]: 4,
  [MetricAggregation.COUNT]: 7,
};

/** One workbook item, as it appears in `data_json`. */
export interface WorkbookItem {
  readonly type: number;
  readonly name: string;
  readonly content: Record<string, unknown>;
}

/** A workbook's `data_json`, parsed. */
export interface WorkbookData {
  readonly version: "Notebook/1.0";
  readonly items: readonly WorkbookItem[];
  readonly $schema: string;
}

/**
 * A platform metric of one resource, as a metric tile plots it. A `Metric` of the constructs (`app.metricReplicas()`,
 * `openai.metricRequests()`) is one.
 */
export interface WorkbookMetric {
  /** Metric namespace, e.g. `Microsoft.App/containerApps`. */
  readonly namespace: string;
  /** Metric name, e.g. `Replicas`. */
  readonly metricName: string;
  /** How values are combined per time grain. */
  readonly aggregation: MetricAggregation;
  /** Resource id the metric belongs to (may be a Terraform reference). */
  readonly resourceId: string;
}

/** A container app shown on the dashboard. */
export interface WorkbookApp {
  /** Label of the app on the dashboard, e.g. "intent". */
  readonly label: string;
  /** The app's Azure name: `ContainerAppName_s` in the system logs. */
  readonly appName: string;
  /** Cloud role name of the app's telemetry in Application Insights. */
  readonly cloudRoleName: string;
  /** The app's `Replicas` metric. */
  readonly replicas: WorkbookMetric;
  /** The app's ingress `Requests` metric. */
  readonly requests: WorkbookMetric;
  /** Fewest replicas (a string when it is a Terraform expression). */
  readonly minReplicas: number | string;
  /** Most replicas (a string when it is a Terraform expression). */
  readonly maxReplicas: number | string;
  /** Scheduled replica floors (named windows and their minReplicas). */
  readonly scheduleFloors?: readonly { readonly name: string; readonly minReplicas: number | string }[];
}

/** The Azure OpenAI side of the dashboard. */
export interface WorkbookOpenAI {
  /** The metrics of each Azure OpenAI account. */
  readonly accounts: readonly WorkbookOpenAIAccount[];
  /** Total TPM quota of the deployments, for the reference text. */
  readonly totalTokensPerMinute?: number | string;
}

/** The metrics of one Azure OpenAI account the dashboard plots. */
export interface WorkbookOpenAIAccount {
  /** `AzureOpenAIRequests`. */
  readonly requests: WorkbookMetric;
  /** `ProcessedPromptTokens`. */
  readonly promptTokens: WorkbookMetric;
  /** `GeneratedTokens`. */
  readonly generatedTokens: WorkbookMetric;
  /** `AzureOpenAITimeToResponse`. */
  readonly timeToResponse: WorkbookMetric;
}

/** The capacity plan's figures, shown as reference text and lines. */
export interface WorkbookCapacity {
  readonly peakRps: number;
  readonly instances: number;
  readonly requiredTokensPerMinute: number;
  readonly openAICallsPerMinute: number;
  readonly concurrentUsers: number;
  /** Cloud role names of the apps users call (the gateway), whose requests are compared with the plan's peak. @default - every app */
  readonly entryRoleNames?: readonly string[];
}

/** Everything {@link scalingWorkbook} needs. */
export interface ScalingWorkbookInput {
  /** Title at the top of the workbook. */
  readonly title: string;
  /** Resource id of the Application Insights component (App Insights-scoped queries). */
  readonly applicationInsightsId: string;
  /** Resource id of the Log Analytics workspace (workspace-scoped queries: the Container Apps system logs). */
  readonly logAnalyticsWorkspaceId: string;
  /** The apps, at least one. */
  readonly apps: readonly WorkbookApp[];
  readonly openAI?: WorkbookOpenAI;
  readonly capacity?: WorkbookCapacity;
}

/** Bin width of the time charts. */
const BIN = "5m";

function inList(values: readonly string[]): string {
  return `(${values.map(kqlString).join(", ")})`;
}

/**
 * Scaling and replica events of the apps from the Container Apps system logs (`ContainerAppSystemLogs_CL`, written by
 * an environment whose logs destination is `log-analytics`), newest first. Workspace-scoped.
 */
export function scalingEventsQuery(appNames: readonly string[]): string {
  return [
    "ContainerAppSystemLogs_CL",
    `| where ContainerAppName_s in ${inList(appNames)}`,
    '| where Reason_s contains "scal" or Log_s contains "scal" or Log_s contains "replica"',
    "| project TimeGenerated, App = ContainerAppName_s, Revision = RevisionName_s, Replica = ReplicaName_s, Reason = Reason_s, Message = Log_s",
    "| order by TimeGenerated desc",
    "| take 500",
  ].join("\n");
}

/** Scaling events per app and 5 minutes, for a chart of when scaling happened. Workspace-scoped. */
export function scalingEventCountQuery(appNames: readonly string[]): string {
  return [
    "ContainerAppSystemLogs_CL",
    `| where ContainerAppName_s in ${inList(appNames)}`,
    '| where Reason_s contains "scal" or Log_s contains "scal" or Log_s contains "replica"',
    `| summarize Events = count() by ContainerAppName_s, bin(TimeGenerated, ${BIN})`,
  ].join("\n");
}

/**
 * Requests, p50/p95 latency (ms), failures and error rate (%) per app: per 5 minutes when `binned`, else over the
 * whole time range. Over the classic Application Insights `requests` table (App Insights-scoped).
 */
export function requestStatsQuery(cloudRoleNames: readonly string[], binned = true): string {
  const by = binned ? `cloud_RoleName, bin(timestamp, ${BIN})` : "cloud_RoleName";
  return [
    "requests",
    `| where cloud_RoleName in ${inList(cloudRoleNames)}`,
    `| summarize Requests = count(), (P50, P95) = percentiles(duration, 50, 95), Failed = countif(success == false) by ${by}`,
    "| extend ErrorRatePercent = iff(Requests == 0, 0.0, 100.0 * Failed / Requests)",
  ].join("\n");
}

/** {@link requestStatsQuery} per 5 minutes, keeping only `columns` (for one time chart per measure). */
export function requestSeriesQuery(cloudRoleNames: readonly string[], columns: readonly string[]): string {
  return `${requestStatsQuery(cloudRoleNames)}\n| project timestamp, cloud_RoleName, ${columns.join(", ")}\n| order by timestamp asc`;
}

/** Requests per second over all apps per 5 minutes, beside the capacity plan's peak RPS as a reference line. */
export function requestRateVersusPlanQuery(cloudRoleNames: readonly string[], planPeakRps: number): string {
  return [
    "requests",
    `| where cloud_RoleName in ${inList(cloudRoleNames)}`,
    `| summarize Rps = count() / 300.0 by bin(timestamp, ${BIN})`,
    `| extend PlanPeakRps = ${planPeakRps}`,
    "| order by timestamp asc",
  ].join("\n");
}

/** A UUID-shaped name derived from `seed` (a workbook's `name` must be a UUID; the same seed gives the same name). */
export function stableUuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Workbook metric id of a platform metric, e.g. `microsoft.app/containerapps--Replicas`. */
export function workbookMetricId(metric: { readonly namespace: string; readonly metricName: string }): string {
  return `${metric.namespace.toLowerCase()}--${metric.metricName}`;
}

function text(name: string, markdown: string): WorkbookItem {
  return { type: WorkbookItemType.TEXT, name, content: { json: markdown } };
}

function query(name: string, title: string, kql: string, scope: { resourceType: string; resourceId: string }, visualization: "timechart" | "table"): WorkbookItem {
  return {
    type: WorkbookItemType.QUERY,
    name,
    content: {
      version: "KqlItem/1.0",
      query: kql,
      size: 0,
      title,
      queryType: 0,
      resourceType: scope.resourceType,
      crossComponentResources: [scope.resourceId],
      timeContextFromParameter: TIME_RANGE_PARAMETER,
      visualization,
    },
  };
}

/** One line of a metric tile: the same metric of each of the tile's resources, optionally split by a dimension. */
interface MetricSeries {
  readonly metrics: readonly WorkbookMetric[];
  readonly splitBy?: string;
}

/** A metric tile; its resources are those of the first series (every series plots the same resources). */
function metricItem(name: string, title: string, resourceType: string, series: readonly MetricSeries[]): WorkbookItem {
  const resourceIds = series[0]!.metrics.map((metric) => metric.resourceId);
  return {
    type: WorkbookItemType.METRIC,
    name,
    content: {
      chartId: `workbook-${name}`,
      version: "MetricsItem/2.0",
      size: 0,
      chartType: 2,
      resourceType,
      metricScope: 0,
      resourceIds: [...resourceIds],
      timeContextFromParameter: TIME_RANGE_PARAMETER,
      metrics: series.map(({ metrics, splitBy }) => ({
        namespace: metrics[0]!.namespace.toLowerCase(),
        metric: workbookMetricId(metrics[0]!),
        aggregation: WORKBOOK_METRIC_AGGREGATION[metrics[0]!.aggregation],
        ...(splitBy === undefined ? {} : { splitBy }),
      })),
      title,
      gridSettings: { rowLimit: 10000 },
    },
  };
}

function timeRangeParameters(): WorkbookItem {
  return {
    type: WorkbookItemType.PARAMETERS,
    name: "parameters",
    content: {
      version: "KqlParameterItem/1.0",
      parameters: [
        {
          id: stableUuid("parameter:TimeRange"),
          version: "KqlParameterItem/1.0",
          name: TIME_RANGE_PARAMETER,
          label: "Time range",
          type: 4,
          isRequired: true,
          value: { durationMs: 86_400_000 },
          typeSettings: {
            selectableValues: [
              { durationMs: 3_600_000 },
              { durationMs: 14_400_000 },
              { durationMs: 43_200_000 },
              { durationMs: 86_400_000 },
              { durationMs: 259_200_000 },
              { durationMs: 604_800_000 },
            ],
            allowCustom: true,
          },
        },
      ],
      style: "pills",
      queryType: 0,
      resourceType: WorkbookResourceType.APPLICATION_INSIGHTS,
    },
  };
}

function itemName(label: string): string {
  return label.replace(/[^A-Za-z0-9-]/g, "-");
}

function formatNumber(value: number | string): string {
  return typeof value === "number" ? value.toLocaleString("en-US") : value;
}

function replicaLimits(app: WorkbookApp): string {
  const floors = (app.scheduleFloors ?? []).map((floor) => `${floor.name} ${floor.minReplicas}`);
  return `| ${app.label} | ${app.appName} | ${app.minReplicas} | ${app.maxReplicas} | ${floors.length > 0 ? floors.join(", ") : "-"} |`;
}

/**
 * The scaling dashboard's `data_json` as an object: a time-range parameter; replicas per app against min, max and
 * schedule floors; scaling events from the system logs; requests, p50/p95 latency and error rate per app; ingress
 * requests by status class; Azure OpenAI requests by status code, tokens and latency per deployment; and the capacity
 * plan's figures. Pass `JSON.stringify(...)` of it as the workbook's `data_json`.
 */
export function scalingWorkbook(input: ScalingWorkbookInput): WorkbookData {
  const { apps } = input;
  const roleNames = apps.map((app) => app.cloudRoleName);
  const appNames = apps.map((app) => app.appName);
  const appInsights = { resourceType: WorkbookResourceType.APPLICATION_INSIGHTS, resourceId: input.applicationInsightsId };
  const workspace = { resourceType: WorkbookResourceType.LOG_ANALYTICS, resourceId: input.logAnalyticsWorkspaceId };
  const items: WorkbookItem[] = [
    text("title", `# ${input.title}\nReplicas, scaling events, traffic and Azure OpenAI usage of the agent apps. Every tile follows the time range below.`),
    timeRangeParameters(),
    text(
      "replica-limits",
      ["## Replicas", "Each chart shows the app's `Replicas` (Maximum); compare it with the limits below.", "", "| App | Azure name | minReplicas | maxReplicas | Schedule floors |", "| --- | --- | --- | --- | --- |", ...apps.map(replicaLimits)].join("\n"),
    ),
    ...apps.map((app) =>
      metricItem(`replicas-${itemName(app.label)}`, `${app.label}: replicas (min ${app.minReplicas}, max ${app.maxReplicas})`, WorkbookResourceType.CONTAINER_APPS, [{ metrics: [app.replicas] }]),
    ),
    text("scaling-events-title", "## Scaling events\nReplica and scaling events from the Container Apps system logs (`ContainerAppSystemLogs_CL`)."),
    query("scaling-events-chart", "Scaling events per app", scalingEventCountQuery(appNames), workspace, "timechart"),
    query("scaling-events", "Scaling events (newest first)", scalingEventsQuery(appNames), workspace, "table"),
    text("requests-title", "## Requests\nFrom Application Insights `requests` (latency in ms, error rate in % of requests) and from the ingress `Requests` metric."),
    query("requests-per-app", "Requests per app (per 5 minutes)", requestSeriesQuery(roleNames, ["Requests"]), appInsights, "timechart"),
    query("latency-per-app", "p50 / p95 latency per app (ms)", requestSeriesQuery(roleNames, ["P50", "P95"]), appInsights, "timechart"),
    query("error-rate-per-app", "Error rate per app (%)", requestSeriesQuery(roleNames, ["ErrorRatePercent"]), appInsights, "timechart"),
    query("request-summary", "Requests, latency and errors per app (whole range)", requestStatsQuery(roleNames, false), appInsights, "table"),
    metricItem("ingress-requests", "Ingress requests by status code category", WorkbookResourceType.CONTAINER_APPS, [
      { metrics: apps.map((app) => app.requests), splitBy: CONTAINER_APP_DIMENSIONS.statusCodeCategory },
    ]),
  ];
  if (input.openAI) {
    const accounts = input.openAI.accounts;
    const of = (metric: keyof WorkbookOpenAIAccount) => accounts.map((account) => account[metric]);
    const quota = input.openAI.totalTokensPerMinute === undefined ? "" : ` The deployments' quota is ${formatNumber(input.openAI.totalTokensPerMinute)} TPM in total.`;
    items.push(
      text("openai-title", `## Azure OpenAI\nCalls by status code (429 = throttled), tokens and time to response per deployment.${quota}`),
      metricItem("openai-requests", "Azure OpenAI requests by status code", WorkbookResourceType.COGNITIVE_SERVICES, [{ metrics: of("requests"), splitBy: OPENAI_DIMENSIONS.statusCode }]),
      metricItem("openai-tokens", "Tokens per deployment (prompt and generated)", WorkbookResourceType.COGNITIVE_SERVICES, [
        { metrics: of("promptTokens"), splitBy: OPENAI_DIMENSIONS.deployment },
        { metrics: of("generatedTokens"), splitBy: OPENAI_DIMENSIONS.deployment },
      ]),
      metricItem("openai-latency", "Time to response per deployment (ms)", WorkbookResourceType.COGNITIVE_SERVICES, [{ metrics: of("timeToResponse"), splitBy: OPENAI_DIMENSIONS.deployment }]),
    );
  }
  if (input.capacity) {
    const plan = input.capacity;
    items.push(
      text(
        "capacity-plan",
        [
          "## Capacity plan",
          "The figures the platform was sized for; compare them with the tiles above.",
          "",
          "| Figure | Plan |",
          "| --- | --- |",
          `| Peak requests per second | ${formatNumber(plan.peakRps)} |`,
          `| Instances at peak | ${formatNumber(plan.instances)} |`,
          `| Requests in flight at peak | ${formatNumber(plan.concurrentUsers)} |`,
          `| Azure OpenAI tokens per minute at peak | ${formatNumber(plan.requiredTokensPerMinute)} |`,
          `| Azure OpenAI calls per minute at peak | ${formatNumber(plan.openAICallsPerMinute)} |`,
        ].join("\n"),
      ),
      query("requests-vs-plan", "Requests per second vs the plan's peak", requestRateVersusPlanQuery(plan.entryRoleNames ?? roleNames, plan.peakRps), appInsights, "timechart"),
    );
  }
  return { version: "Notebook/1.0", items, $schema: WORKBOOK_SCHEMA_URL };
}
