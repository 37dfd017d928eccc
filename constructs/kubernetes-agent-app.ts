import { Annotations, type ITerraformDependable, Lazy, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { type Duration, NAME_RULES, nameProblem, shortHash } from "../src/core";
import { type AgentCluster, WEB_APP_ROUTING_INGRESS_CLASS } from "./agent-cluster";
import { type KubernetesAgentAppProps } from "./kubernetes/agent-app-props";
import { behaviorBlock, behaviorObject, checkBehavior } from "./kubernetes/behavior";
import { kubernetesProviderFor } from "./kubernetes/cluster-provider";
import { hpaMetricBlock } from "./kubernetes/hpa";
import { scaledObjectManifest, triggerAuthenticationManifest } from "./kubernetes/keda";
import {
  type DeploymentV1,
  type HorizontalPodAutoscalerV2,
  type IngressV1,
  kubernetes,
  type KubernetesProvider,
  type Manifest,
  type NamespaceV1,
  type PodDisruptionBudgetV1,
  type SecretV1,
  type ServiceAccountV1,
  type ServiceV1,
} from "./kubernetes/provider-classes";
import { type KubernetesAzureQueueScaleOptions, type KubernetesServiceBusScaleOptions, type PodsMetricScaleOptions } from "./kubernetes/scale-options";
import { KubernetesScaling } from "./kubernetes/scaling";
import { type PoolGrantee } from "./pool-grantee";
import { checkProbes, KUBERNETES_PROBE_LIMITS } from "./probe-validation";
import { type AppProbe, ProbeTransport } from "./scale-rules";
import { type ScheduleScaleOptions, type UtilizationScaleOptions } from "./scale-rules";
import { APPLICATION_INSIGHTS_CONNECTION_STRING_ENV, RESOURCE_ATTRIBUTES_ENV, ROLE_NAME_ENV, SERVICE_NAME_ENV } from "./scaled-agent-app";
import { check, checkInteger, checkNewEnvironmentVariable, checkWholeSeconds, invalid, isKnownNumber } from "./validation";
import { type AgentWorkloadIdentity } from "./workload-identity";

/** Pod label that makes the workload identity webhook project a token and set AZURE_CLIENT_ID/TENANT_ID/FEDERATED_TOKEN_FILE. */
export const WORKLOAD_IDENTITY_USE_LABEL = "azure.workload.identity/use";
/** Service account annotation naming the client id of the identity the pods use. */
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";
/** Environment variable `DefaultAzureCredential` reads the user-assigned identity's client id from. */
export const AZURE_CLIENT_ID_ENV = "AZURE_CLIENT_ID";

const QUANTITY = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[mkMGTPE]|[KMGTPE]i)?$/;
const CONTAINER_NAME = "main";
const SERVICE_PORT = 80;
const APPLICATION_INSIGHTS_SECRET_KEY = "connection-string";

/**
 * One agent on AKS (the spec's Option 2): a Deployment, a ClusterIP Service, a service account federated with a
 * user-assigned identity (Entra Workload ID), and an optional ingress; scaling added with methods as on
 * `ScaledAgentApp`. CPU, memory and pods-metric rules become a native `HorizontalPodAutoscaler` (autoscaling/v2) with
 * the `behavior` prop; a queue, Service Bus or schedule rule makes everything one KEDA `ScaledObject` instead (KEDA
 * creates its own HPA; two HPAs on one Deployment fight), with CPU as a KEDA cpu trigger and `behavior` in
 * `advanced.horizontalPodAutoscalerConfig`. `OpenAIPoolConfig.grantTo` and `CosmosDatabase.grantTo` accept it.
 *
 * Deploy-time facts: the app must be in a second stack, deployed after the cluster's (`kubernetes_manifest` reads
 * the cluster's API at plan time); its identity and federated credentials are created in the cluster's stack, so
 * they exist before the pods start; the kubernetes provider signs in with kubelogin (no local accounts). See docs/aks.md.
 */
