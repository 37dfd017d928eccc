import { Annotations, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CapacityPlan, type CostPriceOverrides, CostEstimate, HOURS_PER_MONTH, type LoadTestOptions, type LoadTestPlan, OPENAI_TOKEN_PRICES } from "../src/capacity";
import { CONTAINER_APP_MAX_REPLICAS, CosmosConsistencyLevel, CosmosThroughput, DEFAULT_CHAT_MODEL, Duration, OpenAITpmSku, parseMemoryGi } from "../src/core";
import { TOKENS_PER_MINUTE_PER_CAPACITY_UNIT } from "../src/core/openai";
import { ceilToStep } from "../src/capacity/rounding";
import { type ScheduleWindow, windowHoursPerWeek } from "../src/core/weekly-schedule";
import { renderRunbook } from "../src/operations/runbook";
import { readTerraformStack } from "../src/operations/terraform-stack";
import { simulateStack, type SimulationOptions, type SimulationResult } from "../src/simulation";
import { ActionGroup } from "./action-group";
import { AgentEnvironment } from "./agent-environment";
import { CosmosDatabase } from "./cosmos-database";
import { MonitoringTable } from "./monitoring-table";
import { OpenAIPoolConfig } from "./openai-pool-config";
import { bootstrapImage, componentDefaults, DESIGN_AGENTS } from "./platform-components";
import { platformDiagram } from "./platform-diagram";
import { type PlatformAppOverrides, type PlatformCostOptions, type PlatformImages, type RetailCustomerServicePlatformProps } from "./platform-props";
import { ScaledAgentApp } from "./scaled-agent-app";
import { ScalingDashboard } from "./scaling-dashboard";
import { ScheduledAutoscale } from "./scheduled-autoscale";
import { type ScheduleDefinition } from "./scaling/weekly-schedule-rules";
import { invalid, isKnownNumber } from "./validation";

export * from "./platform-props";
export { BOOTSTRAP_IMAGE } from "./platform-components";

/**
 * Headroom of the default Azure OpenAI deployment over the capacity plan's peak TPM: the peak hour's arrivals swing
 * from minute to minute, and at exactly the plan's 210,000 TPM the simulated spec day leaves 25 to 239 of 100,000
 * requests unserved (seeds 1-3), at +5% none. Standard and GlobalStandard bill tokens, not quota, so it costs nothing.
 */
export const DEFAULT_OPENAI_HEADROOM = 0.05;

/** TPM of the default deployment: the plan's peak TPM plus {@link DEFAULT_OPENAI_HEADROOM}, up to whole capacity units. */
function defaultTokensPerMinute(plan: CapacityPlan): number {
  return ceilToStep(plan.requiredTokensPerMinute * (1 + DEFAULT_OPENAI_HEADROOM), TOKENS_PER_MINUTE_PER_CAPACITY_UNIT);
}

/** The platform's agents by name: the six of the reference design, and those added by name. */
export interface PlatformAgents {
  /** The intent classifier. */
  readonly intent: ScaledAgentApp;
  /** The response generator. */
  readonly response: ScaledAgentApp;
  /** The critic/supervisor. */
  readonly critic: ScaledAgentApp;
  /** The escalation agent. */
  readonly escalation: ScaledAgentApp;
  /** Knowledge retrieval. */
  readonly knowledge: ScaledAgentApp;
  /** Analytics. */
  readonly analytics: ScaledAgentApp;
  /** Agents added by name (the `agents` prop or `addAgent`). */
  readonly [name: string]: ScaledAgentApp;
}

/** Agent names the platform accepts: they become construct ids, app names and image repositories. */
const AGENT_NAME = /^[a-z][a-z0-9-]{0,23}$/;
const GATEWAYS = ["apiGateway", "slimGateway"] as const;

