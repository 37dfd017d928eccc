import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AgentCluster, AgentEnvironment, AKS_RBAC_CLUSTER_ADMIN_ROLE, KubeloginMode, KubernetesClusterTier } from "../../constructs";
import { warnings } from "../support/template";
import { aksStacks, synthesizeAll } from "./kubernetes-fixture";

function clusterTemplate(options: Parameters<typeof aksStacks>[0] = {}) {
  const stacks = aksStacks(options);
  return { ...stacks, template: synthesizeAll(stacks.app).cluster };
}

describe("AgentCluster defaults", () => {
  test("Standard tier, KEDA, OIDC issuer + workload identity, CNI Overlay, Entra ID with Azure RBAC, no local accounts, system identity", () => {
    const { template } = clusterTemplate();
    const aks = template.findOne("azurerm_kubernetes_cluster").props;
    expect(aks).toMatchObject({
      sku_tier: "Standard",
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      workload_autoscaler_profile: { keda_enabled: true },
      network_profile: { network_plugin: "azure", network_plugin_mode: "overlay" },
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\.aks_ClientConfig_[0-9A-F]+\.tenant_id\}$/) },
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      identity: { type: "SystemAssigned" },
    });
    expect(aks.default_node_pool).toMatchObject({ name: "system", vm_size: "Standard_D2s_v3", node_count: 2, only_critical_addons_enabled: true, temporary_name_for_rotation: "systemtmp" });
  });

  test("an autoscaled user node pool of Standard_D4s_v3, 1 to 4 nodes", () => {
    const { template, cluster } = clusterTemplate();
    const aks = template.findOne("azurerm_kubernetes_cluster");
    expect(template.findOne("azurerm_kubernetes_cluster_node_pool").props).toMatchObject({
      name: "agents",
      mode: "User",
      vm_size: "Standard_D4s_v3",
      auto_scaling_enabled: true,
      min_count: 1,
      max_count: 4,
      kubernetes_cluster_id: `\${azurerm_kubernetes_cluster.${aks.id}.id}`,
    });
    expect([cluster.vmSize, cluster.minNodes, cluster.maxNodes]).toEqual(["Standard_D4s_v3", 1, 4]);
  });

  test("Container Insights to the environment's workspace with managed-identity auth and its data collection rule", () => {
    const { template } = clusterTemplate();
    const workspace = template.findOne("azurerm_log_analytics_workspace");
    const aks = template.findOne("azurerm_kubernetes_cluster");
    expect(aks.props.oms_agent).toEqual({ log_analytics_workspace_id: `\${azurerm_log_analytics_workspace.${workspace.id}.id}`, msi_auth_for_monitoring_enabled: true });
    const dcr = template.findOne("azurerm_monitor_data_collection_rule");
    expect(dcr.props.data_sources.extension[0]).toMatchObject({ extension_name: "ContainerInsights", streams: ["Microsoft-ContainerInsights-Group-Default"] });
    expect(dcr.props.destinations.log_analytics[0].workspace_resource_id).toBe(`\${azurerm_log_analytics_workspace.${workspace.id}.id}`);
    expect(template.findOne("azurerm_monitor_data_collection_rule_association").props).toMatchObject({
      target_resource_id: `\${azurerm_kubernetes_cluster.${aks.id}.id}`,
      data_collection_rule_id: `\${azurerm_monitor_data_collection_rule.${dcr.id}.id}`,
    });
  });

  test("the deploying identity gets AKS RBAC Cluster Admin, so that it can deploy the workloads' stack", () => {
    const { template } = clusterTemplate();
    const aks = template.findOne("azurerm_kubernetes_cluster");
    expect(template.findOne("azurerm_role_assignment").props).toEqual(
      expect.objectContaining({ role_definition_name: AKS_RBAC_CLUSTER_ADMIN_ROLE, scope: `\${azurerm_kubernetes_cluster.${aks.id}.id}`, principal_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\.aks_ClientConfig_[0-9A-F]+\.object_id\}$/) }),
    );
  });

  test("given admins, tier, version, kubelogin mode and application routing", () => {
    const { template, cluster } = clusterTemplate({
      clusterAdminPrincipalIds: ["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"],
      tier: KubernetesClusterTier.FREE,
      kubernetesVersion: "1.33",
      kubeloginMode: KubeloginMode.WORKLOAD_IDENTITY,
      webAppRouting: true,
      userNodePool: { name: "llm", vmSize: "Standard_E8-4ds_v5", minNodes: 0, maxNodes: 20 },
    });
    expect(template.resources("azurerm_role_assignment").map((r) => r.props.principal_id).sort()).toEqual(["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"]);
    expect(template.findOne("azurerm_kubernetes_cluster").props).toMatchObject({ sku_tier: "Free", kubernetes_version: "1.33", web_app_routing: { dns_zone_ids: [] } });
    expect(template.findOne("azurerm_kubernetes_cluster_node_pool").props).toMatchObject({ name: "llm", min_count: 0, max_count: 20, temporary_name_for_rotation: "llmtmp" });
    expect(cluster.kubeloginMode).toBe("workloadidentity");
  });
});

