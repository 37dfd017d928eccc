import { type Duration } from "../src/core";
import { type AgentEnvironment } from "./agent-environment";
import { type AppProbe } from "./scale-rules";

/** Transport protocol of an app's ingress (`azurerm_container_app` `ingress.transport`). */
export enum IngressTransport {
  /** HTTP/1.1 or HTTP/2, detected. */
  AUTO = "auto",
  /** HTTP/1.1. */
  HTTP = "http",
  /** HTTP/2 (e.g. gRPC). */
  HTTP2 = "http2",
  /** Plain TCP (needs a workload-profiles or VNet environment). */
  TCP = "tcp",
}

/** How an app's revisions are activated (`azurerm_container_app` `revision_mode`). */
export enum RevisionMode {
  /** One active revision at a time. */
  SINGLE = "Single",
  /** Several active revisions, with traffic split between them. */
  MULTIPLE = "Multiple",
}

/** Ingress of an app: how other apps (or, when external, the internet) reach it. */
export interface AgentAppIngress {
  /** Reachable from outside the environment. Only the API gateway should be. @default false */
  readonly external?: boolean;
  /** Port the container listens on (1..65535). */
  readonly targetPort: number;
  /** Transport protocol. @default IngressTransport.AUTO */
  readonly transport?: IngressTransport;
  /** Accept plain HTTP instead of redirecting it to HTTPS. @default false */
  readonly allowInsecure?: boolean;
  /** Port exposed by a TCP ingress (1..65535; only with transport IngressTransport.TCP). @default - the target port */
  readonly exposedPort?: number;
}

/**
 * A secret of the app: a Key Vault reference, or a value taken from a Terraform variable or another
 * resource's attribute. A literal string value would be stored in the Terraform state and JSON, so it
 * gets a warning.
 */
export interface AgentAppSecret {
  /** Secret value: a token (variable or attribute reference). @default - the Key Vault secret is used */
  readonly value?: string;
  /** Versionless Key Vault secret id. @default - `value` is used */
  readonly keyVaultSecretId?: string;
  /** Identity that reads the Key Vault secret: "System" or a user-assigned identity id. @default "System" */
  readonly identity?: string;
}

/** Health probes of the container. */
export interface AgentAppProbes {
  /** Restarts the container when it fails. @default - none */
  readonly liveness?: AppProbe;
  /** Takes the replica out of load balancing when it fails. @default - none */
  readonly readiness?: AppProbe;
  /** Holds the other probes until the container has started. @default - none */
  readonly startup?: AppProbe;
}

/** The optional props of a {@link ScaledAgentApp}: what the platform's per-app overrides take too. */
export interface ScaledAgentAppOptions {
  /** App name: 2-32 lowercase letters, digits or '-', starting with a letter, ending with a letter or digit, no '--' (ARM's rule). @default - generated from the environment's prefix, the construct id and a hash of its path */
  readonly appName?: string;
  /** Container name. @default "main" */
  readonly containerName?: string;
  /** vCPU of the container; with memory, one of the Consumption pairs. @default 0.5 */
  readonly cpu?: number;
  /** Memory of the container, canonical "<n>Gi". @default "1Gi" */
  readonly memory?: string;
  /** Fewest replicas (0..300); 0 lets the app scale to zero. @default 0 */
  readonly minReplicas?: number;
  /** Most replicas (1..300). @default 10 */
  readonly maxReplicas?: number;
  /** Time without triggers before scaling in and to zero (>= 1 s). @default Duration.seconds(300) */
  readonly cooldownPeriod?: Duration;
  /** How often event scalers are polled (>= 1 s; HTTP/TCP rules are measured every 15 s regardless). @default Duration.seconds(30) */
  readonly pollingInterval?: Duration;
  /** Time a replica gets to shut down (0..600 s). @default - Azure's default (30 s) */
  readonly terminationGracePeriod?: Duration;
  /** Ingress; omit for an app only reachable through Dapr or not at all. @default - no ingress */
  readonly ingress?: AgentAppIngress;
  /** Plain environment variables (never put secrets here: see `secrets`). @default - none */
  readonly environmentVariables?: { readonly [name: string]: string };
  /** Secrets by name (lowercase letters, digits, '-'). @default - none */
  readonly secrets?: { readonly [name: string]: AgentAppSecret };
  /** Environment variables filled from secrets: variable name -> secret name. @default - none */
  readonly secretEnvironmentVariables?: { readonly [name: string]: string };
  /** SINGLE: one active revision; MULTIPLE: traffic splitting between revisions. @default RevisionMode.SINGLE */
  readonly revisionMode?: RevisionMode;
  /** Workload profile of the environment the app runs on ("Consumption" or a dedicated profile's name). @default "Consumption" */
  readonly workloadProfile?: string;
  /**
   * Keep the container image that a deployment pipeline set (`az containerapp update --image ...`): Terraform then
   * ignores later changes of the image (`lifecycle.ignore_changes`), so `image` is only the first revision's.
   * @default false
   */
  readonly ignoreImageChanges?: boolean;
  /** Health probes. @default - none */
  readonly probes?: AgentAppProbes;
  /** Container command (entrypoint override). @default - the image's */
  readonly command?: string[];
  /** Container arguments. @default - the image's */
  readonly args?: string[];
  /** More user-assigned identities (besides the system-assigned one and the registry pull identity). @default - none */
  readonly userAssignedIdentityIds?: string[];
  /** Tags. @default - the environment's tags */
  readonly tags?: { readonly [name: string]: string };
}

/** Props of {@link ScaledAgentApp}. */
export interface ScaledAgentAppProps extends ScaledAgentAppOptions {
  /** The environment the app runs in. */
  readonly environment: AgentEnvironment;
  /** Container image, e.g. `myacr.azurecr.io/intent:v1.1.2`. */
  readonly image: string;
}
