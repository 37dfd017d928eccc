/**
 * Another team composing the smaller constructs: its own environment in an existing resource group,
 * two agents fed by a Service Bus queue, a shared Azure OpenAI pool in two regions, serverless Cosmos DB,
 * business-hours floors and a P95 latency alert.
 *
 * Run: CHECKPOINT_DISABLE=1 npx cdktf synth --app "npx ts-node --transpile-only --project tsconfig.dev.json examples/custom-agents/main.ts"
 */
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import {
  ActionGroup,
  AgentEnvironment,
  CosmosDatabase,
  CosmosThroughput,
  Duration,
  LatencyAlert,
  LatencyStatistic,
  OpenAIPoolConfig,
  OpenAITpmSku,
  ScaledAgentApp,
  ScheduledAutoscale,
  Weekdays,
} from "../../constructs";


const app = new App();
const stack = new TerraformStack(app, "returns-agents");
new AzurermProvider(stack, "azurerm", { features: [{}] });

// The team's registry exists already; apps pull from it with an identity that holds AcrPull there.
const pullIdentityId = new TerraformVariable(stack, "acr_pull_identity_id", { type: "string", description: "Resource id of a user-assigned identity with AcrPull on returnsacr" });
const environment = new AgentEnvironment(stack, "env", {
  location: "westeurope",
  namePrefix: "returns",
  resourceGroupName: "rg-returns-prod",
  existingRegistry: { loginServer: "returnsacr.azurecr.io", identityId: pullIdentityId.stringValue },
});
const serviceBusConnection = new TerraformVariable(stack, "service_bus_connection", { type: "string", sensitive: true });

const triage = new ScaledAgentApp(stack, "triage", {
  environment,
  image: "returnsacr.azurecr.io/triage:2.4.0",
  ingress: { targetPort: 8080 },
  maxReplicas: 6,
  secrets: { "service-bus": { value: serviceBusConnection.stringValue } },
})
  .scaleOnServiceBus({ namespace: "sb-returns", queueName: "returns-in", messageCount: 50, authentication: { secretName: "service-bus", triggerParameter: "connection" } })
  .scaleOnHttpConcurrency({ concurrentRequests: 10 });

const refunds = new ScaledAgentApp(stack, "refunds", {
  environment,
  image: "returnsacr.azurecr.io/refunds:2.4.0",
  cpu: 1,
  memory: "2Gi",
  minReplicas: 1,
  maxReplicas: 4,
  ingress: { targetPort: 8080 },
}).scaleOnCpuUtilization({ targetUtilizationPercent: 65 });

const openai = new OpenAIPoolConfig(stack, "openai", {
  environment,
  deployments: [
    { name: "chat", model: "gpt-5.6-terra", modelVersion: "2026-07-09", sku: OpenAITpmSku.GLOBAL_STANDARD, tokensPerMinute: 100_000, priority: 0 },
    { name: "chat-fallback", model: "gpt-5.6-terra", modelVersion: "2026-07-09", sku: OpenAITpmSku.STANDARD, tokensPerMinute: 50_000, priority: 1, location: "swedencentral" },
  ],
});
const cosmos = new CosmosDatabase(stack, "cosmos", {
  environment,
  databaseName: "returns",
  containers: [{ name: "cases", partitionKeyPaths: ["/caseId"], defaultTtl: Duration.days(90) }],
  throughput: CosmosThroughput.serverless(),
  preferredRegions: ["westeurope"],
});
for (const agent of [triage, refunds]) {
  openai.grantTo(agent);
  cosmos.grantTo(agent);
}

new ScheduledAutoscale(stack, "triage-hours", {
  target: triage,
  timeZone: "Europe/Amsterdam",
  windows: [{ name: "office-hours", days: Weekdays.MONDAY_TO_FRIDAY, start: "08:30", end: "18:00", minReplicas: 2, maxReplicas: 6 }],
});

const actionGroup = new ActionGroup(stack, "oncall", { placement: environment, shortName: "returns", emails: [{ name: "oncall", address: "returns-oncall@example.com" }] });
new LatencyAlert(stack, "triage-p95", { app: triage, statistic: LatencyStatistic.P95, threshold: Duration.seconds(20), actionGroup });

app.synth();
