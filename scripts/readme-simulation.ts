/**
 * Writes the default platform's simulated day into README.md, between the `<!-- simulation:start -->` and
 * `<!-- simulation:end -->` markers (a table at the default quota and at the spec diagram's 200,000 TPM), and its plot,
 * `platform.simulate().toSvg()`, to docs/simulated-day.svg: `npm run docs:simulation`. A test checks both are current.
 */
import { App, TerraformStack } from "cdktf";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { DEFAULT_OPENAI_HEADROOM, RetailCustomerServicePlatform, type SimulationResult } from "../constructs";
import { markdownTable } from "../src/capacity/markdown";
import { formatNumber } from "../src/core/format";
import { withReadmeBlock } from "./readme-block";

/** The simulation's seed in the README. */
const SEED = 1;
/** The spec's architecture diagram's quota, below its own 210,000 TPM requirement. */
const SPEC_DIAGRAM_TPM = 200_000;
/** Where the plot goes, relative to the repository. */
export const PLOT_FILE = "docs/simulated-day.svg";

/** The default platform's simulated day at its default quota and at {@link SPEC_DIAGRAM_TPM}. */
function simulateDefaultPlatform(): { readonly defaultTpm: number; readonly requiredTpm: number; readonly atDefault: SimulationResult; readonly atSpecDiagram: SimulationResult } {
  const stack = new TerraformStack(new App(), "readme");
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2" });
  return {
    defaultTpm: platform.openai.totalTokensPerMinute,
    requiredTpm: platform.capacityPlan.requiredTokensPerMinute,
    atDefault: platform.simulate({ seed: SEED }),
    atSpecDiagram: platform.simulate({ seed: SEED, tokensPerMinute: SPEC_DIAGRAM_TPM }),
  };
}

/** "7 of 8, up to 59.5 min", "analytics only, 5 min" or "none": the apps that spent minutes at maxReplicas. */
function saturation(result: SimulationResult): string {
  const saturated = Object.entries(result.apps).filter(([, app]) => app.saturatedMinutes > 0);
  const longest = Math.max(0, ...saturated.map(([, app]) => app.saturatedMinutes));
  if (saturated.length === 0) return "none";
  if (saturated.length === 1) return `${saturated[0]![0]} only, ${formatNumber(longest, 1)} min`;
  return `${saturated.length} of ${Object.keys(result.apps).length}, up to ${formatNumber(longest, 1)} min`;
}

/** One table row: the quota's label, then the simulated day's figures. */
function row(label: string, result: SimulationResult): string[] {
  const s = result.summary;
  const offered = s.servedRequests + s.unservedRequests;
  const unservedShare = offered === 0 ? 0 : (100 * s.unservedRequests) / offered;
  return [
    label,
    formatNumber(s.servedRequests),
    s.unservedRequests === 0 ? "0" : `${formatNumber(s.unservedRequests)} (${formatNumber(unservedShare, 1)}%)`,
    `${formatNumber(s.p50LatencySeconds, 1)} s / ${formatNumber(s.p95LatencySeconds, 1)} s`,
    saturation(result),
    `$${formatNumber(s.monthlyCostUsd, 2, 2)}`,
  ];
}

/** The README block and the plot's SVG, both from the same two simulations. */
export async function defaultSimulationOutputs(): Promise<{ readonly block: string; readonly svg: string }> {
  const { defaultTpm, requiredTpm, atDefault, atSpecDiagram } = simulateDefaultPlatform();
  const defaultLabel = `${formatNumber(defaultTpm)} TPM (the default: the plan's ${formatNumber(requiredTpm)} at peak + ${DEFAULT_OPENAI_HEADROOM * 100}%)`;
  const { startDate, timeZone } = atDefault.timeline;
  const table = markdownTable(
    ["Azure OpenAI", "Served", "Unserved", "p50 / p95 latency", "Apps at maxReplicas", "Compute per month"],
    [row(defaultLabel, atDefault), row(`${formatNumber(SPEC_DIAGRAM_TPM)} TPM (the spec's diagram; the synth warns)`, atSpecDiagram)],
  );
  const block = [
    `The default platform on the spec's day (10,000 users, ${startDate} in ${timeZone}, seed ${SEED}; \`npm run docs:simulation\` writes this table and the plot):`,
    "",
    table,
    "",
    `![The simulated day at the default quota: offered load, and replicas per app against its maxReplicas](${PLOT_FILE})`,
  ].join("\n");
  return { block, svg: await atDefault.toSvg() };
}

if (require.main === module) {
  void defaultSimulationOutputs().then(({ block, svg }) => {
    const root = join(__dirname, "..");
    const readme = join(root, "README.md");
    writeFileSync(readme, withReadmeBlock(readFileSync(readme, "utf8"), "simulation", block));
    writeFileSync(join(root, PLOT_FILE), svg);
    console.log(`README.md: simulated day updated; ${PLOT_FILE} written`);
  });
}
