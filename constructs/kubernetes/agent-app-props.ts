import { type Duration } from "../../src/core";
import { type AgentCluster } from "../agent-cluster";
import { type AgentAppProbes } from "../scaled-agent-app-props";
import { type ScalingBehavior } from "./behavior";

/** An ingress for the app (the API gateway's), through the cluster's application routing add-on or another controller. */
export interface KubernetesAppIngress {
  /** Host name the ingress answers for. @default - any host */
  readonly host?: string;
  /** Path prefix routed to the app. @default "/" */
  readonly path?: string;
  /** Ingress class. @default "webapprouting.kubernetes.azure.com" (needs the cluster's `webAppRouting`) */
  readonly className?: string;
}

/** The optional props of a {@link KubernetesAgentApp}. */
export interface KubernetesAgentAppOptions {
  /** Name of the Deployment, Service, service account and autoscaler (an RFC 1123 label). @default - the construct id, lower-cased */
  readonly appName?: string;
  /** Namespace (a literal: it is part of the workload identity's subject). @default "agents" */
  readonly namespace?: string;
  /**
   * Create the namespace (`kubernetes_namespace_v1`, once per stack and cluster, by the first app in it). Set false
   * when it is managed elsewhere. "default" is never created. @default true
   */
  readonly createNamespace?: boolean;
  /** Fewest pods (0..1000; 0 only with a KEDA queue or Service Bus trigger). @default 1 (the spec's) */
  readonly minReplicas?: number;
  /** Most pods (1..1000). @default 10 (the spec's) */
  readonly maxReplicas?: number;
  /** How fast the autoscaler may scale up and down (HPA `behavior`, or KEDA's `advanced.horizontalPodAutoscalerConfig.behavior`). @default - Kubernetes' defaults */
  readonly behavior?: ScalingBehavior;
  /** CPU request of the container (a Kubernetes quantity); HPA CPU utilization is measured against it. @default "500m" */
  readonly cpu?: string;
  /** Memory request and limit of the container (a Kubernetes quantity). @default "1Gi" */
  readonly memory?: string;
  /** Port the container listens on (1..65535); the Service forwards port 80 to it. @default 8080 */
  readonly port?: number;
  /** Ingress (only the API gateway should have one). @default - none: the app is reached through its ClusterIP Service */
  readonly ingress?: KubernetesAppIngress;
  /** Plain environment variables (never secrets). @default - none */
  readonly environmentVariables?: { readonly [name: string]: string };
  /** How often KEDA polls its triggers (KEDA only, >= 1 s). @default Duration.seconds(30) */
  readonly pollingInterval?: Duration;
  /** Time after the last active trigger before KEDA scales to zero (KEDA only, >= 1 s; not the HPA's scale-down window). @default Duration.seconds(300) */
  readonly cooldownPeriod?: Duration;
  /**
   * Health probes of the container (the same shape as `ScaledAgentApp`'s; HTTP(S) as `http_get`, TCP as
   * `tcp_socket`). Without a readiness probe a pod gets traffic as soon as its container starts. @default - none
   */
  readonly probes?: AgentAppProbes;
  /**
   * Most pods a voluntary disruption (node drain during an upgrade or scale-in of the node pool) may take down at
   * once (a `kubernetes_pod_disruption_budget_v1`, >= 1), or false for no budget. @default 1
   */
  readonly maxUnavailable?: number | false;
  /** Container command. @default - the image's */
  readonly command?: string[];
  /** Container arguments. @default - the image's */
  readonly args?: string[];
}

/** Props of {@link KubernetesAgentApp}. */
export interface KubernetesAgentAppProps extends KubernetesAgentAppOptions {
  /** The cluster the app runs on; the app must be in another stack (see docs/aks.md). */
  readonly cluster: AgentCluster;
  /** Container image, e.g. `myacr.azurecr.io/intent:v1.1.2`. */
  readonly image: string;
}
