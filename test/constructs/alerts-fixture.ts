import { AgentEnvironment, ScaledAgentApp, type ScaledAgentAppProps } from "../../constructs";
import { ActionGroup } from "../../constructs/action-group";
import { type MonitoredApp } from "../../constructs/alert-options";
import { type Template, testStack } from "../support/template";

/** A stack with an environment, an API gateway app (max 20 replicas) and an action group, for alert tests. */
export function alertSetup(appProps: Partial<ScaledAgentAppProps> = {}) {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs", tags: { team: "platform" } });
  const app = new ScaledAgentApp(stack, "gateway", {
    environment,
    image: "example.azurecr.io/gateway:v1",
    ingress: { targetPort: 8080, external: true },
    maxReplicas: 20,
    ...appProps,
  });
  const actionGroup = new ActionGroup(stack, "ops", { placement: environment, shortName: "ops", emails: [{ name: "oncall", address: "oncall@example.com" }] });
  return { stack, environment, app, actionGroup };
}

/** An app known only by its attributes, in an environment without Application Insights. */
export function bareApp(): MonitoredApp {
  return {
    resource: { id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-legacy/providers/Microsoft.App/containerApps/legacy" },
    cloudRoleName: "legacy",
    maxReplicas: 5,
    environment: { resourceGroupName: "rg-legacy", location: "westeurope", namePrefix: "legacy" },
  };
}

/** The Terraform reference to attribute `attribute` of the only resource of `type`. */
export function ref(template: Template, type: string, attribute = "id"): string {
  return `\${${type}.${template.findOne(type).id}.${attribute}}`;
}
