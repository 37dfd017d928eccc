import { Annotations, Lazy, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import {
  ContainerApp,
  containerAppSecretToTerraform,
  type ContainerAppTemplate,
  containerAppTemplateContainerEnvToTerraform,
  type ContainerAppTemplateContainerLivenessProbe,
} from "@cdktf/provider-azurerm/lib/container-app";
import { CONSUMPTION_WORKLOAD_PROFILE, CONTAINER_APP_MAX_REPLICAS, Duration, generateName, NAME_RULES, nameProblem, workloadCpuMemoryProblem } from "../src/core";
import { type AgentEnvironment } from "./agent-environment";
import { AppMetrics, type RequestsMetricOptions } from "./app-metrics";
import { ErrorRateAlert, type ErrorRateAlertOptions } from "./error-rate-alert";
import { LatencyAlert, type LatencyAlertOptions } from "./latency-alert";
import { type Metric } from "./metric";
import { type PoolGrantee } from "./pool-grantee";
import { checkProbes, CONTAINER_APPS_PROBE_LIMITS } from "./probe-validation";
import { ReplicaSaturationAlert, type ReplicaSaturationAlertOptions } from "./replica-saturation-alert";
import {
  type AppProbe,
  type AzureQueueScaleOptions,
  ProbeTransport,
  type CustomScaleOptions,
  type HttpConcurrencyScaleOptions,
  type ScheduleScaleOptions,
  type ServiceBusScaleOptions,
  type TcpConcurrencyScaleOptions,
  type UtilizationScaleOptions,
} from "./scale-rules";
import { type AgentAppIngress, type AgentAppSecret, IngressTransport, RevisionMode, type ScaledAgentAppProps } from "./scaled-agent-app-props";
import { AppScaling } from "./scaling/app-scaling";
import { AzureQueueRule } from "./scaling/azure-queue-rule";
import { CronRule } from "./scaling/cron-rule";
import { CustomRule } from "./scaling/custom-rule";
import { ConcurrencyProtocol, ConcurrencyRule } from "./scaling/concurrency-rule";
import { type ScaleRuleTarget } from "./scaling/scale-rule";
import { ServiceBusRule } from "./scaling/service-bus-rule";
import { UtilizationResource, UtilizationRule } from "./scaling/utilization-rule";
import { applyWeeklySchedule, type ScheduleDefinition } from "./scaling/weekly-schedule-rules";
import { check, checkInteger, checkNewEnvironmentVariable, checkOneOf, checkWholeSeconds, invalid, isKnownNumber } from "./validation";

/** Environment variable that carries the Application Insights connection string (read by the Azure Monitor OpenTelemetry distro). */
export const APPLICATION_INSIGHTS_CONNECTION_STRING_ENV = "APPLICATIONINSIGHTS_CONNECTION_STRING";
/** Environment variable that sets the OpenTelemetry service name, which Application Insights shows as the cloud role name. */
export const SERVICE_NAME_ENV = "OTEL_SERVICE_NAME";
/** OpenTelemetry resource attributes; `service.name` there is read by SDKs that ignore {@link SERVICE_NAME_ENV}. */
export const RESOURCE_ATTRIBUTES_ENV = "OTEL_RESOURCE_ATTRIBUTES";
/** Cloud role name read by the Application Insights Java agent. */
export const ROLE_NAME_ENV = "APPLICATIONINSIGHTS_ROLE_NAME";
/** Values of the closed-set props, checked at run time for JavaScript and config-driven callers. */
/** Literal app names already used per stack, with the path that used them: Azure names must be unique per resource group. */
const appNamesByStack = new WeakMap<TerraformStack, Map<string, string>>();
const APPLICATION_INSIGHTS_SECRET = "appinsights-connection-string";

/**
 * One Azure Container App that scales with KEDA rules added by methods (`scaleOnHttpConcurrency`,
 * `scaleOnCpuUtilization`, `scaleOnSchedule`, ...). Secure by default: internal ingress, HTTPS only,
 * a system-assigned identity, registry pull by managed identity, secrets by reference.
 * Every app gets the environment's Application Insights connection string (as a secret reference)
 * and its app name as the cloud role name in every form the Azure Monitor SDKs read it
 * (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES` service.name, `APPLICATIONINSIGHTS_ROLE_NAME`).
 */
export class ScaledAgentApp extends Construct implements ScaleRuleTarget, PoolGrantee {
  /** The azurerm container app (escape hatch). */
  readonly resource: ContainerApp;
  /** The environment the app runs in. */
  readonly environment: AgentEnvironment;
  /** The app's Azure name. */
  readonly appName: string;
  /** Cloud role name of the app's telemetry in Application Insights (= appName). */
  readonly cloudRoleName: string;
  /** vCPU of the container. */
  readonly cpu: number;
  /** Memory of the container, canonical "<n>Gi". */
  readonly memory: string;
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** Principal id of the app's system-assigned identity, for data-plane role assignments. */
  readonly principalId: string;
  /** FQDN of the latest revision, when the app has ingress; it changes with every revision (use `fqdn` for links). */
  readonly latestRevisionFqdn?: string;
  /** Stable FQDN of the app's ingress (`ingress[0].fqdn`), when the app has ingress. */
  readonly fqdn?: string;
  /** Workload profile the app runs on. */
  readonly workloadProfile: string;
  /** Ingress as configured, when the app has ingress. */
  readonly ingress?: AgentAppIngress;
  /** The app's scale rules: the `scaleOn*` methods add to it, and `scaling.add(rule)` takes any `ScaleRule`. */
  readonly scaling: AppScaling;

  private readonly props: ScaledAgentAppProps;
  private readonly containerName: string;
  private readonly env = new Map<string, { value?: string; secretName?: string }>();
  private readonly secrets = new Map<string, AgentAppSecret>();

  constructor(scope: Construct, id: string, props: ScaledAgentAppProps) {
    super(scope, id);
    this.props = props;
    this.environment = props.environment;
    this.appName = props.appName ?? generateName({ parts: [props.environment.namePrefix, id], uniqueFrom: this.node.path, rule: NAME_RULES.containerApp });
    this.cloudRoleName = this.appName;
    this.containerName = props.containerName ?? "main";
    this.cpu = props.cpu ?? 0.5;
    this.memory = props.memory ?? "1Gi";
    this.minReplicas = props.minReplicas ?? 0;
    this.maxReplicas = props.maxReplicas ?? 10;
    this.ingress = props.ingress;
    this.workloadProfile = props.workloadProfile ?? CONSUMPTION_WORKLOAD_PROFILE;
    this.validateProps();
    this.claimAppName();
    this.scaling = new AppScaling(this);

    this.addSecret(APPLICATION_INSIGHTS_SECRET, { value: props.environment.applicationInsights.connectionString });
    for (const [name, secret] of Object.entries(props.secrets ?? {})) this.addSecret(name, secret);
    this.env.set(APPLICATION_INSIGHTS_CONNECTION_STRING_ENV, { secretName: APPLICATION_INSIGHTS_SECRET });
    this.env.set(SERVICE_NAME_ENV, { value: this.appName });
    this.env.set(RESOURCE_ATTRIBUTES_ENV, { value: `service.name=${this.appName}` });
    this.env.set(ROLE_NAME_ENV, { value: this.appName });
    for (const [name, value] of Object.entries(props.environmentVariables ?? {})) this.addEnvironmentVariable(name, value);
    for (const [name, secretName] of Object.entries(props.secretEnvironmentVariables ?? {})) this.addSecretEnvironmentVariable(name, secretName);

    const pull = props.environment.registryPull;
    const userAssigned = this.userAssignedIdentityIds();
    this.resource = new ContainerApp(this, "Resource", {
      name: this.appName,
      resourceGroupName: props.environment.resourceGroupName,
      containerAppEnvironmentId: props.environment.resource.id,
      revisionMode: props.revisionMode ?? RevisionMode.SINGLE,
      identity: userAssigned.length > 0 ? { type: "SystemAssigned, UserAssigned", identityIds: userAssigned } : { type: "SystemAssigned" },
      registry: pull ? [{ server: pull.server, identity: pull.identityId }] : undefined,
      workloadProfileName: this.workloadProfile,
      ingress: props.ingress ? this.ingressBlock(props.ingress) : undefined,
      template: this.template(),
      secret: Lazy.anyValue({ produce: () => this.secretBlocks() }),
      tags: props.tags ?? props.environment.tags,
      dependsOn: pull?.roleAssignment ? [pull.roleAssignment] : undefined,
      lifecycle: props.ignoreImageChanges ? { ignoreChanges: ["template[0].container[0].image"] } : undefined,
    });
    this.principalId = this.resource.identity.principalId;
    if (props.ingress) {
      this.latestRevisionFqdn = this.resource.latestRevisionFqdn;
      this.fqdn = this.resource.ingress.fqdn;
    }
  }

  /** Adds a plain environment variable. Secrets belong in `addSecret` + `addSecretEnvironmentVariable`. */
  addEnvironmentVariable(name: string, value: string): this {
    checkNewEnvironmentVariable(this, name, this.env);
    this.env.set(name, { value });
    return this;
  }

  /** Adds an environment variable whose value is the app secret `secretName`. */
  addSecretEnvironmentVariable(name: string, secretName: string): this {
    checkNewEnvironmentVariable(this, name, this.env);
    if (!this.secrets.has(secretName)) {
      invalid(this, `environment variable ${name} refers to secret "${secretName}", which the app does not have`, `Add it with addSecret() or the secrets prop first; known secrets: ${[...this.secrets.keys()].join(", ")}`);
    }
    this.env.set(name, { secretName });
    return this;
  }

  /** Adds a secret (Key Vault reference, or a value from a variable or another resource's attribute). */
  addSecret(name: string, secret: AgentAppSecret): this {
    check(this, nameProblem(name, NAME_RULES.secret));
    if (this.secrets.has(name)) invalid(this, `secret "${name}" is defined twice`, "Secret names must be unique within an app");
    if ((secret.value === undefined) === (secret.keyVaultSecretId === undefined)) {
      invalid(this, `secret "${name}" must have exactly one of value and keyVaultSecretId; got ${secret.value === undefined ? "neither" : "both"}`, "Use a Key Vault reference, or a value from a Terraform variable or resource attribute");
    }
    if (secret.identity !== undefined && secret.keyVaultSecretId === undefined) {
      invalid(this, `secret "${name}" has an identity but no keyVaultSecretId`, "identity is only used to read Key Vault secrets");
    }
    const identities = this.userAssignedIdentityIds();
    if (secret.identity !== undefined && secret.identity !== "System" && !identities.includes(secret.identity)) {
      invalid(this, `secret "${name}" is read with identity "${secret.identity}", which the app does not have`, 'Use "System", or add the identity to userAssignedIdentityIds');
    }
    if (secret.keyVaultSecretId !== undefined && (secret.identity ?? "System") === "System") {
      Annotations.of(this).addWarning(
        `secret "${name}" is read from Key Vault with the app's system-assigned identity, which does not exist until the app is created, so the first deployment fails to fetch it. Prefer a user-assigned identity (userAssignedIdentityIds) that already holds "Key Vault Secrets User".`,
      );
    }
    if (secret.value !== undefined && !Token.isUnresolved(secret.value)) {
      Annotations.of(this).addWarning(`secret "${name}" has a literal value: it will be stored in plain text in the Terraform JSON and state. Use a Key Vault reference (keyVaultSecretId) or a sensitive Terraform variable instead.`);
    }
    this.secrets.set(name, secret);
    return this;
  }

  /** The plain value of environment variable `name`, or undefined when the app does not set it (or sets it from a secret). */
  environmentVariable(name: string): string | undefined {
    return this.env.get(name)?.value;
  }

  /** Whether the app has a secret named `name` (scale rule authentication refers to secrets). */
  hasSecret(name: string): boolean {
    return this.secrets.has(name);
  }

  /** Whether the app has ingress. */
  get hasIngress(): boolean {
    return this.ingress !== undefined;
  }

  /** Scales on concurrent HTTP requests per replica (needs ingress). Azure measures them every 15 s. */
  scaleOnHttpConcurrency(options: HttpConcurrencyScaleOptions): this {
    this.scaling.add(new ConcurrencyRule(ConcurrencyProtocol.HTTP, options.concurrentRequests, options.name));
    return this;
  }

  /** Scales on concurrent TCP connections per replica (needs ingress). */
  scaleOnTcpConcurrency(options: TcpConcurrencyScaleOptions): this {
    this.scaling.add(new ConcurrencyRule(ConcurrencyProtocol.TCP, options.concurrentConnections, options.name));
    return this;
  }

  /** Scales to keep average CPU near a target. Needs minReplicas >= 1: CPU cannot bring an app back from zero. */
  scaleOnCpuUtilization(options: UtilizationScaleOptions): this {
    this.scaling.add(new UtilizationRule(UtilizationResource.CPU, options));
    return this;
  }

  /** Scales to keep average memory near a target. Needs minReplicas >= 1: memory cannot bring an app back from zero. */
  scaleOnMemoryUtilization(options: UtilizationScaleOptions): this {
    this.scaling.add(new UtilizationRule(UtilizationResource.MEMORY, options));
    return this;
  }

  /** Scales on the length of an Azure Storage queue. */
  scaleOnAzureQueue(options: AzureQueueScaleOptions): this {
    this.scaling.add(new AzureQueueRule(options));
    return this;
  }

  /** Scales on the messages of a Service Bus queue, or of a topic subscription. */
  scaleOnServiceBus(options: ServiceBusScaleOptions): this {
    this.scaling.add(new ServiceBusRule(options));
    return this;
  }

  /**
   * Adds any KEDA scaler the azurerm provider accepts (see CUSTOM_SCALE_RULE_TYPES), except those with a
   * method of their own (cron, cpu, memory, http, tcp), whose checks that method applies.
   */
  scaleOnCustom(options: CustomScaleOptions): this {
    this.scaling.add(new CustomRule(options));
    return this;
  }

  /** Holds at least `desiredReplicas` replicas between two cron times (KEDA cron scaler, IANA time zone). */
  scaleOnSchedule(options: ScheduleScaleOptions): this {
    this.scaling.add(new CronRule(options));
    return this;
  }

  /**
   * Applies a weekly schedule as KEDA cron rules: one per window whose minReplicas is at least 1, named after the
   * window. Per-window maxima and defaults, which a container app cannot apply, become warnings.
   */
  scaleOnWeeklySchedule(schedule: ScheduleDefinition): this {
    applyWeeklySchedule(this, this, schedule);
    return this;
  }

  /** Replicas running (`Replicas`, Maximum), e.g. `app.metricReplicas().createAlert(this, "Busy", { threshold: 8 })`. */
  metricReplicas(): Metric {
    return new AppMetrics(this).replicas();
  }

  /** Requests seen by the ingress (`Requests`, Total), optionally only one status class or code. */
  metricRequests(options: RequestsMetricOptions = {}): Metric {
    return new AppMetrics(this).requests(options);
  }

  /** Response time at the ingress in milliseconds (`ResponseTime`, Average; an average, not a percentile). */
  metricResponseTime(): Metric {
    return new AppMetrics(this).responseTime();
  }

  /** CPU in percent of the replicas' allocation (`CpuPercentage`, Average). */
  metricCpuPercentage(): Metric {
    return new AppMetrics(this).cpuPercentage();
  }

  /** Alerts on this app's request latency (average ResponseTime metric, or a percentile log query); see {@link LatencyAlert}. */
  alertOnLatency(id: string, options: LatencyAlertOptions = {}): LatencyAlert {
    return new LatencyAlert(this, id, { ...options, app: this });
  }

  /** Alerts on this app's share of failed requests; see {@link ErrorRateAlert}. */
  alertOnErrorRate(id: string, options: ErrorRateAlertOptions = {}): ErrorRateAlert {
    return new ErrorRateAlert(this, id, { ...options, app: this });
  }

  /** Alerts when this app runs close to its maxReplicas; see {@link ReplicaSaturationAlert}. */
  alertOnReplicaSaturation(id: string, options: ReplicaSaturationAlertOptions = {}): ReplicaSaturationAlert {
    return new ReplicaSaturationAlert(this, id, { ...options, app: this });
  }

  /** Names of every scale rule of the app, in the order they were added. */
  get scaleRuleNames(): string[] {
    return this.scaling.names;
  }

  private validateProps(): void {
    check(this, nameProblem(this.appName, NAME_RULES.containerApp));
    check(this, nameProblem(this.containerName, NAME_RULES.container));
    if (!this.props.image) invalid(this, "image is required");
    checkOneOf(this, "revisionMode", this.props.revisionMode, Object.values(RevisionMode));
    const profile = this.environment.workloadProfiles.get(this.workloadProfile);
    if (profile === undefined) {
      invalid(this, `workloadProfile "${this.workloadProfile}" is not a workload profile of the environment`, `Use one of: ${[...this.environment.workloadProfiles.keys()].join(", ")}, or add it to the environment's workloadProfiles`);
    }
    if (isKnownNumber(this.cpu)) check(this, workloadCpuMemoryProblem(profile, this.cpu, this.memory));
    checkInteger(this, "minReplicas", this.minReplicas, 0, 300);
    checkInteger(this, "maxReplicas", this.maxReplicas, 1, CONTAINER_APP_MAX_REPLICAS);
    if (isKnownNumber(this.minReplicas) && isKnownNumber(this.maxReplicas) && this.minReplicas > this.maxReplicas) {
      invalid(this, `minReplicas (${this.minReplicas}) is greater than maxReplicas (${this.maxReplicas})`, "Lower minReplicas or raise maxReplicas");
    }
    checkWholeSeconds(this, "cooldownPeriod", this.props.cooldownPeriod, 1, Number.MAX_SAFE_INTEGER);
    checkWholeSeconds(this, "pollingInterval", this.props.pollingInterval, 1, Number.MAX_SAFE_INTEGER);
    checkWholeSeconds(this, "terminationGracePeriod", this.props.terminationGracePeriod, 0, 600);
    const ingress = this.props.ingress;
    if (ingress) {
      checkInteger(this, "ingress.targetPort", ingress.targetPort, 1, 65535);
      checkOneOf(this, "ingress.transport", ingress.transport, Object.values(IngressTransport));
      if (ingress.exposedPort !== undefined) {
        if (ingress.transport !== IngressTransport.TCP) invalid(this, `ingress.exposedPort (${ingress.exposedPort}) is only allowed with transport "tcp"; transport is "${ingress.transport ?? IngressTransport.AUTO}"`, 'Set transport: "tcp" or remove exposedPort');
        checkInteger(this, "ingress.exposedPort", ingress.exposedPort, 1, 65535);
      }
    }
    checkProbes(this, this.props.probes, CONTAINER_APPS_PROBE_LIMITS);
  }

  private userAssignedIdentityIds(): string[] {
    const pull = this.props.environment.registryPull;
    return [...(pull ? [pull.identityId] : []), ...(this.props.userAssignedIdentityIds ?? [])];
  }

  /** Fails when another app of the same stack already has this (literal) Azure name. */
  private claimAppName(): void {
    if (Token.isUnresolved(this.appName)) return;
    const stack = TerraformStack.of(this);
    const names = appNamesByStack.get(stack) ?? new Map<string, string>();
    appNamesByStack.set(stack, names);
    const other = names.get(this.appName);
    if (other !== undefined) invalid(this, `app name "${this.appName}" is already used by ${other}`, "Container app names must be unique: give one of them another appName");
    names.set(this.appName, this.node.path);
  }

  private ingressBlock(ingress: AgentAppIngress) {
    return {
      externalEnabled: ingress.external ?? false,
      targetPort: ingress.targetPort,
      transport: ingress.transport ?? IngressTransport.AUTO,
      allowInsecureConnections: ingress.allowInsecure ?? false,
      exposedPort: ingress.exposedPort,
      trafficWeight: [{ latestRevision: true, percentage: 100 }],
    };
  }

  /** The secrets in Terraform form (rendered at synth: `addSecret` may run after the resource exists). */
  private secretBlocks(): unknown[] {
    return [...this.secrets.entries()].map(([name, secret]) =>
      containerAppSecretToTerraform({
        name,
        value: secret.value,
        keyVaultSecretId: secret.keyVaultSecretId,
        identity: secret.keyVaultSecretId !== undefined ? (secret.identity ?? "System") : undefined,
      }),
    );
  }

  private template(): ContainerAppTemplate {
    const probes = this.props.probes ?? {};
    return {
      minReplicas: this.minReplicas,
      maxReplicas: this.maxReplicas,
      cooldownPeriodInSeconds: (this.props.cooldownPeriod ?? Duration.seconds(300)).toWholeSeconds(),
      pollingIntervalInSeconds: (this.props.pollingInterval ?? Duration.seconds(30)).toWholeSeconds(),
      terminationGracePeriodSeconds: this.props.terminationGracePeriod?.toWholeSeconds(),
      container: [
        {
          name: this.containerName,
          image: this.props.image,
          cpu: this.cpu,
          memory: this.memory,
          command: this.props.command,
          args: this.props.args,
          env: Lazy.anyValue({ produce: () => [...this.env.entries()].map(([name, entry]) => containerAppTemplateContainerEnvToTerraform({ name, ...entry })) }),
          livenessProbe: probes.liveness ? [probeBlock(probes.liveness)] : undefined,
          readinessProbe: probes.readiness ? [probeBlock(probes.readiness)] : undefined,
          startupProbe: probes.startup ? [probeBlock(probes.startup)] : undefined,
        },
      ],
      // Rendered at synth, so that the methods only append rules and the order of calls does not matter.
      httpScaleRule: this.scaling.blocks("http_scale_rule"),
      tcpScaleRule: this.scaling.blocks("tcp_scale_rule"),
      azureQueueScaleRule: this.scaling.blocks("azure_queue_scale_rule"),
      customScaleRule: this.scaling.blocks("custom_scale_rule"),
    };
  }
}

function probeBlock(probe: AppProbe): ContainerAppTemplateContainerLivenessProbe {
  const transport = probe.transport ?? ProbeTransport.HTTP;
  return {
    transport,
    port: probe.port,
    path: transport === ProbeTransport.TCP ? undefined : (probe.path ?? "/"),
    initialDelay: probe.initialDelay?.toWholeSeconds(),
    intervalSeconds: probe.interval?.toWholeSeconds(),
    timeout: probe.timeout?.toWholeSeconds(),
    failureCountThreshold: probe.failureThreshold,
  };
}
