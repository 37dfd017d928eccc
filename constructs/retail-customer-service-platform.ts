import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { CapacityPlan, type CostPriceTable, CostEstimate, HOURS_PER_MONTH, type MonthlyTraffic, OPENAI_TOKEN_PRICES, type TrafficAssumptions } from "../src/capacity";
import { CONTAINER_APP_MAX_REPLICAS, CosmosThroughput, DEFAULT_CHAT_MODEL, Duration, parseMemoryGi } from "../src/core";
import { type ScheduleWindow, windowHoursPerWeek } from "../src/core/weekly-schedule";

import { ActionGroup, type ActionGroupProps } from "./action-group";
import { AgentEnvironment, type AgentEnvironmentProps, type ExistingContainerRegistry } from "./agent-environment";
import { CosmosDatabase, type CosmosDatabaseProps } from "./cosmos-database";
import { MonitoringTable } from "./monitoring-table";
import { OpenAIPoolConfig, type OpenAIPoolConfigProps } from "./openai-pool-config";
import { ScaledAgentApp, type ScaledAgentAppProps } from "./scaled-agent-app";
import { ScheduledAutoscale, type ScheduleDefinition } from "./scheduled-autoscale";
import { invalid, isKnownNumber } from "./validation";

/** The six agents of the spec's Option 1. */
export type AgentName = "intent" | "response" | "critic" | "escalation" | "knowledge" | "analytics";

/** Every app of the platform: the two gateways and the six agents. */
export type PlatformComponentName = "apiGateway" | "slimGateway" | AgentName;

/** Overrides of one app of the platform; anything not given keeps the platform's default (see the README table). */
export type PlatformComponentOverrides = Partial<Omit<ScaledAgentAppProps, "environment">>;

/**
 * Image every app starts on when `images` is not given: public (no registry credentials), it serves HTTP on port
 * 8080 (ASP.NET Core's default since .NET 8; the platform sets `ASPNETCORE_HTTP_PORTS` for another target port).
 */
export const BOOTSTRAP_IMAGE = "mcr.microsoft.com/dotnet/samples:aspnetapp";
/** The port {@link BOOTSTRAP_IMAGE} listens on unless told otherwise. */
const BOOTSTRAP_IMAGE_PORT = 8080;

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
  /** Full image references per app, replacing `<registry>/<repository>:<tag>`. @default - none */
  readonly byComponent?: Partial<Record<PlatformComponentName, string>>;
}

/** Notification of the platform's alerts. */
export interface PlatformAlerts {
  /** Create the spec's alert table. @default true */
  readonly enabled?: boolean;
  /** E-mail addresses notified. @default - none */
  readonly emails?: readonly string[];
  /** More action-group receivers (SMS, webhooks). @default - none */
  readonly receivers?: Pick<ActionGroupProps, "sms" | "webhooks">;
}