describe("AgentCluster validation", () => {
  test.each([
    [{ userNodePool: { minNodes: 5, maxNodes: 3 } }, "cluster/aks: userNodePool.minNodes (5) is greater than userNodePool.maxNodes (3). Lower minNodes or raise maxNodes"],
    [{ userNodePool: { maxNodes: 0 } }, "cluster/aks: userNodePool.maxNodes must be an integer from 1 to 1000; got 0"],
    [{ userNodePool: { minNodes: 1001, maxNodes: 2000 } }, "cluster/aks: userNodePool.minNodes must be an integer from 0 to 1000; got 1001"],
    [{ systemNodePool: { nodeCount: 0 } }, "cluster/aks: systemNodePool.nodeCount must be an integer from 1 to 1000; got 0"],
    [{ userNodePool: { vmSize: "D4s_v3" } }, 'cluster/aks: userNodePool.vmSize "D4s_v3" is not an Azure VM size name. Use a name such as "Standard_D4s_v3"'],
    [{ kubernetesVersion: "1.3" }, 'cluster/aks: kubernetesVersion "1.3" is not a Kubernetes minor version ("1.xx"). Use "1.xx", e.g. "1.33": AKS picks the newest patch'],
    [{ kubernetesVersion: "v1.33.1" }, 'cluster/aks: kubernetesVersion "v1.33.1" is not a Kubernetes minor version ("1.xx")'],
    // A pinned patch: Azure's patch channel would upgrade it and the next plan set it back.
    [{ kubernetesVersion: "1.33.2" }, 'cluster/aks: kubernetesVersion "1.33.2" is not a Kubernetes minor version ("1.xx")'],
    [{ userNodePool: { name: "AgentPool01x" } }, 'cluster/aks: AKS node pool name "AgentPool01x" is not valid: it must be 1-12 lowercase letters or digits, starting with a letter'],
    [{ userNodePool: { name: "system" } }, 'cluster/aks: userNodePool.name "system" is the system node pool\'s name'],
    [{ clusterAdminPrincipalIds: [] }, "cluster/aks: clusterAdminPrincipalIds is empty"],
    [{ clusterName: "-aks" }, 'cluster/aks: AKS cluster name "-aks" is not valid'],
  ])("%j is rejected", (options, message) => {
    expect(() => aksStacks(options)).toThrow(message);
  });

  test("node counts that are Terraform variables are left to Terraform", () => {
    const { app, platform, environment } = aksStacks();
    const max = new TerraformVariable(platform, "maxNodes", { type: "number" });
    const cluster = new AgentCluster(platform, "tokens", { environment, userNodePool: { minNodes: 2, maxNodes: max.numberValue } });
    const pools = synthesizeAll(app).cluster.resources("azurerm_kubernetes_cluster_node_pool").map((pool) => pool.props.max_count);
    expect(pools).toContain("${var.maxNodes}");
    expect(cluster.minNodes).toBe(2);
  });
});

