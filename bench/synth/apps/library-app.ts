/**
 * Scenario (1) of `npm run bench:synth`: a consumer's app that imports the package and synthesizes the
 * default platform (BENCH_PLATFORMS of them in one stack for the growth runs). run.ts compiles this file
 * together with constructs/ (as `npm run build` does for lib/), so the timed process runs plain JS.
 */
import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RetailCustomerServicePlatform } from "../../../constructs";
import { outdir, platformCount, platformId, report } from "./report";

const importedMs = performance.now();
const app = new App({ outdir: outdir() });
const stack = new TerraformStack(app, "retail-platform");
new AzurermProvider(stack, "azurerm", { features: [{}] });
for (let i = 0; i < platformCount(); i++) {
  new RetailCustomerServicePlatform(stack, platformId(i), { location: "eastus2", images: { tag: "v1.1.2" }, alerts: { emails: ["ops@example.com"] } });
}
const constructedMs = performance.now();
app.synth();
report({ importedMs, constructedMs, synthesizedMs: performance.now() });
