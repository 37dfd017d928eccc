import { TerraformStack } from "cdktf";
import { type IConstruct } from "constructs";
import { shortHash } from "../../src/core";
import { AKS_ENTRA_SERVER_ID, type AgentCluster } from "../agent-cluster";
import { KubeloginMode } from "../agent-cluster-props";
import { invalid } from "../validation";
import { kubernetes, type KubernetesProvider } from "./provider-classes";

/** The kubernetes provider of each cluster in each stack. */
const providers = new WeakMap<TerraformStack, Map<AgentCluster, KubernetesProvider>>();

/**
 * kubelogin's arguments for `mode`: a token for the AKS API server; a service principal is read from the azurerm
 * provider's ARM_* variables (`--use-azurerm-env-vars`) instead of kubelogin's own AAD_SERVICE_PRINCIPAL_* ones.
 */
export function kubeloginArgs(mode: KubeloginMode): string[] {
  const args = ["get-token", "--login", mode, "--server-id", AKS_ENTRA_SERVER_ID];
  return mode === KubeloginMode.SERVICE_PRINCIPAL ? [...args, "--use-azurerm-env-vars"] : args;
}

/** Version of the client.authentication.k8s.io exec credential kubelogin returns. */
const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/**
 * The kubernetes provider of `scope`'s stack for `cluster`, created on first use: host and CA certificate from the
 * cluster's `kube_config` (cross-stack references, resolved from the cluster stack's state), and an Entra ID token
 * from kubelogin (`exec`), because the cluster has no local accounts and so no client certificate. The first
 * cluster of a stack gets the default provider, further ones an alias; resources name their provider explicitly.
 * Fails when `scope` is in the cluster's own stack: `kubernetes_manifest` reads the API at plan time, which a
 * cluster created in the same apply does not have yet.
 */
export function kubernetesProviderFor(scope: IConstruct, cluster: AgentCluster): KubernetesProvider {
  const stack = TerraformStack.of(scope);
  if (stack === TerraformStack.of(cluster)) {
    invalid(
      scope,
      `is in the stack of its cluster (${cluster.node.path}, stack "${stack.node.id}")`,
      "kubernetes_manifest and the kubernetes provider need the cluster's API at plan time, which a fresh subscription only has once the cluster stack is applied: " +
        "put the Kubernetes workloads in a second TerraformStack and deploy both in order (`cdktf deploy <cluster-stack> <apps-stack>`); see docs/aks.md",
    );
  }
  let byCluster = providers.get(stack);
  if (byCluster === undefined) {
    byCluster = new Map();
    providers.set(stack, byCluster);
  }
  const existing = byCluster.get(cluster);
  if (existing !== undefined) return existing;
  const index = byCluster.size;
  const provider = new kubernetes.KubernetesProvider(stack, `Kubernetes-${shortHash(cluster.node.path)}`, {
    alias: index === 0 ? undefined : `cluster${index}`,
    host: cluster.host,
    clusterCaCertificate: cluster.clusterCaCertificate,
    exec: [{ apiVersion: EXEC_API_VERSION, command: "kubelogin", args: kubeloginArgs(cluster.kubeloginMode) }],
  });
  byCluster.set(cluster, provider);
  return provider;
}
