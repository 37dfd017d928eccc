import { type CostPriceOverrides, type MonthlyTraffic, type TrafficAssumptions } from "../src/capacity";
import { type SmsReceiver, type WebhookReceiver } from "./action-group";
import { type AgentEnvironmentOptions, type ExistingContainerRegistry } from "./agent-environment";
import { type CosmosDatabaseOptions } from "./cosmos-database";
import { type OpenAIModelDeployment, type OpenAIPoolConfigOptions } from "./openai-pool-config";
import { type ScaledAgentAppOptions } from "./scaled-agent-app-props";
import { type ScheduleDefinition } from "./scaling/weekly-schedule-rules";

/** Overrides of one app of the platform; anything not given keeps the platform's default (see the README table). */
export interface PlatformAppOverrides extends ScaledAgentAppOptions {
  /** Container image. @default - `<registry>/<repository>:<tag>` from `images`, or the bootstrap image */
  readonly image?: string;
}

/**
 * The platform's agents by name: the six of the reference design, and any other name, which gets the agent defaults
 * (0-3 replicas, internal ingress on 8080, HTTP scaling), the image `<registry>/<name>:<tag>`, the grants, the pool
 * settings and the alerts.
 */
export interface PlatformAgentOverrides {
  /** The intent classifier. @default - 0-5 replicas */
  readonly intent?: PlatformAppOverrides;
  /** The response generator. @default - 1-8 replicas of 1 vCPU / 2Gi, CPU 70% and HTTP scaling */
  readonly response?: PlatformAppOverrides;
  /** The critic/supervisor. @default - 0-5 replicas */
  readonly critic?: PlatformAppOverrides;
  /** The escalation agent. @default - 0-3 replicas */
  readonly escalation?: PlatformAppOverrides;
  /** Knowledge retrieval. @default - 0-3 replicas */
  readonly knowledge?: PlatformAppOverrides;
  /** Analytics. @default - 0-2 replicas */
  readonly analytics?: PlatformAppOverrides;
  /** More agents (lowercase letters, digits and '-', starting with a letter). */
  readonly [name: string]: PlatformAppOverrides | undefined;
}

/** Full image references per app, replacing `<registry>/<repository>:<tag>`, by component name (`apiGateway`, `intent`, ...). */
export interface PlatformImageOverrides {
  /** Image of the app with this component name. */
  readonly [component: string]: string;
}

/** Container images of the platform's apps. */
export interface PlatformImages {
  /**
   * Where the images are: a public registry's host (anonymous pull, e.g. `ghcr.io/contoso`), or an existing private
   * registry as `{ loginServer, resourceId }` (a pull identity gets AcrPull on it) or `{ loginServer, identityId }`
   * (an identity that already holds AcrPull). A `*.azurecr.io` string is an error: it needs the object form.
   * @default - the registry the platform creates (empty on the first deploy: push the images before it)
   */
  readonly registry?: string | ExistingContainerRegistry;
  /** Tag of every image, e.g. "v1.1.2". */
  readonly tag: string;
  /** Full image references per app. @default - none */
  readonly byComponent?: PlatformImageOverrides;
}

/** More receivers of the platform's alerts, besides e-mail. */
export interface PlatformAlertReceivers {
  /** SMS receivers. @default - none */
  readonly sms?: SmsReceiver[];
  /** Webhook receivers. @default - none */
  readonly webhooks?: WebhookReceiver[];
}

/** Notification of the platform's alerts. */
export interface PlatformAlerts {
  /** Create the spec's alert table. @default true */
  readonly enabled?: boolean;
  /** E-mail addresses notified. @default - none */
  readonly emails?: readonly string[];
  /** More action-group receivers (SMS, webhooks). @default - none */
  readonly receivers?: PlatformAlertReceivers;
}

