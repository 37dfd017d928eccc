import { Fn, Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { ApplicationInsightsWorkbook } from "@cdktf/provider-azurerm/lib/application-insights-workbook";
import { type CapacityPlan } from "../src/capacity";
import { scalingWorkbook, stableUuid, type WorkbookApp, type WorkbookData, type WorkbookOpenAIAccount } from "../src/monitoring/workbook";
import { type AgentEnvironment } from "./agent-environment";
import { type OpenAIPoolConfig } from "./openai-pool-config";
import { type ScaledAgentApp } from "./scaled-agent-app";
import { invalid, isKnownNumber } from "./validation";

/** A named window of a schedule and the replica floor it sets. */
export interface DashboardScheduleFloor {
  /** Window name, e.g. "business-hours". */
  readonly name: string;
  /** minReplicas during the window. */
  readonly minReplicas: number;
}

/** Props of {@link ScalingDashboard}. */
export interface ScalingDashboardProps {
  /** The environment: its resource group, location, Application Insights and Log Analytics workspace. */
  readonly environment: AgentEnvironment;
  /** The apps to show, by label (at least one). */
  readonly apps: { readonly [label: string]: ScaledAgentApp };
  /** Azure OpenAI accounts to show (requests by status code, tokens, latency). @default - no Azure OpenAI tiles */
  readonly openAI?: OpenAIPoolConfig;
  /** Capacity plan whose figures are shown as reference text and a reference line. @default - no capacity tiles */
  readonly capacityPlan?: CapacityPlan;
  /**
   * Labels (in `apps`) of the apps users call, e.g. the API gateway: their requests are compared with the plan's peak
   * requests per second (the agents behind them see each user request again). @default - every app
   */
  readonly entryApps?: readonly string[];
  /** Scheduled replica floors per app label, shown beside each app's min and max. @default - none */
  readonly scheduleFloors?: { readonly [label: string]: readonly DashboardScheduleFloor[] };
  /** Workbook title in the portal. @default "Agent platform scaling" */
  readonly displayName?: string;
}

function numberText(value: number): number | string {
  return isKnownNumber(value) ? value : Token.asString(value);
}

/**
 * An Azure Monitor workbook (`azurerm_application_insights_workbook`) that shows how the agent apps scale: replicas
 * against min/max and schedule floors, scaling events from the system logs, requests, p50/p95 latency and error rate,
 * ingress requests by status class, Azure OpenAI requests (429s), tokens and latency, and the capacity plan's figures.
 */
export class ScalingDashboard extends Construct {
  /** The workbook (escape hatch). */
  readonly resource: ApplicationInsightsWorkbook;
  private appByLabel(label: string): WorkbookApp {
    const app = this.apps.find((candidate) => candidate.label === label);
    if (!app) invalid(this, `entryApps names "${label}", which is not in apps`, `Labels in apps: ${this.apps.map((a) => a.label).join(", ")}`);
    return app;
  }

  /** The workbook's content, as passed (stringified) to `data_json`; resource ids are Terraform references. */
  private readonly apps: WorkbookApp[] = [];
  private readonly build: () => WorkbookData;

  constructor(scope: Construct, id: string, props: ScalingDashboardProps) {
    super(scope, id);
    const { environment } = props;
    const labels = Object.keys(props.apps ?? {});
    if (labels.length === 0) invalid(this, "apps is empty", "Give at least one ScaledAgentApp, e.g. apps: { intent: intentApp }");
    const displayName = props.displayName ?? "Agent platform scaling";
    if (!Token.isUnresolved(displayName) && displayName.trim() === "") invalid(this, "displayName is empty", "Give a title, or leave it out for the default");
    for (const label of Object.keys(props.scheduleFloors ?? {})) {
      if (!labels.includes(label)) invalid(this, `scheduleFloors has floors for "${label}", which is not in apps`, `Labels in apps: ${labels.join(", ")}`);
    }
    for (const label of labels) this.addApp(label, props.apps[label]!, props.scheduleFloors?.[label]);
    for (const label of props.entryApps ?? []) this.appByLabel(label);
    const plan = props.capacityPlan;
    this.build = () =>
      scalingWorkbook({
        title: displayName,
        applicationInsightsId: environment.applicationInsights.id,
        logAnalyticsWorkspaceId: environment.logAnalyticsWorkspace.id,
        apps: [...this.apps],
        openAI: props.openAI && { accounts: openAIAccountMetrics(props.openAI), totalTokensPerMinute: numberText(props.openAI.totalTokensPerMinute) },
        capacity: plan && {
          peakRps: plan.peakRps,
          instances: plan.instances,
          requiredTokensPerMinute: plan.requiredTokensPerMinute,
          openAICallsPerMinute: plan.openAICallsPerMinute,
          concurrentUsers: plan.concurrentUsers,
          entryRoleNames: props.entryApps?.map((label) => this.appByLabel(label).cloudRoleName),
        },
      });
    this.resource = new ApplicationInsightsWorkbook(this, "Resource", {
      name: stableUuid(this.node.path),
      displayName,
      location: environment.location,
      resourceGroupName: environment.resourceGroupName,
      // Azure stores the source id in lower case; a mixed-case id would show a change on every plan.
      sourceId: Fn.lower(environment.applicationInsights.id),
      category: "workbook",
      // The ids are Terraform references inside a JSON string: Terraform interpolates them, giving valid JSON.
      // Rendered at synth, so that apps added later (addApp) are on the workbook too.
      dataJson: Lazy.stringValue({ produce: () => JSON.stringify(this.data) }),
      tags: environment.tags,
    });
  }

  /** The workbook's content (`data_json` before Terraform fills in the resource ids), with every app added so far. */
  get data(): WorkbookData {
    return this.build();
  }

  /**
   * Adds an app's tiles (replicas against its range and floors, requests, latency, errors, scaling events).
   * @param label the app's label on the workbook
   * @param floors the schedule's replica floors of the app. @default - none
   */
  addApp(label: string, app: ScaledAgentApp, floors: readonly DashboardScheduleFloor[] = []): void {
    if (this.apps.some((existing) => existing.label === label)) invalid(this, `app label "${label}" is used twice`, "Give each app its own label");
    this.apps.push({
      label,
      appName: app.appName,
      cloudRoleName: app.cloudRoleName,
      replicas: app.metricReplicas(),
      requests: app.metricRequests(),
      minReplicas: numberText(app.minReplicas),
      maxReplicas: numberText(app.maxReplicas),
      scheduleFloors: floors.map((floor) => ({ name: floor.name, minReplicas: numberText(floor.minReplicas) })),
    });
  }
}

/** The metrics of each account of `openai`, as the dashboard's Azure OpenAI tiles plot them. */
function openAIAccountMetrics(openai: OpenAIPoolConfig): WorkbookOpenAIAccount[] {
  return Object.keys(openai.accounts).map((location) => ({
    requests: openai.metricRequests({}, location),
    promptTokens: openai.metricPromptTokens({}, location),
    generatedTokens: openai.metricGeneratedTokens({}, location),
    timeToResponse: openai.metricTimeToResponse({}, location),
  }));
}
