import { type AgentEnvironment } from "./agent-environment";

/** Control-plane tier of an AKS cluster (`azurerm_kubernetes_cluster` `sku_tier`). */
export enum KubernetesClusterTier {
  /** No uptime SLA; for development and tests. */
  FREE = "Free",
  /** Uptime SLA (the spec's "AKS Control Plane $73 (Standard)"). */
  STANDARD = "Standard",
  /** Standard plus long-term support. */
  PREMIUM = "Premium",
}

/**
 * How the kubernetes provider gets an Entra ID token for the cluster's API through kubelogin (`kubelogin get-token
 * --login <mode>`). The cluster has no local accounts, so there is no client certificate to use instead.
 */
export enum KubeloginMode {
  /**
   * The signed-in Azure CLI account (`az login`): a person at a workstation, or CI after `az login` (e.g. GitHub
   * Actions' azure/login with OIDC, which then serves kubelogin too).
   */
  AZURE_CLI = "azurecli",
  /**
   * A service principal with a secret or certificate, read from the azurerm provider's variables (ARM_CLIENT_ID,
   * ARM_CLIENT_SECRET or ARM_CLIENT_CERTIFICATE_PATH, ARM_TENANT_ID: kubelogin's `--use-azurerm-env-vars`), so
   * that one set of CI variables serves both providers.
   */
  SERVICE_PRINCIPAL = "spn",
  /** The managed identity of the machine running the deployment. */
  MANAGED_IDENTITY = "msi",
  /**
   * A federated workload identity read from AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (a pod
   * with Entra Workload ID, e.g. a deployment runner in a cluster). GitHub Actions writes no token file: use AZURE_CLI
   * after azure/login there.
   */
  WORKLOAD_IDENTITY = "workloadidentity",
  /** The signed-in Azure Developer CLI account (`azd auth login`). */
  AZURE_DEVELOPER_CLI = "azd",
}

/** The system node pool: runs the cluster's own add-ons (CoreDNS, KEDA, metrics-server, the monitoring agent). */
export interface SystemNodePoolOptions {
  /** VM size, e.g. "Standard_D2s_v3". @default "Standard_D2s_v3" */
  readonly vmSize?: string;
  /** Nodes (1..1000); Microsoft recommends at least 2 for a production system pool. @default 2 */
  readonly nodeCount?: number;
}

/** The autoscaled user node pool the agent pods run on. */
export interface UserNodePoolOptions {
  /** Pool name: 1-12 lowercase letters or digits, starting with a letter. @default "agents" */
  readonly name?: string;
  /** VM size. @default "Standard_D4s_v3" (the spec's node size) */
  readonly vmSize?: string;
  /** Fewest nodes the cluster autoscaler keeps (0..1000; 0 lets the pool empty when no pod needs it). @default 1 */
  readonly minNodes?: number;
  /** Most nodes the cluster autoscaler adds (1..1000, at least minNodes). @default 4 (with 1, the spec's $140-560 a month) */
  readonly maxNodes?: number;
}

/** The optional props of an {@link AgentCluster}. */
export interface AgentClusterOptions {
  /** Cluster name. @default - generated from the environment's prefix and a hash of the construct path */
  readonly clusterName?: string;
  /** DNS prefix of the API server's FQDN (1-54 letters, digits or '-'). @default - the cluster name, cut to 54 characters */
  readonly dnsPrefix?: string;
  /**
   * Kubernetes minor version, "1.xx": AKS runs its newest patch and the cluster's patch auto-upgrade channel keeps it
   * current (a pinned "1.xx.y" would be upgraded by Azure and set back by the next plan). @default - the AKS default version of the region
   */
  readonly kubernetesVersion?: string;
  /** Control-plane tier. @default KubernetesClusterTier.STANDARD (the spec's) */
  readonly tier?: KubernetesClusterTier;
  /** The system node pool. @default - 2 x Standard_D2s_v3, only critical add-ons */
  readonly systemNodePool?: SystemNodePoolOptions;
  /** The autoscaled user node pool the agents run on. @default - "agents", Standard_D4s_v3, 1 to 4 nodes */
  readonly userNodePool?: UserNodePoolOptions;
  /** Entra ID tenant of the cluster's Kubernetes RBAC. @default - the tenant of the identity running the deployment (`azurerm_client_config`) */
  readonly tenantId?: string;
  /**
   * Principals (object ids of users, groups, service principals) given "Azure Kubernetes Service RBAC Cluster Admin"
   * on the cluster. Whoever deploys the Kubernetes workloads (the second stack) needs it, or at least "Azure Kubernetes
   * Service RBAC Writer" plus namespace rights: the cluster has no local accounts.
   * @default - the identity running the deployment (`azurerm_client_config.object_id`)
   */
  readonly clusterAdminPrincipalIds?: readonly string[];
  /** How the kubernetes provider signs in to the cluster's API (kubelogin's `--login`). @default KubeloginMode.AZURE_CLI */
  readonly kubeloginMode?: KubeloginMode;
  /**
   * Enable the application routing add-on (managed NGINX, ingress class "webapprouting.kubernetes.azure.com"), which
   * `KubernetesAgentApp`'s `ingress` uses. @default false
   */
  readonly webAppRouting?: boolean;
  /** Tags. @default - the environment's tags */
  readonly tags?: { readonly [name: string]: string };
}

/** Props of {@link AgentCluster}. */
export interface AgentClusterProps extends AgentClusterOptions {
  /** The environment: resource group, location, name prefix and the Log Analytics workspace Container Insights sends to. */
  readonly environment: AgentEnvironment;
}