/** Azure OpenAI of the platform: any option of `OpenAIPoolConfig`, and its deployments. */
export interface PlatformOpenAI extends OpenAIPoolConfigOptions {
  /**
   * Model deployments. @default - one GlobalStandard deployment "chat" of DEFAULT_CHAT_MODEL sized from the traffic:
   * the capacity plan's peak TPM plus 5% (`DEFAULT_OPENAI_HEADROOM`), in whole 1,000-TPM units (221,000 for the spec's
   * 10,000 users; the spec's diagram shows 200,000, below its own 210,000 requirement)
   */
  readonly deployments?: readonly OpenAIModelDeployment[];
}

/** Cosmos DB of the platform: any option of `CosmosDatabase`, and its database name. */
export interface PlatformCosmos extends CosmosDatabaseOptions {
  /** Database name. @default "customer-service" */
  readonly databaseName?: string;
}

/** Options of `RetailCustomerServicePlatform.costEstimate`. */
export interface PlatformCostOptions {
  /**
   * Requests and tokens per month.
   * @default - from the capacity plan: its daily messages over a 730-hour month as external requests, each with `tokensPerRequest` tokens, 75% input and 25% output (an assumption)
   */
  readonly traffic?: MonthlyTraffic;
  /** Price overrides. @default - DEFAULT_COST_PRICES, with the token prices of the first deployment's model when OPENAI_TOKEN_PRICES lists it */
  readonly prices?: CostPriceOverrides;
}

/** Props of `RetailCustomerServicePlatform`. Only `location` is required. */
export interface RetailCustomerServicePlatformProps {
  /** Azure region, e.g. "eastus2". */
  readonly location: string;
  /** Readable start of every generated name. @default "agntcy-cs" */
  readonly namePrefix?: string;
  /**
   * Images of the apps, `<registry>/<repository>:<tag>`. Without it every app starts on `BOOTSTRAP_IMAGE` and
   * Terraform keeps the image a deployment pipeline sets later (`az containerapp update --image ...`), so one
   * `cdktf deploy` brings the platform up on a fresh subscription. @default - bootstrap images, a registry is created for the pipeline's images
   */
  readonly images?: PlatformImages;
  /** Traffic the platform is sized for; spec defaults for anything not given. @default - the spec's load analysis (10,000 daily users) */
  readonly traffic?: TrafficAssumptions;
  /** Alerts and who they notify. @default - the spec's alert table, no receivers */
  readonly alerts?: PlatformAlerts;
  /** More environment options (existing resource group, VNet, log retention, workload profiles). @default - a new resource group, no VNet, a container registry */
  readonly environment?: AgentEnvironmentOptions;
  /** Overrides of the API gateway. @default - 0-10 replicas, HTTP scaling at 10 concurrent requests, external ingress on 8080, 0.5 vCPU / 1Gi */
  readonly apiGateway?: PlatformAppOverrides;
  /** Overrides of the SLIM gateway. @default - 1-5 replicas on CPU 70%, internal ingress on 8080 */
  readonly slimGateway?: PlatformAppOverrides;
  /** Overrides per agent, and more agents by name. @default - the six agents with the spec's ranges, internal ingress on 8080, HTTP scaling */
  readonly agents?: PlatformAgentOverrides;
  /** Concurrent requests per replica at which agents and the API gateway scale out. @default 10 */
  readonly concurrentRequestsPerReplica?: number;
  /** Azure OpenAI. @default - one GlobalStandard deployment "chat" of DEFAULT_CHAT_MODEL (gpt-5.6-sol 2026-07-09), the plan's peak TPM + 5%, keyless */
  readonly openAI?: PlatformOpenAI;
  /** Cosmos DB. @default - database "customer-service", a "conversations" container (/conversationId, 30-day TTL), autoscale to 4,000 RU/s, Session consistency */
  readonly cosmos?: PlatformCosmos;
  /** The weekly schedule; `false` for none. @default ScheduledAutoscale.retailSchedule() */
  readonly schedule?: ScheduleDefinition | false;
  /** Apps the schedule's replica floors apply to, by component name (agents given in `agents` too). @default ["apiGateway", "response"] */
  readonly scheduledComponents?: readonly string[];
  /** Create the scaling dashboard (an Azure Monitor workbook, `platform.dashboard`). @default true */
  readonly dashboard?: boolean;
}
