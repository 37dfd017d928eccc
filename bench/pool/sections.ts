import type { BenchScenario, ScenarioDesign, Target } from "./scenario";
import { failureText, ratioSpread, spread, type RunMeasures } from "./summary";

/** The runs of one design of a scenario (F, H, O), one per repeat. */
export interface ScenarioRows {
  readonly scenario: BenchScenario;
  readonly runs: ReadonlyMap<ScenarioDesign, RunMeasures[]>;
}

/** A scenario's section of docs/pool-benchmark.md: method, results, ratios to the baseline, targets, failures. */
export function scenarioSection({ scenario, runs }: ScenarioRows): string {
  const of = (design: ScenarioDesign): RunMeasures[] => runs.get(design) ?? [];
  const header = `| Design | ${scenario.columns.map((c) => c.title).join(" | ")} |`;
  const rule = `|---|${scenario.columns.map(() => "---").join("|")}|`;
  const rows = scenario.designs.map(
    (design) => `| ${design.name} | ${scenario.columns.map((c) => spread(of(design).map(c.value), c.format)).join(" | ")} |`,
  );
  const baseline = of(scenario.baseline);
  const ratios = scenario.designs
    .filter((design) => design !== scenario.baseline)
    .map(
      (design) =>
        `- ${design.name} / ${scenario.baseline.name}, per repeat: ` +
        scenario.ratios.map((c) => `${c.title} ${ratioSpread(of(design), baseline, c.value)}`).join("; "),
    );
  const applies = (t: Target, m: RunMeasures): boolean => t.applies?.(m) ?? true;
  const targets = scenario.designs.flatMap((design) =>
    scenario.targets.map((t) => {
      const relevant = of(design).filter((m) => applies(t, m));
      const skipped = of(design).length - relevant.length;
      return relevant.length === 0
        ? `- ${design.name}: ${t.text}: not applicable in any run`
        : `- ${design.name}: ${t.text}: met in ${relevant.filter(t.met).length} of ${relevant.length} runs${skipped > 0 ? ` (not applicable in ${skipped})` : ""}`;
    }),
  );
  const all = scenario.designs.every((design) => of(design).length > 0)
    ? scenario.designs.map(
        (design) =>
          `- ${design.name}: met every applicable target in ${of(design).filter((m) => scenario.targets.every((t) => !applies(t, m) || t.met(m))).length} of ${of(design).length} runs`,
      )
    : [];
  const failures = scenario.designs.map((design) => [design.name, failureText(of(design))]).filter(([, text]) => text !== "");
  return [
    `## ${scenario.id}: ${scenario.title}`,
    "",
    "### Method",
    "",
    scenario.method,
    "",
    "### Results",
    "",
    header,
    rule,
    ...rows,
    "",
    "Ratio to the baseline (same scenario, same repeat; median (min-max) of the per-repeat ratios):",
    "",
    ...ratios,
    "",
    "### Targets",
    "",
    ...targets,
    ...all,
    "",
    "### Why calls failed or were turned away (all repeats)",
    "",
    ...(failures.length === 0 ? ["- none"] : failures.map(([name, text]) => `- ${name}: ${text}`)),
    ...(scenario.caveats === "" ? [] : ["", "### Caveats", "", scenario.caveats]),
  ].join("\n");
}

/** One line per design for the console. */
export function consoleLine(scenario: BenchScenario, design: ScenarioDesign, repeat: number, m: RunMeasures): string {
  return `repeat ${repeat + 1} ${scenario.id} ${design.name}: ${scenario.columns.map((c) => `${c.title} ${c.format(c.value(m))}`).join(", ")}`;
}
