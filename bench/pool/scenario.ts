import type { MockProcess } from "./mock-client";
import type { RunMeasures } from "./summary";

/** What every run of scenarios F, H and O shares. */
export interface BenchContext {
  readonly mock: MockProcess;
  /** Time compression. */
  readonly scale: number;
  /** Model latency of a successful call (log-normal). */
  readonly latency: { readonly medianMs: number; readonly sigma: number };
}

/** One design of a scenario: how to run it once. */
export interface ScenarioDesign {
  readonly name: string;
  /** @param repeat 0, 1, 2... (-1 for the warm-up); seeds the mock and the workload. @param minutes model minutes of arrivals */
  run(context: BenchContext, repeat: number, minutes: number): Promise<RunMeasures>;
}

/** A column of a scenario's results table. */
export interface Column {
  readonly title: string;
  readonly value: (m: RunMeasures) => number;
  readonly format: (v: number) => string;
}

/** A target a design's run meets or not. */
export interface Target {
  readonly text: string;
  readonly met: (m: RunMeasures) => boolean;
  /** Whether the target applies to a run at all (e.g. rejection time to a design that rejects nothing). @default always */
  readonly applies?: (m: RunMeasures) => boolean;
}

/** Scenarios F, H, O: designs under test first, the baseline last. */
export interface BenchScenario {
  readonly id: string;
  readonly title: string;
  readonly designs: readonly ScenarioDesign[];
  /** The design the others are compared with, per repeat. */
  readonly baseline: ScenarioDesign;
  readonly columns: readonly Column[];
  /** Measures compared with the baseline (ratio design / baseline, same repeat). */
  readonly ratios: readonly Column[];
  readonly targets: readonly Target[];
  /** Method, as markdown bullet lines. */
  readonly method: string;
  /** Scenario-specific caveats, as markdown bullet lines (may be empty). */
  readonly caveats: string;
}