describe("AgentCluster and the environment's private registry", () => {
  function clusterWith(registry: Partial<ConstructorParameters<typeof AgentEnvironment>[2]>) {
    const app = Testing.app();
    const stack = new TerraformStack(app, "cluster");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs", ...registry });
    const cluster = new AgentCluster(stack, "aks", { environment });
    return { cluster, template: synthesizeAll(app).cluster };
  }

  test("a created registry: the kubelet identity gets AcrPull on it, as az aks --attach-acr does", () => {
    const { template, cluster } = clusterWith({ containerRegistry: true });
    const aks = template.findOne("azurerm_kubernetes_cluster");
    const registry = template.findOne("azurerm_container_registry");
    const pulls = template.resources("azurerm_role_assignment").filter((r) => r.props.role_definition_name === "AcrPull");
    expect(pulls.map((r) => r.props.principal_id).sort()).toEqual(
      [`\${azurerm_kubernetes_cluster.${aks.id}.kubelet_identity[0].object_id}`, expect.stringMatching(/^\$\{azurerm_user_assigned_identity\..*\.principal_id\}$/)].sort(),
    );
    const kubelet = pulls.find((r) => r.props.principal_id.includes("kubelet_identity"))!;
    expect(kubelet.props).toMatchObject({ scope: `\${azurerm_container_registry.${registry.id}.id}`, principal_type: "ServicePrincipal" });
    expect(cluster.kubeletPullRoleAssignment).toBeDefined();
  });

  test("an existing registry given by resource id gets the same assignment; one given by a pull identity only gets a warning", () => {
    const byId = clusterWith({ existingRegistry: { loginServer: "contoso.azurecr.io", resourceId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso" } });
    expect(byId.template.resources("azurerm_role_assignment").filter((r) => r.props.principal_id.includes("kubelet_identity")).map((r) => r.props.scope)).toEqual([
      "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso",
    ]);
    const byIdentity = clusterWith({ existingRegistry: { loginServer: "contoso.azurecr.io", identityId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull" } });
    expect(byIdentity.template.resources("azurerm_role_assignment").filter((r) => r.props.principal_id.includes("kubelet_identity"))).toEqual([]);
    expect(byIdentity.cluster.kubeletPullRoleAssignment).toBeUndefined();
    expect(warnings(byIdentity.cluster)).toEqual([expect.stringContaining("AKS nodes pull with the cluster's kubelet identity")]);
  });

  test("no registry: no AcrPull for the kubelet", () => {
    const { template, cluster } = clusterWith({});
    expect(template.resources("azurerm_role_assignment").filter((r) => r.props.role_definition_name === "AcrPull")).toEqual([]);
    expect(cluster.kubeletPullRoleAssignment).toBeUndefined();
  });
});

describe("AgentCluster.costEstimate", () => {
  test("the defaults: Standard tier, 2 Standard_D2s_v3 system nodes all month, 1 to 4 Standard_D4s_v3 agent nodes", () => {
    const { cluster } = clusterTemplate();
    const estimate = cluster.costEstimate();
    // 730 h a month: control plane 0.10/h; system 2 x 0.096/h; agents 1..4 x 0.192/h (AKS_PRICES).
    expect(estimate.controlPlaneUsd).toBeCloseTo(73, 6);
    expect(estimate.nodePools.map((pool) => [pool.pool.name, pool.pool.vmSize, pool.usd.min, pool.usd.max])).toEqual([
      ["system", "Standard_D2s_v3", expect.closeTo(140.16, 6), expect.closeTo(140.16, 6)],
      ["agents", "Standard_D4s_v3", expect.closeTo(140.16, 6), expect.closeTo(560.64, 6)],
    ]);
    expect(estimate.totalUsd.min).toBeCloseTo(73 + 140.16 + 140.16, 6);
    expect(estimate.totalUsd.max).toBeCloseTo(73 + 140.16 + 560.64, 6);
  });

  test("follows the props: Free tier, a bigger user pool", () => {
    const { cluster } = clusterTemplate({ tier: KubernetesClusterTier.FREE, userNodePool: { vmSize: "Standard_D8s_v3", minNodes: 0, maxNodes: 2 } });
    const estimate = cluster.costEstimate();
    expect(estimate.controlPlaneUsd).toBe(0);
    expect(estimate.nodePools[1]!.usd).toEqual({ min: 0, max: expect.closeTo(2 * 0.384 * 730, 6) });
  });
});
