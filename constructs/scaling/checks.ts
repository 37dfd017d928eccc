import { type ScaleRuleAuthentication } from "../scale-rules";
import { invalid } from "../validation";
import { type ScaleRuleTarget } from "./scale-rule";

/** Fails unless `target` has ingress: HTTP and TCP rules count the requests that arrive through it. */
export function requireIngress(target: ScaleRuleTarget, method: string): void {
  if (!target.hasIngress) invalid(target, `${method} needs ingress: HTTP and TCP rules count requests that arrive through it`, "Set the ingress prop (internal by default)");
}

/** Fails when `target` may run at zero replicas: a rule on the replicas' own CPU or memory cannot bring it back. */
export function requireNonZeroMinimum(target: ScaleRuleTarget, type: string): void {
  if (target.minReplicas === 0) {
    invalid(target, `a ${type} scale rule cannot scale an app up from zero replicas, and minReplicas is 0`, "Set minReplicas to at least 1, or scale on HTTP, a queue or a schedule instead");
  }
}

/** Fails when a scaler that Azure only runs with credentials is given none. */
export function requireAuthentication(target: ScaleRuleTarget, method: string, auth: ScaleRuleAuthentication | undefined, what: string): void {
  if (!auth) invalid(target, `${method} needs authentication (a secret holding ${what}, and its trigger parameter)`, 'Add the secret to the app and pass authentication: { secretName, triggerParameter: "connection" }');
}

/** Fails unless `auth` names a secret of `target` and a trigger parameter. */
export function checkAuthentication(target: ScaleRuleTarget, auth: ScaleRuleAuthentication): void {
  if (!target.hasSecret(auth.secretName)) {
    invalid(target, `scale rule authentication refers to secret "${auth.secretName}", which the app does not have`, "Add the secret with the secrets prop or addSecret() first");
  }
  if (!auth.triggerParameter) invalid(target, `scale rule authentication for secret "${auth.secretName}" needs a triggerParameter (e.g. "connection")`);
}

/** The Terraform form of a rule's authentication. */
export function authenticationBlock(auth: ScaleRuleAuthentication): { secretName: string; triggerParameter: string } {
  return { secretName: auth.secretName, triggerParameter: auth.triggerParameter };
}
