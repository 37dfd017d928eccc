import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AgentEnvironment, ScaledAgentApp } from "../../constructs";

/** Until RetailCustomerServicePlatform exists: an environment with the API gateway and one agent. */
const app = new App();
const stack = new TerraformStack(app, "retail-platform");
new AzurermProvider(stack, "azurerm", { features: [{}] });

const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "agntcy-cs", containerRegistry: true });
const registry = environment.registryServer!;

new ScaledAgentApp(stack, "api-gateway", {
  environment,
  image: `${registry}/api-gateway:v1.1.2`,
  ingress: { external: true, targetPort: 8080 },
  minReplicas: 0,
  maxReplicas: 10,
}).scaleOnHttpConcurrency({ concurrentRequests: 10 });

new ScaledAgentApp(stack, "response", {
  environment,
  image: `${registry}/response-generator:v1.1.2`,
  cpu: 1,
  memory: "2Gi",
  minReplicas: 1,
  maxReplicas: 8,
  ingress: { targetPort: 8080 },
})
  .scaleOnHttpConcurrency({ concurrentRequests: 5 })
  .scaleOnCpuUtilization({ targetUtilizationPercent: 70 });

app.synth();
