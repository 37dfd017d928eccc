import { Annotations, Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { KubernetesCostEstimate, type KubernetesCostEstimateProps } from "../src/capacity/kubernetes-cost-estimate";
import { generateName, NAME_RULES, type NameRule, nameProblem, shortHash } from "../src/core";
import { type AgentEnvironment } from "./agent-environment";
import { type AgentClusterProps, KubeloginMode, KubernetesClusterTier } from "./agent-cluster-props";
import { check, checkInteger, checkOneOf, invalid, isKnownNumber } from "./validation";
import { AgentWorkloadIdentity } from "./workload-identity";

/** Application id of the AKS Entra ID server: the audience (`--server-id`) of every token for an AKS API server. */
export const AKS_ENTRA_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** Built-in role that gives full Kubernetes rights on an AKS cluster with Azure RBAC for Kubernetes. */
export const AKS_RBAC_CLUSTER_ADMIN_ROLE = "Azure Kubernetes Service RBAC Cluster Admin";
/** Ingress class of the application routing add-on (`webAppRouting`). */
export const WEB_APP_ROUTING_INGRESS_CLASS = "webapprouting.kubernetes.azure.com";

/** "1.xx": the minor version; AKS picks its newest patch and the patch auto-upgrade channel keeps it current. */
const KUBERNETES_VERSION = /^1\.\d{2}$/;
/** Azure VM size names as AKS takes them, e.g. Standard_D4s_v3, Standard_E8-4ds_v5, Standard_NC24ads_A100_v4. */
const VM_SIZE = /^Standard_[A-Z][A-Za-z0-9-]*(_[A-Za-z0-9]+)*$/;
const SYSTEM_POOL_NAME = "system";
const SYSTEM_POOL_ROTATION_NAME = "systemtmp";
const CONTAINER_INSIGHTS_STREAMS = ["Microsoft-ContainerInsights-Group-Default"];
/** Data collection rule names: 3-64 letters, digits, '-', '_' or '.', as the portal takes them (the provider only requires a name). */
const DATA_COLLECTION_RULE_NAME: NameRule = {
  kind: "data collection rule name",
  maxLength: 64,
  pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,62}[a-zA-Z0-9_]$/,
  description: "3-64 letters, digits, '-', '_' or '.', starting with a letter or digit",
};

/**
 * An AKS cluster for agents (the spec's Option 2): a system node pool for the cluster's add-ons and an autoscaled user
 * node pool (default Standard_D4s_v3, 1 to 4 nodes) for the agent pods; the KEDA add-on; OIDC issuer and Entra
 * Workload ID, so that pods use user-assigned identities without secrets; Container Insights to the environment's Log
 * Analytics workspace (managed-identity auth, with its data collection rule); Azure CNI Overlay; Entra ID
 * authentication with Azure RBAC for Kubernetes and no local accounts (no client certificate exists).
 *
 * Deploy-time facts: `kubernetes_manifest` (the KEDA objects) needs the cluster's API at plan time, so the Kubernetes
 * workloads (`KubernetesAgentApp`) go in a second stack, deployed after this one (`cdktf deploy <cluster> <apps>`).
 * Whoever deploys that stack needs Kubernetes rights: `clusterAdminPrincipalIds`, by default the identity running
 * this deployment, get "Azure Kubernetes Service RBAC Cluster Admin" (Azure takes a few minutes to propagate it).
 */