export class KubernetesAgentApp extends Construct implements PoolGrantee {
  /** The Deployment (the main resource). */
  readonly resource: DeploymentV1;
  /** The ClusterIP Service (port 80 to the container's port). */
  readonly service: ServiceV1;
  /** The service account the pods run as, annotated with the identity's client id. */
  readonly serviceAccount: ServiceAccountV1;
  /** The Application Insights connection string, as a Kubernetes secret. */
  readonly telemetrySecret: SecretV1;
  /** The user-assigned identity and its federated credential (in the cluster's stack). */
  readonly identity: AgentWorkloadIdentity;
  /** The kubernetes provider of this stack for the cluster. */
  readonly provider: KubernetesProvider;
  /** The ingress, when requested. */
  readonly ingress?: IngressV1;
  /** The pod disruption budget (`maxUnavailable`), unless turned off. */
  readonly disruptionBudget?: PodDisruptionBudgetV1;
  /** The namespace of the app's objects, shared by the stack's apps in it (undefined with `createNamespace: false` or "default"). */
  readonly namespaceResource?: NamespaceV1;
  /** The cluster the app runs on. */
  readonly cluster: AgentCluster;
  /** Name of the Deployment, Service, service account and autoscaler. */
  readonly appName: string;
  /** Namespace of the app's objects. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly serviceAccountName: string;
  /** Fewest pods. */
  readonly minReplicas: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /** Principal id of the app's user-assigned identity, for data-plane role assignments. */
  readonly principalId: string;
  /** Client id of the app's user-assigned identity. */
  readonly clientId: string;
  /** In-cluster DNS name of the Service: `<app>.<namespace>.svc.cluster.local`. */
  readonly serviceHost: string;
  /** The app's scaling rules; the `scaleOn*` methods add to it. */
  readonly scaling: KubernetesScaling;

  private readonly props: KubernetesAgentAppProps;
  private readonly env = new Map<string, { value?: string; secretKey?: { name: string; key: string } }>();
  private readonly dependencies: ITerraformDependable[] = [];
  private hpa?: HorizontalPodAutoscalerV2;
  private scaled?: Manifest;
  private triggerAuth?: Manifest;

  constructor(scope: Construct, id: string, props: KubernetesAgentAppProps) {
    super(scope, id);
    this.props = props;
    if (!props.cluster) invalid(this, "cluster is required (an AgentCluster)");
    this.cluster = props.cluster;
    this.appName = props.appName ?? id.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "");
    this.namespace = props.namespace ?? "agents";
    this.serviceAccountName = this.appName;
    this.minReplicas = props.minReplicas ?? 1;
    this.maxReplicas = props.maxReplicas ?? 10;
    this.validateProps();
    this.scaling = new KubernetesScaling(this);
    this.provider = kubernetesProviderFor(this, this.cluster);
    this.node.addValidation({ validate: () => this.scaling.problems() });

    this.identity = this.cluster.addWorkloadIdentity(`Workload-${shortHash(this.node.path)}`, {
      namespace: this.namespace,
      serviceAccountName: this.serviceAccountName,
    });
    this.principalId = this.identity.principalId;
    this.clientId = this.identity.clientId;
    this.serviceHost = `${this.appName}.${this.namespace}.svc.cluster.local`;
    this.namespaceResource = this.ensureNamespace();

