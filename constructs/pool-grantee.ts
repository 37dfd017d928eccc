import { type IConstruct } from "constructs";

/**
 * An app that `OpenAIPoolConfig.grantTo` and `CosmosDatabase.grantTo` can be given to: an identity to assign the
 * data-plane roles to, and an environment to write the pool settings into. `ScaledAgentApp` (Azure Container Apps)
 * and `KubernetesAgentApp` (AKS) implement it, so the pool in the container runs unchanged on either.
 */
export interface PoolGrantee extends IConstruct {
  /** The app's name (Azure name of a container app, Kubernetes name of a deployment). */
  readonly appName: string;
  /** Principal (object) id of the managed identity the app's containers authenticate with. */
  readonly principalId: string;
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas: the pool's share of the OpenAI quotas is counted from it (`AGENT_POOL_MAX_REPLICAS`). */
  readonly maxReplicas: number;
  /** The plain value of environment variable `name`, or undefined when the app does not set it. */
  environmentVariable(name: string): string | undefined;
  /** Adds a plain environment variable to the app's container. */
  addEnvironmentVariable(name: string, value: string): this;
}
