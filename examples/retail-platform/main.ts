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
  // No images: every app starts on a public bootstrap image, so one `cdktf deploy` brings the platform up;
  // the team's pipeline then rolls out its images with `az containerapp update --image ...`.
  traffic: { dailyUsers: 10_000 },
  alerts: { emails: ["ops@example.com"] },
  agents: { response: { maxReplicas: 10 } },
});

// The capacity plan the platform was checked against, as the spec's tables.
if (process.env.PRINT_CAPACITY_PLAN) console.log(platform.capacityPlan.table());

app.synth();