export class AgentCluster extends Construct {
  /** The AKS cluster (the main resource). */
  readonly resource: KubernetesCluster;
  /** The autoscaled user node pool the agents run on. */
  readonly userNodePool: KubernetesClusterNodePool;
  /** The deploying identity's tenant and object id. */
  readonly clientConfig: DataAzurermClientConfig;
  /** Container Insights' data collection rule (container logs, inventory and performance to the workspace). */
  readonly dataCollectionRule: MonitorDataCollectionRule;
  /** Association of the data collection rule with the cluster. */
  readonly dataCollectionRuleAssociation: MonitorDataCollectionRuleAssociation;
  /**
   * AcrPull on the environment's private registry for the nodes' kubelet identity (what `az aks --attach-acr` does),
   * when the environment has one with a known resource id: pods pull their images with it.
   */
  readonly kubeletPullRoleAssignment?: RoleAssignment;
  /** "Azure Kubernetes Service RBAC Cluster Admin" assignments, one per `clusterAdminPrincipalIds` entry. */
  readonly adminRoleAssignments: readonly RoleAssignment[];
  /** The environment the cluster belongs to. */
  readonly environment: AgentEnvironment;
  /** The cluster's Azure name. */
  readonly clusterName: string;
  /** URL of the cluster's OIDC issuer (the issuer of workload identity federations). */
  readonly oidcIssuerUrl: string;
  /** The API server's URL (`kube_config[0].host`). */
  readonly host: string;
  /** PEM of the API server's CA certificate (decoded `kube_config[0].cluster_ca_certificate`). */
  readonly clusterCaCertificate: string;
  /** How the kubernetes provider signs in (kubelogin `--login`). */
  readonly kubeloginMode: KubeloginMode;
  /** Whether the application routing add-on (ingress class {@link WEB_APP_ROUTING_INGRESS_CLASS}) is enabled. */
  readonly webAppRouting: boolean;
  /** Name of the user node pool. */
  readonly userNodePoolName: string;
  /** VM size of the user node pool. */
  readonly vmSize: string;
  /** Fewest nodes of the user node pool. */
  readonly minNodes: number;
  /** Most nodes of the user node pool. */
  readonly maxNodes: number;
  /** Control-plane tier. */
  readonly tier: KubernetesClusterTier;
  /** VM size and node count of the system node pool. */
  readonly systemNodePool: { readonly vmSize: string; readonly nodeCount: number };
  /** Tags of the cluster's resources. */
  readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: AgentClusterProps) {
    super(scope, id);
    const environment = props.environment;
    if (!environment) invalid(this, "environment is required (an AgentEnvironment)");
    this.environment = environment;
    this.tags = { ...(props.tags ?? environment.tags) };
    this.clusterName = props.clusterName ?? generateName({ parts: [environment.namePrefix, "aks"], uniqueFrom: this.node.path, rule: NAME_RULES.kubernetesCluster });
    const dnsPrefix = props.dnsPrefix ?? this.clusterName.replace(/_/g, "-").slice(0, NAME_RULES.kubernetesDnsPrefix.maxLength).replace(/-+$/, "");
    this.tier = props.tier ?? KubernetesClusterTier.STANDARD;
    this.kubeloginMode = props.kubeloginMode ?? KubeloginMode.AZURE_CLI;
    this.webAppRouting = props.webAppRouting ?? false;
    const system = { vmSize: props.systemNodePool?.vmSize ?? "Standard_D2s_v3", nodeCount: props.systemNodePool?.nodeCount ?? 2 };
    this.systemNodePool = system;
    const userPoolName = props.userNodePool?.name ?? "agents";
    this.userNodePoolName = userPoolName;
    this.vmSize = props.userNodePool?.vmSize ?? "Standard_D4s_v3";
    this.minNodes = props.userNodePool?.minNodes ?? 1;
    this.maxNodes = props.userNodePool?.maxNodes ?? 4;
    this.validate(props, dnsPrefix, system, userPoolName);

    const placement = { location: environment.location, resourceGroupName: environment.resourceGroupName, tags: this.tags };
    this.clientConfig = new DataAzurermClientConfig(this, "ClientConfig");
    this.resource = new KubernetesCluster(this, "Resource", {
      ...placement,
      name: this.clusterName,
      dnsPrefix,
      kubernetesVersion: props.kubernetesVersion,
      skuTier: this.tier,
      // Patch upgrades within the minor version, and node image updates, without anyone running them.
      automaticUpgradeChannel: "patch",
      nodeOsUpgradeChannel: "NodeImage",
      identity: { type: "SystemAssigned" },
      defaultNodePool: {
        name: SYSTEM_POOL_NAME,
        vmSize: system.vmSize,
        nodeCount: system.nodeCount,
        // Taints the pool CriticalAddonsOnly: agent pods go to the user pool.
        onlyCriticalAddonsEnabled: true,
        // A VM size change rotates the pool through a temporary one instead of replacing the cluster.
        temporaryNameForRotation: SYSTEM_POOL_ROTATION_NAME,
        // AKS's default, stated so that the plan does not show it as a change after the first apply.
        upgradeSettings: { maxSurge: "10%" },
        tags: this.tags,
      },
      networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay" },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      workloadAutoscalerProfile: { kedaEnabled: true },
      omsAgent: { logAnalyticsWorkspaceId: environment.logAnalyticsWorkspace.id, msiAuthForMonitoringEnabled: true },
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: props.tenantId ?? this.clientConfig.tenantId },
      localAccountDisabled: true,
      webAppRouting: this.webAppRouting ? { dnsZoneIds: [] } : undefined,
    });
    this.userNodePool = new KubernetesClusterNodePool(this, "UserNodePool", {
      name: userPoolName,
      kubernetesClusterId: this.resource.id,
      mode: "User",
      vmSize: this.vmSize,
      autoScalingEnabled: true,
      minCount: this.minNodes,
      maxCount: this.maxNodes,
      temporaryNameForRotation: `${userPoolName.slice(0, 9)}tmp`,
      upgradeSettings: { maxSurge: "10%" },
      tags: this.tags,
    });
    // With managed-identity auth the monitoring agent only sends what a data collection rule associated with the
    // cluster asks for; the portal and the CLI create one, the ARM API (so Terraform) does not.
    this.dataCollectionRule = new MonitorDataCollectionRule(this, "ContainerInsights", {
      ...placement,
      name: generateName({ parts: ["MSCI", environment.namePrefix], uniqueFrom: `${this.node.path}/dcr`, rule: DATA_COLLECTION_RULE_NAME, lowerCase: false }),
      destinations: { logAnalytics: [{ name: "ciworkspace", workspaceResourceId: environment.logAnalyticsWorkspace.id }] },
      dataFlow: [{ streams: CONTAINER_INSIGHTS_STREAMS, destinations: ["ciworkspace"] }],
      dataSources: {
        extension: [
          {
            name: "ContainerInsightsExtension",
            extensionName: "ContainerInsights",
            streams: CONTAINER_INSIGHTS_STREAMS,
            extensionJson: Fn.jsonencode({ dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } }),
          },
        ],
      },
    });
    this.dataCollectionRuleAssociation = new MonitorDataCollectionRuleAssociation(this, "ContainerInsightsAssociation", {
      name: "ContainerInsightsExtension",
      targetResourceId: this.resource.id,
      dataCollectionRuleId: this.dataCollectionRule.id,
    });
    const registry = environment.registryPull;
    if (registry?.registryId !== undefined) {
      this.kubeletPullRoleAssignment = new RoleAssignment(this, "KubeletAcrPull", {
        scope: registry.registryId,
        roleDefinitionName: "AcrPull",
        principalId: this.resource.kubeletIdentity.objectId,
        principalType: "ServicePrincipal",
      });
    } else if (registry !== undefined) {
      Annotations.of(this).addWarning(
        `the environment's registry ${registry.server} is given by a pull identity only: AKS nodes pull with the cluster's kubelet identity (kubelet_identity[0].object_id), ` +
          "which needs AcrPull on that registry; give existingRegistry.resourceId to have it assigned, or assign it yourself",
      );
    }
    const admins = props.clusterAdminPrincipalIds ?? [this.clientConfig.objectId];
    this.adminRoleAssignments = admins.map(
      (principalId, i) =>
        new RoleAssignment(this, props.clusterAdminPrincipalIds === undefined ? "DeployerClusterAdmin" : `ClusterAdmin-${Token.isUnresolved(principalId) ? i : shortHash(principalId)}`, {
          scope: this.resource.id,
          roleDefinitionName: AKS_RBAC_CLUSTER_ADMIN_ROLE,
          principalId,
        }),
    );

    this.oidcIssuerUrl = this.resource.oidcIssuerUrl;
    this.host = this.resource.kubeConfig.get(0).host;
    this.clusterCaCertificate = Fn.base64decode(this.resource.kubeConfig.get(0).clusterCaCertificate);
  }

  /**
   * The cluster's monthly cost range (the spec's Option 2 table): the control-plane tier, the system pool's nodes all
   * month, and the user pool from `minNodes` to `maxNodes` nodes ({@link KubernetesCostEstimate}; list prices in
   * `AKS_PRICES`). Throws when a size or count is a Terraform token, or a VM size has no price (give it in `prices`).
   * @param options Azure OpenAI tokens per month and price overrides
   */
  costEstimate(options: Pick<KubernetesCostEstimateProps, "traffic" | "prices"> = {}): KubernetesCostEstimate {
    return KubernetesCostEstimate.fromCluster({
      ...options,
      tier: this.tier,
      nodePools: [
        { name: "system", mode: "System", vmSize: this.systemNodePool.vmSize, minNodes: this.systemNodePool.nodeCount, maxNodes: this.systemNodePool.nodeCount },
        { name: this.userNodePoolName, mode: "User", vmSize: this.vmSize, minNodes: this.minNodes, maxNodes: this.maxNodes },
      ],
    });
  }

  /**
   * A user-assigned identity that the pods of service account `namespace/serviceAccountName` use through Entra
   * Workload ID (see {@link AgentWorkloadIdentity}); created here, in the cluster's stack. `KubernetesAgentApp`
   * calls it for its own service account.
   */
  addWorkloadIdentity(id: string, options: { readonly namespace: string; readonly serviceAccountName: string; readonly identityName?: string }): AgentWorkloadIdentity {
    return new AgentWorkloadIdentity(this, id, { ...options, cluster: this });
  }

  private validate(props: AgentClusterProps, dnsPrefix: string, system: { vmSize: string; nodeCount: number }, userPoolName: string): void {
    check(this, nameProblem(this.clusterName, NAME_RULES.kubernetesCluster));
    if (!Token.isUnresolved(dnsPrefix)) check(this, nameProblem(dnsPrefix, NAME_RULES.kubernetesDnsPrefix));
    const version = props.kubernetesVersion;
    if (version !== undefined && !Token.isUnresolved(version) && !KUBERNETES_VERSION.test(version)) {
      invalid(
        this,
        `kubernetesVersion "${version}" is not a Kubernetes minor version ("1.xx")`,
        'Use "1.xx", e.g. "1.33": AKS picks the newest patch and the patch auto-upgrade channel keeps it current (a pinned patch would be set back by the next plan); `az aks get-versions --location <region>` lists them',
      );
    }
    checkOneOf(this, "tier", this.tier, Object.values(KubernetesClusterTier));
    checkOneOf(this, "kubeloginMode", this.kubeloginMode, Object.values(KubeloginMode));
    this.checkVmSize("systemNodePool.vmSize", system.vmSize);
    this.checkVmSize("userNodePool.vmSize", this.vmSize);
    checkInteger(this, "systemNodePool.nodeCount", system.nodeCount, 1, 1000);
    check(this, Token.isUnresolved(userPoolName) ? undefined : nameProblem(userPoolName, NAME_RULES.kubernetesNodePool));
    if (userPoolName === SYSTEM_POOL_NAME || userPoolName === SYSTEM_POOL_ROTATION_NAME) {
      invalid(this, `userNodePool.name "${userPoolName}" is the system node pool's name`, "Give the user node pool another name");
    }
    checkInteger(this, "userNodePool.minNodes", this.minNodes, 0, 1000);
    checkInteger(this, "userNodePool.maxNodes", this.maxNodes, 1, 1000);
    if (isKnownNumber(this.minNodes) && isKnownNumber(this.maxNodes) && this.minNodes > this.maxNodes) {
      invalid(this, `userNodePool.minNodes (${this.minNodes}) is greater than userNodePool.maxNodes (${this.maxNodes})`, "Lower minNodes or raise maxNodes");
    }
    if (props.clusterAdminPrincipalIds !== undefined && props.clusterAdminPrincipalIds.length === 0) {
      invalid(this, "clusterAdminPrincipalIds is empty", "Nobody could deploy the Kubernetes workloads (the cluster has no local accounts): give at least one principal, or omit it for the deploying identity");
    }
  }

  private checkVmSize(what: string, vmSize: string): void {
    if (Token.isUnresolved(vmSize) || VM_SIZE.test(vmSize)) return;
    invalid(this, `${what} "${vmSize}" is not an Azure VM size name`, 'Use a name such as "Standard_D4s_v3" (`az vm list-sizes --location <region>` lists them)');
  }
}