/** Props of {@link RetailCustomerServicePlatform}. Only `location` is required. */
export interface RetailCustomerServicePlatformProps {
  /** Azure region, e.g. "eastus2". */
  readonly location: string;
  /** Readable start of every generated name. @default "agntcy-cs" */
  readonly namePrefix?: string;
  /**
   * Images of the apps, `<registry>/<repository>:<tag>`. Without it every app starts on {@link BOOTSTRAP_IMAGE} and
   * Terraform keeps the image a deployment pipeline sets later (`az containerapp update --image ...`), so one
   * `cdktf deploy` brings the platform up on a fresh subscription. @default - bootstrap images, a registry is created for the pipeline's images
   */
  readonly images?: PlatformImages;
  /** Traffic the platform is sized for; spec defaults for anything not given. @default - the spec's load analysis (10,000 daily users) */
  readonly traffic?: TrafficAssumptions;
  /** Alerts and who they notify. @default - the spec's alert table, no receivers */
  readonly alerts?: PlatformAlerts;
  /** More environment options (existing resource group, VNet, log retention). @default - a new resource group, no VNet, a container registry */
  readonly environment?: Omit<AgentEnvironmentProps, "location" | "namePrefix">;
  /** Overrides of the API gateway. @default - 0-10 replicas, HTTP scaling at 10 concurrent requests, external ingress on 8080, 0.5 vCPU / 1Gi */
  readonly apiGateway?: PlatformComponentOverrides;
  /** Overrides of the SLIM gateway. @default - 1-5 replicas on CPU 70%, internal ingress on 8080 */
  readonly slimGateway?: PlatformComponentOverrides;
  /** Overrides per agent. @default - the spec's ranges, internal ingress on 8080, HTTP scaling */
  readonly agents?: Partial<Record<AgentName, PlatformComponentOverrides>>;
  /** Concurrent requests per replica at which agents and the API gateway scale out. @default 10 */
  readonly concurrentRequestsPerReplica?: number;
  /** Azure OpenAI. @default - one GlobalStandard deployment "chat" of DEFAULT_CHAT_MODEL (gpt-5.6-sol 2026-07-09) with 200,000 TPM, keyless */
  readonly openAI?: Partial<Omit<OpenAIPoolConfigProps, "environment">>;
  /** Cosmos DB. @default - database "customer-service", a "conversations" container (/conversationId, 30-day TTL), autoscale to 4,000 RU/s, Session consistency */
  readonly cosmos?: Partial<Omit<CosmosDatabaseProps, "environment">>;
  /** The weekly schedule; `false` for none. @default ScheduledAutoscale.retailSchedule() */
  readonly schedule?: ScheduleDefinition | false;
  /** Apps the schedule's replica floors apply to. @default ["apiGateway", "response"] */
  readonly scheduledComponents?: readonly PlatformComponentName[];
}

interface ComponentDefaults {
  readonly label: string;
  readonly repository: string;
  readonly props: PlatformComponentOverrides;
  readonly scale: (app: ScaledAgentApp, concurrentRequests: number) => void;
}

const INTERNAL_8080 = { targetPort: 8080 } as const;
const scaleOnHttp = (app: ScaledAgentApp, concurrentRequests: number) => void app.scaleOnHttpConcurrency({ concurrentRequests });
const agent = (label: string, repository: string, maxReplicas: number): ComponentDefaults => ({ label, repository, props: { minReplicas: 0, maxReplicas, ingress: INTERNAL_8080 }, scale: scaleOnHttp });

/** The spec's Option 1 defaults per app. */
const DEFAULTS: Record<PlatformComponentName, ComponentDefaults> = {
  apiGateway: { label: "API Gateway", repository: "api-gateway", props: { minReplicas: 0, maxReplicas: 10, ingress: { external: true, targetPort: 8080 } }, scale: scaleOnHttp },
  slimGateway: {
    label: "SLIM Gateway",
    repository: "slim-gateway",
    props: { minReplicas: 1, maxReplicas: 5, ingress: INTERNAL_8080 },
    scale: (app) => void app.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }),
  },
  intent: agent("Intent Classifier", "intent-classifier", 5),
  // CPU-driven as the spec intends; a CPU rule cannot scale up from zero, so the floor is one replica,
  // and an HTTP rule scales out on load before CPU saturates.
  response: {
    label: "Response Generator",
    repository: "response-generator",
    props: { cpu: 1, memory: "2Gi", minReplicas: 1, maxReplicas: 8, ingress: INTERNAL_8080 },
    scale: (app, concurrentRequests) => void app.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }).scaleOnHttpConcurrency({ concurrentRequests }),
  },
  critic: agent("Critic/Supervisor", "critic-supervisor", 5),
  escalation: agent("Escalation", "escalation", 3),
  knowledge: agent("Knowledge Retrieval", "knowledge-retrieval", 3),
  analytics: agent("Analytics", "analytics", 2),
};

const AGENT_NAMES: readonly AgentName[] = ["intent", "response", "critic", "escalation", "knowledge", "analytics"];

/**
 * The spec's recommended Option 1 in one construct: an {@link AgentEnvironment} with a registry, the API
 * gateway (the only external app), the SLIM gateway, six agents, Azure OpenAI and Cosmos DB granted to the
 * agents by managed identity, the weekly schedule, and the spec's alert table with an action group.
 * Sized from a {@link CapacityPlan}; every part can be overridden and every child is exposed.
 */