/**
 * The spec's recommended Option 1 in one construct: an {@link AgentEnvironment} with a registry, the API
 * gateway (the only external app), the SLIM gateway, the agents (the design's six and any added by name), Azure
 * OpenAI and Cosmos DB granted to the agents by managed identity, the weekly schedule, and the spec's alert table
 * with an action group. Sized from a {@link CapacityPlan}; every part can be overridden and every child is exposed.
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
  /** The agents by name. */
  readonly agents: PlatformAgents;
  /** Azure OpenAI accounts and deployments. */
  readonly openai: OpenAIPoolConfig;
  /** Cosmos DB account, database and containers. */
  readonly cosmos: CosmosDatabase;
  /** Schedules applied, by component name. */
  readonly schedules: { readonly [component: string]: ScheduledAutoscale };
  /** The action group alerts notify, when alerts are enabled. */
  readonly actionGroup?: ActionGroup;
  /** The alert table, when alerts are enabled. */
  readonly monitoring?: MonitoringTable;
  /** The scaling dashboard (an Azure Monitor workbook), unless `dashboard` is false. */
  readonly dashboard?: ScalingDashboard;
  /** `https://` URL of the API gateway (also a Terraform output). */
  readonly gatewayUrl: string;

  private readonly images?: PlatformImages;
  private readonly imageHost?: string;
  private readonly concurrentRequests: number;
  private readonly schedule?: ScheduleDefinition;
  private readonly scheduledComponents: readonly string[];
  private readonly chatModel?: string;
  private readonly agentsByName: Record<string, ScaledAgentApp> = {};
  private readonly schedulesByName: Record<string, ScheduledAutoscale> = {};
  private readonly scheduledWindows: Record<string, readonly ScheduleWindow[]> = {};

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
    this.concurrentRequests = props.concurrentRequestsPerReplica ?? 10;
    this.images = images;
    this.schedule = props.schedule === false ? undefined : (props.schedule ?? ScheduledAutoscale.retailSchedule());
    this.scheduledComponents = props.scheduledComponents ?? ["apiGateway", "response"];

    this.environment = new AgentEnvironment(this, "Environment", {
      containerRegistry: registry === undefined && props.environment?.existingRegistry === undefined,
      existingRegistry: typeof registry === "object" ? registry : undefined,
      ...props.environment,
      location: props.location,
      namePrefix: props.namePrefix ?? "agntcy-cs",
    });
    this.imageHost = typeof registry === "string" ? registry : this.environment.registryServer;
    if (images !== undefined && this.imageHost === undefined) {
      invalid(this, "images.registry is not given and environment.containerRegistry is false", "Give images.registry, or let the platform create a registry");
    }
    if (images !== undefined && registry === undefined && this.environment.containerRegistry) {
      Annotations.of(this).addWarning(
        `images come from the registry this stack creates, which is empty on the first deploy: every app's first revision fails until images with tag "${images.tag}" are pushed there. Omit images for bootstrap images on the first deploy, or use an existing registry (images.registry)`,
      );
    }

    this.apiGateway = this.createApp("apiGateway", props.apiGateway);
    this.slimGateway = this.createApp("slimGateway", props.slimGateway);
    const agentNames = [...new Set([...DESIGN_AGENTS, ...Object.keys(props.agents ?? {})])];
    for (const name of agentNames) {
      this.checkAgentName(name);
      this.agentsByName[name] = this.createApp(name, props.agents?.[name]);
    }
    this.agents = this.agentsByName as unknown as PlatformAgents;

    const openAIDeployments = props.openAI?.deployments ?? [
      { name: "chat", model: DEFAULT_CHAT_MODEL.model, modelVersion: DEFAULT_CHAT_MODEL.version, sku: OpenAITpmSku.GLOBAL_STANDARD, tokensPerMinute: defaultTokensPerMinute(this.capacityPlan) },
    ];
    this.openai = new OpenAIPoolConfig(this, "OpenAI", { capacity: this.capacityPlan, ...props.openAI, deployments: openAIDeployments, environment: this.environment });
    this.chatModel = openAIDeployments[0]?.model;
    this.cosmos = new CosmosDatabase(this, "Cosmos", {
      containers: [{ name: "conversations", partitionKeyPaths: ["/conversationId"], defaultTtl: Duration.days(30) }],
      throughput: CosmosThroughput.autoscale(4000),
      consistency: CosmosConsistencyLevel.SESSION,
      preferredRegions: [props.location],
      ...props.cosmos,
      databaseName: props.cosmos?.databaseName ?? "customer-service",
      environment: this.environment,
    });

    const apps = this.apps;
    for (const name of this.schedule === undefined ? [] : this.scheduledComponents) {
      if (!(name in apps)) {
        invalid(this, `scheduledComponents names "${name}", which is not an app of the platform`, `Use one of: ${Object.keys(apps).join(", ")}; an agent added later with addAgent gets floors with app.scaleOnWeeklySchedule()`);
      }
    }
    for (const name of GATEWAYS) this.applySchedule(name, this[name]);
    if (props.alerts?.enabled ?? true) {
      const emails = props.alerts?.emails ?? [];
      this.actionGroup = new ActionGroup(this, "ActionGroup", {
        placement: this.environment,
        shortName: "cs-ops",
        emails: emails.map((address, i) => ({ name: `email-${i + 1}`, address })),
        ...props.alerts?.receivers,
      });
      this.monitoring = new MonitoringTable(this, "Alerts", {
        apps: { "api-gateway": this.apiGateway, "slim-gateway": this.slimGateway },
        actionGroup: this.actionGroup,
        openAIAccounts: Object.values(this.openai.accounts).map((account) => ({ accountId: account.id })),
      });
    }
    for (const [name, app] of Object.entries(this.agentsByName)) {
      this.wireAgent(name, app);
      this.applySchedule(name, app);
    }
    this.schedules = this.schedulesByName;
    if (props.dashboard ?? true) {
      this.dashboard = new ScalingDashboard(this, "Dashboard", {
        environment: this.environment,
        apps: this.apps,
        scheduleFloors: this.scheduledWindows,
        openAI: this.openai,
        capacityPlan: this.capacityPlan,
        entryApps: ["apiGateway"],
      });
    }

    this.checkAgainstPlan(Object.values(this.apps));
    this.gatewayUrl = `https://${this.apiGateway.fqdn}`;
    new TerraformOutput(this, "GatewayUrl", { value: this.gatewayUrl, description: `HTTPS URL of the API gateway of ${this.node.path}` });
  }

  /** Every app of the platform by component name: the two gateways and the agents. */
  get apps(): { readonly [component: string]: ScaledAgentApp } {
    return { apiGateway: this.apiGateway, slimGateway: this.slimGateway, ...this.agentsByName };
  }

  /**
   * Adds an agent after construction, as the `agents` prop does: the agent defaults (0-3 replicas, internal ingress
   * on 8080, HTTP scaling) under `props`, the image `<registry>/<name>:<tag>` (or the bootstrap image), keyless grants
   * to Azure OpenAI and Cosmos DB with the pool settings, and alerts; it counts in `costEstimate()` and the capacity
   * check. The schedule applies to the apps `scheduledComponents` names at construction: give an added agent floors
   * with `app.scaleOnWeeklySchedule(...)`.
   * @param name lowercase letters, digits and '-', starting with a letter; not an existing app
   * @returns the agent's app
   */
  addAgent(name: string, props: PlatformAppOverrides = {}): ScaledAgentApp {
    this.checkAgentName(name);
    const app = this.createApp(name, props);
    this.agentsByName[name] = app;
    this.wireAgent(name, app);
    this.dashboard?.addApp(name, app);
    this.checkAgainstPlan(Object.values(this.apps));
    return app;
  }

  /**
   * The operations runbook of the stack the platform is in, as Markdown: per app its Azure name and resource group,
   * what each alert means, the first queries to run, and the `az` commands to scale, roll back and restart; raising
   * the Azure OpenAI TPM and the Cosmos DB throughput; an emergency scale-out and scale-back. It is generated from the
   * stack's Terraform JSON, as `npx cdktf-azure-agent-platform runbook <cdk.tf.json>` does for any synthesized stack;
   * names Terraform only knows at apply time come with how to read them.
   */
  runbook(): string {
    return renderRunbook(readTerraformStack(TerraformStack.of(this).toTerraform()));
  }

  /**
   * A Mermaid flowchart of what the platform deploys: the gateways, every agent (added ones too) with its replica
   * range, the Azure OpenAI deployments and Cosmos DB, and which apps are granted them. GitHub renders it in a
   * ```mermaid block.
   */
  diagram(): string {
    return platformDiagram(this);
  }

  /**
   * Simulates a day (or up to a week) of the platform's traffic through the scaling rules it synthesizes: what each
   * app's replicas do, cold starts, minutes at maxReplicas, requests served and their latency, and the compute cost
   * (see `simulateStack` and the assumptions in src/simulation/assumptions.ts). Apps are keyed by component name.
   * @param options traffic (default: the platform's `traffic`), seed, days and model overrides
   */
  simulate(options: Omit<SimulationOptions, "keys"> = {}): SimulationResult {
    const stack = TerraformStack.of(this);
    const keys = Object.fromEntries(Object.entries(this.apps).map(([name, app]) => [stack.getLogicalId(app.resource), name]));
    return simulateStack(stack.toTerraform(), { traffic: this.capacityPlan.assumptions, ...options, keys });
  }

  /**
   * A day of load at the platform's traffic for Artillery ({@link LoadTestPlan}): one phase per hour of the capacity
   * plan's day, the peak hour at its exact peak requests/s, with a compression factor for short runs. `target` is the
   * deployed gateway's URL (the `GatewayUrl` output after `cdktf deploy`); `gatewayUrl` is a Terraform token at synth
   * time and is rejected. See docs/load-test.md.
   * @param options the gateway URL (`target`, required), compression, rate factor, hours and request shape
   */
  loadTestPlan(options: LoadTestOptions): LoadTestPlan {
    return this.capacityPlan.loadTestPlan(options);
  }

  /**
   * Monthly cost of the platform's apps and Azure OpenAI tokens ({@link CostEstimate}): each app's size and
   * replica range, its scheduled floors (hours per week), and traffic.
   * @param options traffic and price overrides (see {@link PlatformCostOptions})
   */
  costEstimate(options: PlatformCostOptions = {}): CostEstimate {
    const plan = this.capacityPlan;
    const requests = Math.round((plan.dailyMessages * HOURS_PER_MONTH) / 24);
    const tokens = requests * plan.assumptions.tokensPerRequest;
    return CostEstimate.fromComponents({
      components: Object.entries(this.apps).map(([name, app]) => ({
        name: componentDefaults(name).label,
        cpu: app.cpu,
        memoryGi: parseMemoryGi(app.memory)!,
        minReplicas: app.minReplicas,
        maxReplicas: app.maxReplicas,
        schedule: (this.scheduledWindows[name] ?? []).map((window) => ({ hoursPerWeek: windowHoursPerWeek(window), minReplicas: window.minReplicas })),
      })),
      traffic: options.traffic ?? { requests, inputTokens: Math.round(tokens * 0.75), outputTokens: Math.round(tokens * 0.25) },
      prices: { ...this.modelPrices(), ...options.prices },
    });
  }

  private createApp(name: string, overrides: PlatformAppOverrides | undefined): ScaledAgentApp {
    const defaults = componentDefaults(name);
    const merged = { ...defaults.props, ...overrides };
    const images = this.images;
    const image =
      overrides?.image !== undefined
        ? { image: overrides.image }
        : images === undefined
          ? bootstrapImage(merged)
          : { image: images.byComponent?.[name] ?? `${this.imageHost}/${defaults.repository}:${images.tag}` };
    const app = new ScaledAgentApp(this, name, { ...merged, ...image, image: image.image!, environment: this.environment });
    if (name !== "apiGateway" && app.ingress?.external) {
      Annotations.of(app).addWarning(`${name} has external ingress: the platform's design reaches agents and the SLIM gateway only through the API gateway. Remove ingress.external unless this app must be public`);
    }
    defaults.scale(app, this.concurrentRequests);
    return app;
  }

  /** Grants and alerts of an agent. */
  private wireAgent(name: string, app: ScaledAgentApp): void {
    this.openai.grantTo(app);
    this.cosmos.grantTo(app);
    this.monitoring?.addApp(name, app);
  }

  private checkAgentName(name: string): void {
    if (!AGENT_NAME.test(name)) invalid(this, `agent name "${name}" is not valid`, "Use 1-24 lowercase letters, digits and '-', starting with a letter");
    if (name in this.agentsByName || (GATEWAYS as readonly string[]).includes(name)) invalid(this, `agent name "${name}" is already an app of the platform`, "Give the agent another name");
  }

  private modelPrices(): CostPriceOverrides {
    const prices = this.chatModel === undefined ? undefined : OPENAI_TOKEN_PRICES[this.chatModel];
    if (!prices) return {};
    return { openAIModel: this.chatModel, openAIInputPerMillionTokens: prices.inputPerMillion, openAIOutputPerMillionTokens: prices.outputPerMillion };
  }

  /**
   * On a container app a window can only raise the replica floor (a KEDA cron rule): per-window maxima and
   * defaults have no equivalent. The platform applies the floors that exceed the app's own minimum, capped at its
   * maximum; ScheduledAutoscale itself reports anything else it cannot apply.
   */
  private applySchedule(name: string, app: ScaledAgentApp): void {
    if (this.schedule === undefined || !this.scheduledComponents.includes(name)) return;
    const windows = this.schedule.windows
      .filter((window) => !isKnownNumber(app.minReplicas) || window.minReplicas > app.minReplicas)
      .map((window) => ({ name: window.name, days: window.days, start: window.start, end: window.end, minReplicas: this.cappedFloor(name, window, app), maxReplicas: isKnownNumber(app.maxReplicas) ? app.maxReplicas : CONTAINER_APP_MAX_REPLICAS }));
    this.scheduledWindows[name] = windows;
    if (windows.length > 0) this.schedulesByName[name] = new ScheduledAutoscale(this, `${name}-schedule`, { timeZone: this.schedule.timeZone, windows, target: app });
  }

  /** A window's replica floor, capped at the app's maxReplicas (with a warning when capped). */
  private cappedFloor(name: string, window: ScheduleWindow, app: ScaledAgentApp): number {
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
