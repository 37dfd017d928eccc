/**
 * Scenario (3) of `npm run bench:synth`: the floor app (floor-platform.ts) with the provider loaded through its
 * barrel, i.e. what every consumer pays when a library imports `@cdktf/provider-azurerm` instead of deep paths.
 *
 * This file breaks house rule 1 on purpose and is the ONLY file under bench/ that may: it is what the
 * benchmark measures. It is exempted in test/imports.test.ts; everything else here deep-imports.
 */
import { type ProviderModules, runFloorApp } from "./floor-platform";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the barrel is the point of this scenario (see above)
const azurerm: ProviderModules = require("@cdktf/provider-azurerm");

runFloorApp(azurerm);