export class RetailCustomerServicePlatform extends Construct {
  /** Where every app runs. */
  readonly environment: AgentEnvironment;
  /** The load analysis the platform is checked against. */
  readonly capacityPlan: CapacityPlan;
  /** The external API gateway. */
  readonly apiGateway: ScaledAgentApp;
  /** The internal SLIM gateway. */
  readonly slimGateway: ScaledAgentApp;
  /** The six agents. */
  readonly agents: Readonly<Record<AgentName, ScaledAgentApp>>;
  /** Azure OpenAI accounts and deployments. */
  readonly openai: OpenAIPoolConfig;
  /** Cosmos DB account, database and containers. */
  readonly cosmos: CosmosDatabase;
  /** Schedules applied, by app. */
  readonly schedules: Readonly<Partial<Record<PlatformComponentName, ScheduledAutoscale>>>;
  /** The action group alerts notify, when alerts are enabled. */
  readonly actionGroup?: ActionGroup;
  /** The alert table, when alerts are enabled. */
  readonly monitoring?: MonitoringTable;
  /** `https://` URL of the API gateway (also a Terraform output). */
  readonly gatewayUrl: string;

  private readonly chatModel?: string;
  private readonly scheduledWindows: Partial<Record<PlatformComponentName, readonly ScheduleWindow[]>> = {};

  constructor(scope: Construct, id: string, props: RetailCustomerServicePlatformProps) {
    super(scope, id);
    const images = props.images;
    if (images !== undefined && !images.tag) invalid(this, "images.tag is required (e.g. \"v1.1.2\")", "Every app's image is <registry>/<repository>:<tag>; omit images to start on bootstrap images");
    const registry = images?.registry;
    if (typeof registry === "string" && /\.azurecr\.io$/i.test(registry.replace(/\/.*$/, ""))) {
      invalid(
        this,
        `images.registry "${registry}" is an Azure Container Registry, which needs a pull identity; a string means a public registry (anonymous pull)`,
        `Use images.registry: { loginServer: "${registry}", resourceId: "<the registry's resource id>" } (a pull identity gets AcrPull), or { loginServer: "${registry}", identityId: "<an identity that holds AcrPull>" }`,
      );
    }
    this.capacityPlan = CapacityPlan.fromTraffic(props.traffic ?? {});
    const concurrentRequests = props.concurrentRequestsPerReplica ?? 10;

    const existingRegistry = typeof registry === "object" ? registry : undefined;
    this.environment = new AgentEnvironment(this, "Environment", {
      containerRegistry: registry === undefined && props.environment?.existingRegistry === undefined,
      existingRegistry,
      ...props.environment,
      location: props.location,
      namePrefix: props.namePrefix ?? "agntcy-cs",
    });
    const imageHost = typeof registry === "string" ? registry : this.environment.registryServer;
    if (images !== undefined && imageHost === undefined) {
      invalid(this, "images.registry is not given and environment.containerRegistry is false", "Give images.registry, or let the platform create a registry");
    }
    if (images !== undefined && registry === undefined && this.environment.containerRegistry) {
      Annotations.of(this).addWarning(
        `images come from the registry this stack creates, which is empty on the first deploy: every app's first revision fails until images with tag "${images.tag}" are pushed there. Omit images for bootstrap images on the first deploy, or use an existing registry (images.registry)`,
      );
    }

    const createApp = (name: PlatformComponentName, overrides: PlatformComponentOverrides | undefined): ScaledAgentApp => {
      const defaults = DEFAULTS[name];
      const merged = { ...defaults.props, ...overrides };
      const image =
        overrides?.image !== undefined
          ? { image: overrides.image }
          : images === undefined
            ? bootstrapImage(merged)
            : { image: images.byComponent?.[name] ?? `${imageHost}/${defaults.repository}:${images.tag}` };
      const app = new ScaledAgentApp(this, name, { ...merged, ...image, environment: this.environment });
      if (name !== "apiGateway" && app.ingress?.external) {
        Annotations.of(app).addWarning(`${name} has external ingress: the platform's design reaches agents and the SLIM gateway only through the API gateway. Remove ingress.external unless this app must be public`);
      }
      defaults.scale(app, concurrentRequests);
      return app;
    };
    this.apiGateway = createApp("apiGateway", props.apiGateway);
    this.slimGateway = createApp("slimGateway", props.slimGateway);
    this.agents = Object.fromEntries(AGENT_NAMES.map((name) => [name, createApp(name, props.agents?.[name])])) as Record<AgentName, ScaledAgentApp>;
    const agents = Object.values(this.agents);

    const openAIProps = {
      deployments: [{ name: "chat", model: DEFAULT_CHAT_MODEL.model, modelVersion: DEFAULT_CHAT_MODEL.version, sku: "GlobalStandard" as const, tokensPerMinute: 200_000 }],
      capacity: this.capacityPlan,
      ...props.openAI,
    };
    this.openai = new OpenAIPoolConfig(this, "OpenAI", { ...openAIProps, environment: this.environment });
    this.chatModel = openAIProps.deployments[0]?.model;
    this.cosmos = new CosmosDatabase(this, "Cosmos", {
      databaseName: "customer-service",
      containers: [{ name: "conversations", partitionKeyPaths: ["/conversationId"], defaultTtl: Duration.days(30) }],
      throughput: CosmosThroughput.autoscale(4000),
      consistency: "Session",
      preferredRegions: [props.location],
      ...props.cosmos,
      environment: this.environment,
    });
    for (const app of agents) {
      this.openai.grantTo(app);
      this.cosmos.grantTo(app);
    }

    this.schedules = this.applySchedule(props);
    if (props.alerts?.enabled ?? true) {
      const emails = props.alerts?.emails ?? [];
      this.actionGroup = new ActionGroup(this, "ActionGroup", {
        placement: this.environment,
        shortName: "cs-ops",
        emails: emails.map((address, i) => ({ name: `email-${i + 1}`, address })),
        ...props.alerts?.receivers,
      });
      this.monitoring = new MonitoringTable(this, "Alerts", {
        apps: { "api-gateway": this.apiGateway, "slim-gateway": this.slimGateway, ...this.agents },
        actionGroup: this.actionGroup,
        openAI: { accountId: this.openai.resource.id },
      });
    }

    this.checkAgainstPlan([this.apiGateway, this.slimGateway, ...agents]);
    this.gatewayUrl = `https://${this.apiGateway.fqdn}`;
    new TerraformOutput(this, "GatewayUrl", { value: this.gatewayUrl, description: `HTTPS URL of the API gateway of ${this.node.path}` });
  }

