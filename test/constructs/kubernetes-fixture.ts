import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type App, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AgentCluster, type AgentClusterOptions, AgentEnvironment, KubernetesAgentApp, type KubernetesAgentAppProps } from "../../constructs";
import { expectValidProviderSchema } from "../support/provider-schema";
import { expectStaticDependsOn, Template } from "../support/template";

/** The two stacks of an AKS deployment: the cluster's (azurerm) and the workloads' (kubernetes), in one app. */
export function aksStacks(clusterOptions: AgentClusterOptions = {}) {
  const app: App = Testing.app();
  const platform = new TerraformStack(app, "cluster");
  new AzurermProvider(platform, "azurerm", { features: [{}] });
  const environment = new AgentEnvironment(platform, "env", { location: "eastus2", namePrefix: "cs" });
  const cluster = new AgentCluster(platform, "aks", { environment, ...clusterOptions });
  const apps = new TerraformStack(app, "apps");
  return { app, platform, apps, environment, cluster };
}

/** A KubernetesAgentApp in the apps stack. */
export function aksApp(props: Partial<KubernetesAgentAppProps> = {}, clusterOptions: AgentClusterOptions = {}) {
  const stacks = aksStacks(clusterOptions);
  const agent = new KubernetesAgentApp(stacks.apps, "intent", { cluster: stacks.cluster, image: "example.azurecr.io/intent:v1", ...props });
  return { ...stacks, agent };
}

/**
 * Synthesizes every stack of `app` (cross-stack references need the whole app), checks each against the azurerm and
 * kubernetes provider schemas, and returns the stacks' templates by name.
 */
export function synthesizeAll(app: App): Record<string, Template> {
  const outdir = app.outdir;
  app.synth();
  const result: Record<string, Template> = {};
  for (const name of readdirSync(join(outdir, "stacks"))) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    expectValidProviderSchema(json);
    expectStaticDependsOn(json);
    result[name] = new Template(json);
  }
  return result;
}
