/**
 * Scenario (3) of `npm run bench:synth`: the floor app (floor-platform.ts) with the provider loaded through its
 * barrel, i.e. what every consumer pays when a library imports `@cdktf/provider-azurerm` instead of deep paths.
 *
 * This file breaks house rule 1 on purpose and is the ONLY file under bench/ that may: it is what the
 * benchmark measures. It is exempted in test/imports.test.ts; everything else here deep-imports.
 */
import { App, TerraformStack } from "cdktf";
import { addPlatform, addProvider, type ProviderModules } from "./floor-platform";
import { outdir, platformCount, platformId, report } from "./report";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the barrel is the point of this scenario (see above)
const azurerm: ProviderModules = require("@cdktf/provider-azurerm");

const importedMs = performance.now();
const app = new App({ outdir: outdir() });
const stack = new TerraformStack(app, "retail-platform");
addProvider(stack, azurerm);
for (let i = 0; i < platformCount(); i++) addPlatform(stack, platformId(i), azurerm);
const constructedMs = performance.now();
app.synth();
report({ importedMs, constructedMs, synthesizedMs: performance.now() });