    const metadata = { name: this.appName, namespace: this.namespace, labels: this.labels() };
    const common = { provider: this.provider, dependsOn: this.dependencies.length > 0 ? this.dependencies : undefined };
    this.serviceAccount = new kubernetes.ServiceAccountV1(this, "ServiceAccount", {
      ...common,
      metadata: { ...metadata, name: this.serviceAccountName, annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: this.clientId } },
    });
    this.telemetrySecret = new kubernetes.SecretV1(this, "TelemetrySecret", {
      ...common,
      metadata: { ...metadata, name: `${this.appName}-telemetry` },
      data: { [APPLICATION_INSIGHTS_SECRET_KEY]: this.cluster.environment.applicationInsights.connectionString },
    });

    this.env.set(APPLICATION_INSIGHTS_CONNECTION_STRING_ENV, { secretKey: { name: `${this.appName}-telemetry`, key: APPLICATION_INSIGHTS_SECRET_KEY } });
    this.env.set(SERVICE_NAME_ENV, { value: this.appName });
    this.env.set(RESOURCE_ATTRIBUTES_ENV, { value: `service.name=${this.appName}` });
    this.env.set(ROLE_NAME_ENV, { value: this.appName });
    // The workload identity webhook sets it too; stated here so DefaultAzureCredential picks this identity in any case.
    this.env.set(AZURE_CLIENT_ID_ENV, { value: this.clientId });
    for (const [name, value] of Object.entries(props.environmentVariables ?? {})) this.addEnvironmentVariable(name, value);

    const port = props.port ?? 8080;
    const cpu = props.cpu ?? "500m";
    const memory = props.memory ?? "1Gi";
    this.resource = new kubernetes.DeploymentV1(this, "Resource", {
      ...common,
      dependsOn: [...this.dependencies, this.serviceAccount, this.telemetrySecret],
      metadata,
      spec: {
        // The first rollout's count; the autoscaler owns it from then on (see the lifecycle set by the scaleOn* methods).
        replicas: isKnownNumber(this.minReplicas) ? String(this.minReplicas) : Token.asString(this.minReplicas),
        selector: { matchLabels: { app: this.appName } },
        template: {
          metadata: { labels: { ...this.labels(), [WORKLOAD_IDENTITY_USE_LABEL]: "true" } },
          spec: {
            serviceAccountName: this.serviceAccountName,
            container: [
              {
                name: CONTAINER_NAME,
                image: props.image,
                command: props.command,
                args: props.args,
                port: [{ containerPort: port, name: "http" }],
                resources: { requests: { cpu, memory }, limits: { memory } },
                livenessProbe: probeBlock(props.probes?.liveness),
                readinessProbe: probeBlock(props.probes?.readiness),
                startupProbe: probeBlock(props.probes?.startup),
                securityContext: { allowPrivilegeEscalation: false },
                env: Lazy.anyValue({ produce: () => this.envBlocks() }) as never,
              },
            ],
          },
        },
      },
    });
    this.service = new kubernetes.ServiceV1(this, "Service", {
      ...common,
      metadata,
      spec: { selector: { app: this.appName }, type: "ClusterIP", port: [{ name: "http", port: SERVICE_PORT, targetPort: String(port) }] },
    });
    const maxUnavailable = props.maxUnavailable ?? 1;
    if (maxUnavailable !== false) {
      this.disruptionBudget = new kubernetes.PodDisruptionBudgetV1(this, "DisruptionBudget", {
        ...common,
        metadata,
        spec: { maxUnavailable: String(maxUnavailable), selector: { matchLabels: { app: this.appName } } },
      });
    }
    if (props.ingress) {
      const ingress = props.ingress;
      this.ingress = new kubernetes.IngressV1(this, "Ingress", {
        ...common,
        metadata,
        spec: {
          ingressClassName: ingress.className ?? WEB_APP_ROUTING_INGRESS_CLASS,
          rule: [{ host: ingress.host, http: { path: [{ path: ingress.path ?? "/", pathType: "Prefix", backend: { service: { name: this.appName, port: { number: SERVICE_PORT } } } }] } }],
        },
      });
    }
  }

  /** The native HPA, when the rules need no KEDA (created by the first CPU, memory or pods-metric rule). */
  get horizontalPodAutoscaler(): HorizontalPodAutoscalerV2 | undefined {
    return this.hpa;
  }

  /** The KEDA ScaledObject, when a queue, Service Bus or schedule rule was added. */
  get scaledObject(): Manifest | undefined {
    return this.scaled;
  }

  /** The KEDA TriggerAuthentication (workload identity), when a queue or Service Bus rule was added. */
  get triggerAuthentication(): Manifest | undefined {
    return this.triggerAuth;
  }

  /** Adds a plain environment variable to the container (never a secret). */
  addEnvironmentVariable(name: string, value: string): this {
    checkNewEnvironmentVariable(this, name, this.env);
    this.env.set(name, { value });
    return this;
  }

  /** The plain value of environment variable `name`, or undefined when the app does not set it (or sets it from a secret). */
  environmentVariable(name: string): string | undefined {
    return this.env.get(name)?.value;
  }

  /** Scales to keep average CPU (in percent of the CPU request) near a target (HPA Resource metric, or a KEDA cpu trigger). */
  scaleOnCpuUtilization(options: UtilizationScaleOptions): this {
    this.scaling.addUtilization("cpu", options);
    return this.autoscale();
  }

  /** Scales to keep average memory (in percent of the memory request) near a target. */
  scaleOnMemoryUtilization(options: UtilizationScaleOptions): this {
    this.scaling.addUtilization("memory", options);
    return this.autoscale();
  }

  /**
   * Scales to keep a per-pod metric at an average value (HPA `Pods` metric), e.g. `http_requests_per_second` at 100.
   * The metric comes from the custom-metrics API (`custom.metrics.k8s.io`), which AKS does not install: deploy an
   * adapter (prometheus-adapter with Azure Managed Prometheus or your own Prometheus): while the metric is unknown the
   * HPA scales up on its other metrics but never scales down (it skips scale-down when any metric is invalid).
   */
  scaleOnPodsMetric(options: PodsMetricScaleOptions): this {
    this.scaling.addPodsMetric(options);
    Annotations.of(this).addWarning(
      `scaleOnPodsMetric("${options.metricName}"): the HPA reads pods metrics from the custom-metrics API (custom.metrics.k8s.io), which AKS does not install. ` +
        "Deploy an adapter that serves the metric (e.g. prometheus-adapter over Azure Managed Prometheus) before relying on it: while the metric is unknown the HPA still scales up on its other metrics but never scales down (Kubernetes >= 1.21 skips scale-down when any metric is invalid).",
    );
    return this.autoscale();
  }

  /**
   * Scales on the length of an Azure Storage queue (KEDA azure-queue). The KEDA operator reads the queue as this app's
   * identity (a TriggerAuthentication with workload identity; its service account is federated with the identity):
   * give `identity.principalId` "Storage Queue Data Reader" on the account.
   */
  scaleOnAzureQueue(options: KubernetesAzureQueueScaleOptions): this {
    this.scaling.addAzureQueue(options);
    return this.autoscale();
  }

  /**
   * Scales on the messages of a Service Bus queue or topic subscription (KEDA azure-servicebus), read as this app's
   * identity: give `identity.principalId` "Azure Service Bus Data Owner" on the namespace (KEDA reads runtime properties).
   */
  scaleOnServiceBus(options: KubernetesServiceBusScaleOptions): this {
    this.scaling.addServiceBus(options);
    return this.autoscale();
  }

  /** Holds at least `desiredReplicas` pods between two cron times in an IANA time zone (KEDA cron; the rules of `ScaledAgentApp.scaleOnSchedule`). */
  scaleOnSchedule(options: ScheduleScaleOptions): this {
    this.scaling.addSchedule(options);
    return this.autoscale();
  }

  /** Creates (or switches to) the autoscaler the rules need: a native HPA, or a KEDA ScaledObject. */
  private autoscale(): this {
    // The autoscaler owns the replica count: Terraform keeps the first rollout's and ignores later changes.
    this.resource.lifecycle = { ignoreChanges: ["spec[0].replicas"] };
    if (this.scaling.usesKeda) {
      if (this.hpa) {
        this.node.tryRemoveChild("HorizontalPodAutoscaler");
        this.hpa = undefined;
      }
      if (this.scaling.usesWorkloadIdentity && !this.triggerAuth) {
        this.identity.trustKedaOperator();
        this.triggerAuth = new kubernetes.Manifest(this, "TriggerAuthentication", {
          provider: this.provider,
          dependsOn: this.dependencies.length > 0 ? this.dependencies : undefined,
          manifest: triggerAuthenticationManifest(this.triggerAuthenticationName, this.namespace, this.clientId),
        });
        // The ScaledObject must depend on it: recreated so that its depends_on names it (a resource reference, which
        // cdktf writes as "type.name"; an fqn string set afterwards would be written as an invalid "${...}").
        if (this.scaled) {
          this.node.tryRemoveChild("ScaledObject");
          this.scaled = undefined;
        }
      }
      this.scaled ??= this.kedaScaledObject();
    } else {
      this.hpa ??= this.nativeHpa();
    }
    return this;
  }

  private get triggerAuthenticationName(): string {
    return `${this.appName}-workload-identity`;
  }

  private nativeHpa(): HorizontalPodAutoscalerV2 {
    const behavior = this.props.behavior;
    return new kubernetes.HorizontalPodAutoscalerV2(this, "HorizontalPodAutoscaler", {
      provider: this.provider,
      dependsOn: [this.resource],
      metadata: { name: this.appName, namespace: this.namespace, labels: this.labels() },
      spec: {
        minReplicas: this.minReplicas,
        maxReplicas: this.maxReplicas,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: this.appName },
        metric: Lazy.anyValue({ produce: () => this.scaling.hpaMetrics().map(hpaMetricBlock) }) as never,
        behavior: behavior ? behaviorBlock(behavior) : undefined,
      },
    });
  }

  private kedaScaledObject(): Manifest {
    const behavior = this.props.behavior;
    const render = () =>
      scaledObjectManifest({
        name: this.appName,
        namespace: this.namespace,
        deploymentName: this.appName,
        minReplicas: this.minReplicas,
        maxReplicas: this.maxReplicas,
        pollingIntervalSeconds: seconds(this.props.pollingInterval, 30),
        cooldownPeriodSeconds: seconds(this.props.cooldownPeriod, 300),
        triggers: this.scaling.kedaTriggers(),
        authenticationName: this.triggerAuthenticationName,
        behavior: behavior ? behaviorObject(behavior) : undefined,
      });
    const head = render();
    return new kubernetes.Manifest(this, "ScaledObject", {
      provider: this.provider,
      dependsOn: this.triggerAuth ? [this.resource, this.triggerAuth] : [this.resource],
      manifest: { ...head, spec: Lazy.anyValue({ produce: () => render().spec }) },
    });
  }

  private labels(): Record<string, string> {
    return { app: this.appName, "app.kubernetes.io/name": this.appName, "app.kubernetes.io/managed-by": "cdktf-azure-agent-platform" };
  }

  /**
   * The namespace of the stack's apps on this cluster, created on first use at the stack's root (not in an app), so
   * that its Terraform address does not move, and the namespace with every app in it is not destroyed, when the app
   * that happened to come first is removed or renamed. Every app of the namespace depends on it.
   */
  private ensureNamespace(): NamespaceV1 | undefined {
    if (this.props.createNamespace === false || this.namespace === "default") return undefined;
    const stack = TerraformStack.of(this);
    const id = `Namespace-${this.namespace}-${shortHash(this.cluster.node.path)}`;
    const namespace =
      (stack.node.tryFindChild(id) as NamespaceV1 | undefined) ??
      new kubernetes.NamespaceV1(stack, id, { provider: this.provider, metadata: { name: this.namespace } });
    this.dependencies.push(namespace);
    return namespace;
  }

  private envBlocks(): unknown[] {
    return [...this.env.entries()].map(([name, entry]) =>
      entry.secretKey ? { name, value_from: { secret_key_ref: { name: entry.secretKey.name, key: entry.secretKey.key } } } : { name, value: entry.value },
    );
  }

  private validateProps(): void {
    const props = this.props;
    if (!props.image) invalid(this, "image is required");
    check(this, nameProblem(this.appName, NAME_RULES.kubernetesObject), "Give appName as a Kubernetes name, e.g. \"intent-agent\"");
    if (Token.isUnresolved(this.namespace)) invalid(this, "namespace is a Terraform token", "It is part of the workload identity's federated subject, which must be known at synth: give a literal name");
    check(this, nameProblem(this.namespace, NAME_RULES.kubernetesObject));
    checkInteger(this, "minReplicas", this.minReplicas, 0, 1000);
    checkInteger(this, "maxReplicas", this.maxReplicas, 1, 1000);
    if (isKnownNumber(this.minReplicas) && isKnownNumber(this.maxReplicas) && this.minReplicas > this.maxReplicas) {
      invalid(this, `minReplicas (${this.minReplicas}) is greater than maxReplicas (${this.maxReplicas})`, "Lower minReplicas or raise maxReplicas");
    }
    checkInteger(this, "port", props.port ?? 8080, 1, 65535);
    for (const [what, value] of [["cpu", props.cpu], ["memory", props.memory]] as const) {
      if (value !== undefined && !Token.isUnresolved(value) && !QUANTITY.test(value)) {
        invalid(this, `${what} "${value}" is not a Kubernetes quantity`, what === "cpu" ? 'Use e.g. "500m" or "1"' : 'Use e.g. "512Mi" or "1Gi"');
      }
    }
    checkBehavior(this, props.behavior);
    checkProbes(this, props.probes, KUBERNETES_PROBE_LIMITS);
    if (props.maxUnavailable !== undefined && props.maxUnavailable !== false) checkInteger(this, "maxUnavailable", props.maxUnavailable, 1, 1000);
    checkWholeSeconds(this, "pollingInterval", props.pollingInterval, 1, Number.MAX_SAFE_INTEGER);
    checkWholeSeconds(this, "cooldownPeriod", props.cooldownPeriod, 1, Number.MAX_SAFE_INTEGER);
    if (props.ingress && props.ingress.className === undefined && !this.cluster.webAppRouting) {
      invalid(
        this,
        `ingress uses the ingress class "${WEB_APP_ROUTING_INGRESS_CLASS}", but the cluster ${this.cluster.node.path} has no application routing add-on`,
        "Set webAppRouting: true on the AgentCluster, or give ingress.className of a controller you installed",
      );
    }
  }
}

/** A container probe as the kubernetes provider takes it: HTTP(S) as `httpGet`, TCP as `tcpSocket`; undefined without one. */
function probeBlock(probe: AppProbe | undefined) {
  if (probe === undefined) return undefined;
  const transport = probe.transport ?? ProbeTransport.HTTP;
  const port = String(probe.port);
  return {
    ...(transport === ProbeTransport.TCP ? { tcpSocket: [{ port }] } : { httpGet: { path: probe.path ?? "/", port, scheme: transport } }),
    initialDelaySeconds: probe.initialDelay?.toWholeSeconds(),
    periodSeconds: probe.interval?.toWholeSeconds(),
    timeoutSeconds: probe.timeout?.toWholeSeconds(),
    failureThreshold: probe.failureThreshold,
  };
}

function seconds(duration: Duration | undefined, fallback: number): number {
  return duration?.toWholeSeconds() ?? fallback;
}
