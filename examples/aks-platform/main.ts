/**
 * The spec's Option 2 on AKS: the environment, an AgentCluster (Standard tier, Standard_D4s_v3 user pool, KEDA,
 * workload identity), Azure OpenAI and Cosmos DB in the "aks-cluster" stack; the agents as KubernetesAgentApps with
 * the spec's HPA in the "aks-apps" stack, which needs the cluster's API at plan time. Deploy both, in order:
 * `cdktf deploy aks-cluster aks-apps` (from this folder). See docs/aks.md.
 */
import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AgentCluster, AgentEnvironment, CosmosDatabase, DEFAULT_CHAT_MODEL, Duration, KubernetesAgentApp, OpenAIPoolConfig, type ScalingBehavior } from "../../constructs";

const app = new App();
const platform = new TerraformStack(app, "aks-cluster");
new AzurermProvider(platform, "azurerm", { features: [{}] });

const environment = new AgentEnvironment(platform, "cs", { location: "eastus2", namePrefix: "agntcy-cs" });
const cluster = new AgentCluster(platform, "aks", { environment, webAppRouting: true });
const openai = new OpenAIPoolConfig(platform, "openai", {
  environment,
  // The library's default model version (deployable today, checked against the dated lifecycle table at synth) at the
  // capacity plan's 210,000 TPM.
  deployments: [{ name: "chat", model: DEFAULT_CHAT_MODEL.model, modelVersion: DEFAULT_CHAT_MODEL.version, tokensPerMinute: 210_000 }],
});
const cosmos = new CosmosDatabase(platform, "cosmos", {
  environment,
  databaseName: "customer-service",
  containers: [{ name: "conversations", partitionKeyPaths: ["/conversationId"], defaultTtl: Duration.days(30) }],
});

// The spec's HPA: 1-10 pods, CPU 70%; scale down after 5 min by at most 50% a minute, scale up immediately by at most
// 100% per 15 s. Its second metric, http_requests_per_second at 100 per pod, needs a custom-metrics adapter that AKS
// does not install (e.g. prometheus-adapter over Azure Managed Prometheus); without one the HPA never scales down.
// Once the adapter serves it, add `.scaleOnPodsMetric({ metricName: "http_requests_per_second", averageValue: "100" })`.
const behavior: ScalingBehavior = {
  scaleDown: { stabilizationWindow: Duration.minutes(5), policies: [{ type: "Percent", value: 50, period: Duration.seconds(60) }] },
  scaleUp: { stabilizationWindow: Duration.seconds(0), policies: [{ type: "Percent", value: 100, period: Duration.seconds(15) }] },
};

const workloads = new TerraformStack(app, "aks-apps");
const image = "mcr.microsoft.com/dotnet/samples:aspnetapp";
const agents = ["api-gateway", "intent", "knowledge", "response", "escalation", "analytics"].map((name) =>
  new KubernetesAgentApp(workloads, name, {
    cluster,
    image,
    minReplicas: 1,
    maxReplicas: 10,
    behavior,
    ingress: name === "api-gateway" ? {} : undefined,
  })
    .scaleOnCpuUtilization({ targetUtilizationPercent: 70 }),
);
for (const agent of agents.slice(1)) {
  openai.grantTo(agent);
  cosmos.grantTo(agent);
}

app.synth();