  /** Every app of the platform by component name. */
  get apps(): Readonly<Record<PlatformComponentName, ScaledAgentApp>> {
    return { apiGateway: this.apiGateway, slimGateway: this.slimGateway, ...this.agents };
  }

  /**
   * Monthly cost of the platform's apps and Azure OpenAI tokens ({@link CostEstimate}): each app's size and
   * replica range, its scheduled floors (hours per week), and traffic.
   * @param options.traffic requests and tokens per month. @default - from the capacity plan: its daily messages over a 730-hour month as external requests, each with `tokensPerRequest` tokens, 75% input and 25% output (an assumption)
   * @param options.prices price overrides. @default DEFAULT_COST_PRICES, with the token prices of the first deployment's model when OPENAI_TOKEN_PRICES lists it
   */
  costEstimate(options: { readonly traffic?: MonthlyTraffic; readonly prices?: Partial<CostPriceTable> } = {}): CostEstimate {
    const plan = this.capacityPlan;
    const requests = Math.round((plan.dailyMessages * HOURS_PER_MONTH) / 24);
    const tokens = requests * plan.assumptions.tokensPerRequest;
    return CostEstimate.fromComponents({
      components: Object.entries(this.apps).map(([name, app]) => ({
        name: DEFAULTS[name as PlatformComponentName].label,
        cpu: app.cpu,
        memoryGi: parseMemoryGi(app.memory)!,
        minReplicas: app.minReplicas,
        maxReplicas: app.maxReplicas,
        schedule: (this.scheduledWindows[name as PlatformComponentName] ?? []).map((window) => ({ hoursPerWeek: windowHoursPerWeek(window), minReplicas: window.minReplicas })),
      })),
      traffic: options.traffic ?? { requests, inputTokens: Math.round(tokens * 0.75), outputTokens: Math.round(tokens * 0.25) },
      prices: { ...this.modelPrices(), ...options.prices },
    });
  }

