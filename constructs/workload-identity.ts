import { Token } from "cdktf";
import { Construct } from "constructs";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { generateName, NAME_RULES, nameProblem } from "../src/core";
import { type AgentCluster } from "./agent-cluster";
import { check, invalid } from "./validation";

/** Audience Entra ID expects in a Kubernetes service account token it exchanges for an access token. */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";
/** Namespace and service account of the AKS KEDA add-on's operator, which runs the scalers of a `TriggerAuthentication` with `azure-workload`. */
export const KEDA_OPERATOR_SERVICE_ACCOUNT = { namespace: "kube-system", name: "keda-operator" } as const;

/** Props of {@link AgentWorkloadIdentity}. */
export interface AgentWorkloadIdentityProps {
  /** The cluster whose OIDC issuer signs the service account's tokens. */
  readonly cluster: AgentCluster;
  /** Namespace of the service account (a literal: it is part of the credential's subject). */
  readonly namespace: string;
  /** Name of the service account (a literal). */
  readonly serviceAccountName: string;
  /** Identity name. @default - generated from the environment's prefix, the service account name and a hash of the construct path */
  readonly identityName?: string;
}

/**
 * A user-assigned managed identity that pods of one Kubernetes service account use through Entra Workload ID: the
 * identity, and a federated credential trusting tokens of `system:serviceaccount:<namespace>:<name>` issued by the
 * cluster's OIDC issuer (audience `api://AzureADTokenExchange`). It is created in the cluster's stack (azurerm only),
 * so role assignments to it can live beside the resources they grant, and it exists before the workloads' stack
 * deploys. Azure rejects concurrent writes of federated credentials of one identity, so a second one (the KEDA
 * operator's) waits for the first.
 */
export class AgentWorkloadIdentity extends Construct {
  /** The user-assigned identity (the main resource). */
  readonly resource: UserAssignedIdentity;
  /** The federated credential of the app's service account. */
  readonly federatedCredential: FederatedIdentityCredential;
  /** Principal (object) id, for role assignments. */
  readonly principalId: string;
  /** Client id: the service account's `azure.workload.identity/client-id` annotation, and `AZURE_CLIENT_ID` of the pods. */
  readonly clientId: string;
  /** Tenant id of the identity. */
  readonly tenantId: string;
  /** Subject of the app's federated credential: `system:serviceaccount:<namespace>:<name>`. */
  readonly subject: string;

  private readonly environment: AgentCluster["environment"];
  private readonly issuer: string;
  private kedaCredential?: FederatedIdentityCredential;

  constructor(scope: Construct, id: string, props: AgentWorkloadIdentityProps) {
    super(scope, id);
    const { cluster, namespace, serviceAccountName } = props;
    for (const [what, value] of [["namespace", namespace], ["serviceAccountName", serviceAccountName]] as const) {
      if (Token.isUnresolved(value)) invalid(this, `${what} is a Terraform token`, "It is part of the federated credential's subject, which must be known at synth: give a literal name");
      check(this, nameProblem(value, NAME_RULES.kubernetesObject));
    }
    if (props.identityName !== undefined) check(this, nameProblem(props.identityName, NAME_RULES.userAssignedIdentity));
    const environment = cluster.environment;
    this.resource = new UserAssignedIdentity(this, "Resource", {
      name: props.identityName ?? generateName({ parts: [environment.namePrefix, serviceAccountName], uniqueFrom: this.node.path, rule: NAME_RULES.userAssignedIdentity }),
      location: environment.location,
      resourceGroupName: environment.resourceGroupName,
      tags: cluster.tags,
    });
    this.principalId = this.resource.principalId;
    this.clientId = this.resource.clientId;
    this.tenantId = this.resource.tenantId;
    this.subject = `system:serviceaccount:${namespace}:${serviceAccountName}`;
    this.environment = environment;
    this.issuer = cluster.oidcIssuerUrl;
    this.federatedCredential = this.credential("Federation", this.subject);
  }

  /** The federated credential of the KEDA operator, once {@link AgentWorkloadIdentity.trustKedaOperator} has been called. */
  get kedaOperatorCredential(): FederatedIdentityCredential | undefined {
    return this.kedaCredential;
  }

  /**
   * Also trusts the KEDA operator's service account (kube-system/keda-operator), so that a KEDA `TriggerAuthentication`
   * with `podIdentity.provider: azure-workload` and this identity's client id can read the queues the app scales on.
   * Calling it again returns the same credential.
   */
  trustKedaOperator(): FederatedIdentityCredential {
    this.kedaCredential ??= this.credential("KedaOperator", `system:serviceaccount:${KEDA_OPERATOR_SERVICE_ACCOUNT.namespace}:${KEDA_OPERATOR_SERVICE_ACCOUNT.name}`, this.federatedCredential);
    return this.kedaCredential;
  }

  private credential(credentialId: string, subject: string, after?: FederatedIdentityCredential): FederatedIdentityCredential {
    return new FederatedIdentityCredential(this, credentialId, {
      name: generateName({ parts: [credentialId.toLowerCase()], uniqueFrom: `${this.node.path}/${subject}`, rule: NAME_RULES.federatedCredential }),
      resourceGroupName: this.environment.resourceGroupName,
      parentId: this.resource.id,
      issuer: this.issuer,
      audience: [WORKLOAD_IDENTITY_AUDIENCE],
      subject,
      dependsOn: after ? [after] : undefined,
    });
  }
}
