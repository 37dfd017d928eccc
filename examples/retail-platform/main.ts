/**
 * The default app of cdktf.json: the spec's whole Option 1 with its defaults.
 * `npm run synth` writes its Terraform JSON to cdktf.out/; `cdktf deploy` applies it to a subscription.
 */
import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RetailCustomerServicePlatform } from "../../constructs";

const app = new App();
const stack = new TerraformStack(app, "retail-platform");
new AzurermProvider(stack, "azurerm", { features: [{}] });

const platform = new RetailCustomerServicePlatform(stack, "cs", {
  location: "eastus2",
  namePrefix: "agntcy-cs",
  images: { tag: "v1.1.2" },
  traffic: { dailyUsers: 10_000 },
  alerts: { emails: ["ops@example.com"] },
  agents: { response: { maxReplicas: 10 } },
});

// The capacity plan the platform was checked against, as the spec's tables.
if (process.env.PRINT_CAPACITY_PLAN) console.log(platform.capacityPlan.table());

app.synth();
