/** KEDA's API group and version of ScaledObject and TriggerAuthentication (the AKS KEDA add-on's CRDs). */
export const KEDA_API_VERSION = "keda.sh/v1alpha1";

/** One KEDA trigger, before rendering. */
export interface KedaTrigger {
  /** Trigger name, unique within the ScaledObject. */
  readonly name: string;
  /** KEDA scaler type, e.g. "azure-queue", "cron", "cpu". */
  readonly type: string;
  /** Scaler metadata (all strings). */
  readonly metadata: Readonly<Record<string, string>>;
  /** For cpu and memory: "Utilization". */
  readonly metricType?: string;
  /** Whether the scaler authenticates with the app's workload identity (TriggerAuthentication). */
  readonly authenticated: boolean;
}

/** What a ScaledObject scales and within which bounds. */
export interface ScaledObjectSpec {
  readonly name: string;
  readonly namespace: string;
  readonly deploymentName: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly pollingIntervalSeconds: number;
  readonly cooldownPeriodSeconds: number;
  readonly triggers: readonly KedaTrigger[];
  /** Name of the TriggerAuthentication of the authenticated triggers. */
  readonly authenticationName: string;
  /** HPA behavior (Kubernetes API form), when given. */
  readonly behavior?: Record<string, unknown>;
}

/** A KEDA ScaledObject manifest: KEDA creates and owns the HPA of the Deployment from it. */
export function scaledObjectManifest(spec: ScaledObjectSpec): Record<string, unknown> {
  return {
    apiVersion: KEDA_API_VERSION,
    kind: "ScaledObject",
    metadata: { name: spec.name, namespace: spec.namespace },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: spec.deploymentName },
      minReplicaCount: spec.minReplicas,
      maxReplicaCount: spec.maxReplicas,
      pollingInterval: spec.pollingIntervalSeconds,
      cooldownPeriod: spec.cooldownPeriodSeconds,
      ...(spec.behavior ? { advanced: { horizontalPodAutoscalerConfig: { behavior: spec.behavior } } } : {}),
      triggers: spec.triggers.map((trigger) => ({
        type: trigger.type,
        name: trigger.name,
        ...(trigger.metricType ? { metricType: trigger.metricType } : {}),
        metadata: { ...trigger.metadata },
        ...(trigger.authenticated ? { authenticationRef: { name: spec.authenticationName } } : {}),
      })),
    },
  };
}

/**
 * A KEDA TriggerAuthentication that makes the scalers authenticate as the app's user-assigned identity through Entra
 * Workload ID (`podIdentity.provider: azure-workload`); the KEDA operator's service account must be federated with it.
 */
export function triggerAuthenticationManifest(name: string, namespace: string, identityClientId: string): Record<string, unknown> {
  return {
    apiVersion: KEDA_API_VERSION,
    kind: "TriggerAuthentication",
    metadata: { name, namespace },
    spec: { podIdentity: { provider: "azure-workload", identityId: identityClientId } },
  };
}
