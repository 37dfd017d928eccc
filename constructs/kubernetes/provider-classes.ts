import type * as DeploymentModule from "@cdktf/provider-kubernetes/lib/deployment-v1";
import type * as HpaModule from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import type * as IngressModule from "@cdktf/provider-kubernetes/lib/ingress-v1";
import type * as ManifestModule from "@cdktf/provider-kubernetes/lib/manifest";
import type * as NamespaceModule from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type * as PodDisruptionBudgetModule from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import type * as ProviderModule from "@cdktf/provider-kubernetes/lib/provider";
import type * as SecretModule from "@cdktf/provider-kubernetes/lib/secret-v1";
import type * as ServiceAccountModule from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type * as ServiceModule from "@cdktf/provider-kubernetes/lib/service-v1";
import { loadOptional } from "../../src/core/optional-peer";

/**
 * The classes of @cdktf/provider-kubernetes the Kubernetes constructs use, loaded on first use: the provider is an
 * optional peer dependency, so that the package root loads without it (only `KubernetesAgentApp` needs it), and each
 * resource is a deep import (house rule 1: the barrel loads every resource).
 */
export const kubernetes = {
  get DeploymentV1(): typeof DeploymentModule.DeploymentV1 {
    return load<typeof DeploymentModule>("deployment-v1").DeploymentV1;
  },
  get HorizontalPodAutoscalerV2(): typeof HpaModule.HorizontalPodAutoscalerV2 {
    return load<typeof HpaModule>("horizontal-pod-autoscaler-v2").HorizontalPodAutoscalerV2;
  },
  get IngressV1(): typeof IngressModule.IngressV1 {
    return load<typeof IngressModule>("ingress-v1").IngressV1;
  },
  get Manifest(): typeof ManifestModule.Manifest {
    return load<typeof ManifestModule>("manifest").Manifest;
  },
  get NamespaceV1(): typeof NamespaceModule.NamespaceV1 {
    return load<typeof NamespaceModule>("namespace-v1").NamespaceV1;
  },
  get PodDisruptionBudgetV1(): typeof PodDisruptionBudgetModule.PodDisruptionBudgetV1 {
    return load<typeof PodDisruptionBudgetModule>("pod-disruption-budget-v1").PodDisruptionBudgetV1;
  },
  get KubernetesProvider(): typeof ProviderModule.KubernetesProvider {
    return load<typeof ProviderModule>("provider").KubernetesProvider;
  },
  get SecretV1(): typeof SecretModule.SecretV1 {
    return load<typeof SecretModule>("secret-v1").SecretV1;
  },
  get ServiceAccountV1(): typeof ServiceAccountModule.ServiceAccountV1 {
    return load<typeof ServiceAccountModule>("service-account-v1").ServiceAccountV1;
  },
  get ServiceV1(): typeof ServiceModule.ServiceV1 {
    return load<typeof ServiceModule>("service-v1").ServiceV1;
  },
};

/** The provider's resource types, for the constructs' public properties (type-only: nothing is loaded). */
export type DeploymentV1 = DeploymentModule.DeploymentV1;
/** The HPA resource type. */
export type HorizontalPodAutoscalerV2 = HpaModule.HorizontalPodAutoscalerV2;
/** The ingress resource type. */
export type IngressV1 = IngressModule.IngressV1;
/** The manifest resource type (KEDA objects). */
export type Manifest = ManifestModule.Manifest;
/** The namespace resource type. */
export type NamespaceV1 = NamespaceModule.NamespaceV1;
/** The pod disruption budget resource type. */
export type PodDisruptionBudgetV1 = PodDisruptionBudgetModule.PodDisruptionBudgetV1;
/** The provider type. */
export type KubernetesProvider = ProviderModule.KubernetesProvider;
/** The secret resource type. */
export type SecretV1 = SecretModule.SecretV1;
/** The service account resource type. */
export type ServiceAccountV1 = ServiceAccountModule.ServiceAccountV1;
/** The service resource type. */
export type ServiceV1 = ServiceModule.ServiceV1;

/** The optional peer and its supported range, as the install hint names it. */
const KUBERNETES_PROVIDER_INSTALL = "@cdktf/provider-kubernetes@^12.1.1";

function load<T>(resource: string): T {
  return loadOptional<T>(`@cdktf/provider-kubernetes/lib/${resource}`, "KubernetesAgentApp", KUBERNETES_PROVIDER_INSTALL);
}