  private modelPrices(): Partial<CostPriceTable> {
    const prices = this.chatModel === undefined ? undefined : OPENAI_TOKEN_PRICES[this.chatModel];
    if (!prices) return {};
    return { openAIModel: this.chatModel, openAIInputPerMillionTokens: prices.inputPerMillion, openAIOutputPerMillionTokens: prices.outputPerMillion };
  }

  private applySchedule(props: RetailCustomerServicePlatformProps): Partial<Record<PlatformComponentName, ScheduledAutoscale>> {
    if (props.schedule === false) return {};
    const schedule = props.schedule ?? ScheduledAutoscale.retailSchedule();
    const apps = this.apps;
    const scheduled = props.scheduledComponents ?? ["apiGateway", "response"];
    return Object.fromEntries(
      scheduled.flatMap((name) => {
        const app = apps[name];
        if (!app) invalid(this, `scheduledComponents names "${name}", which is not an app of the platform`, `Use one of: ${Object.keys(apps).join(", ")}`);
        // On a container app a window can only raise the replica floor (a KEDA cron rule): per-window
        // maxima and defaults have no equivalent. The platform applies the floors that exceed the app's
        // own minimum, capped at its maximum; ScheduledAutoscale itself reports anything else it cannot apply.
        const windows = schedule.windows
          .filter((window) => !isKnownNumber(app.minReplicas) || window.minReplicas > app.minReplicas)
          .map((window) => ({ name: window.name, days: window.days, start: window.start, end: window.end, minReplicas: this.cappedFloor(name, window, app), maxReplicas: isKnownNumber(app.maxReplicas) ? app.maxReplicas : CONTAINER_APP_MAX_REPLICAS }));
        this.scheduledWindows[name] = windows;
        return windows.length === 0 ? [] : [[name, new ScheduledAutoscale(this, `${name}-schedule`, { timeZone: schedule.timeZone, windows, target: app })]];
      }),
    );
  }

  /** A window's replica floor, capped at the app's maxReplicas (with a warning when capped). */
  private cappedFloor(name: PlatformComponentName, window: ScheduleWindow, app: ScaledAgentApp): number {
    if (!isKnownNumber(app.maxReplicas) || window.minReplicas <= app.maxReplicas) return window.minReplicas;
    Annotations.of(this).addWarning(
      `the schedule's window "${window.name}" asks for at least ${window.minReplicas} replicas, but ${name} has maxReplicas ${app.maxReplicas}: its floor there is ${app.maxReplicas}. Raise ${name}'s maxReplicas to hold the full floor`,
    );
    return app.maxReplicas;
  }

  private checkAgainstPlan(apps: readonly ScaledAgentApp[]): void {
    if (!apps.every((app) => isKnownNumber(app.maxReplicas))) return;
    const totalMax = apps.reduce((sum, app) => sum + app.maxReplicas, 0);
    if (totalMax < this.capacityPlan.instances) {
      Annotations.of(this).addWarning(
        `the apps' maxReplicas add up to ${totalMax}, below the ${this.capacityPlan.instances} instances the capacity plan needs at ${this.capacityPlan.peakRps} peak requests/s; raise maxReplicas`,
      );
    }
  }
}

/** The bootstrap image and, when the app's target port is not the image's default, the variable that moves it there. */
function bootstrapImage(props: PlatformComponentOverrides): Pick<ScaledAgentAppProps, "image" | "ignoreImageChanges" | "environmentVariables"> {
  const port = props.ingress?.targetPort;
  const environmentVariables = port !== undefined && port !== BOOTSTRAP_IMAGE_PORT ? { ASPNETCORE_HTTP_PORTS: String(port), ...props.environmentVariables } : props.environmentVariables;
  return { image: BOOTSTRAP_IMAGE, ignoreImageChanges: true, environmentVariables };
}
