/**
 * SimulationResult.toVegaLite() / toSvg(): the plot of a simulated period (src/simulation/simulation-plot.ts), on a
 * result built by hand so that every plotted value is known; and the README's simulated day, checked to be current.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { defaultSimulationOutputs, PLOT_FILE } from "../../scripts/readme-simulation";
import type * as simulation from "../../src/simulation";
import { SimulationResult, type SimulatedAppResult } from "../../src/simulation";
import { parseSvg } from "../support/svg";

const MINUTES = 24 * 60;

function app(minReplicas: number, maxReplicas: number, replicasPerMinute: number[]): SimulatedAppResult {
  return { role: "visited", minReplicas, maxReplicas, peakReplicas: Math.max(...replicasPerMinute), replicaHours: 0, coldStarts: 0, saturatedMinutes: 0, monthlyCostUsd: 0, replicasPerMinute };
}

/** Two apps: "gateway" at 1 replica, 4 from 12:00 to 12:02; "intent" at 0, 3 in minute 601 only. */
const gateway = Array.from({ length: MINUTES }, (_, minute) => (minute >= 720 && minute < 723 ? 4 : 1));
const intent = Array.from({ length: MINUTES }, (_, minute) => (minute === 601 ? 3 : 0));
const offered = Array.from({ length: MINUTES }, (_, minute) => minute % 7);
const result = new SimulationResult(
  { gateway: app(1, 10, gateway), intent: app(0, 5, intent) },
  { servedRequests: 1, unservedRequests: 0, p50LatencySeconds: 1, p95LatencySeconds: 2, monthlyCostUsd: 3 },
  { offeredPerMinute: offered, timeZone: "Europe/Amsterdam", startDate: "2027-01-04", days: 1 },
);

interface PlotPoint {
  readonly hour: number;
  readonly value: number;
  readonly series: string;
  readonly maxReplicas?: number;
}
interface Panel {
  readonly width?: number;
  readonly height?: number;
  readonly data: { readonly values: readonly PlotPoint[] };
  readonly facet?: { readonly row: { readonly field: string; readonly sort: readonly string[] } };
  readonly spec?: { readonly width: number; readonly height: number; readonly layer: ReadonlyArray<{ readonly mark: { readonly type: string } }> };
}
const panels = (spec: Record<string, unknown>): readonly [Panel, Panel] => spec.vconcat as [Panel, Panel];

describe("SimulationResult.toVegaLite", () => {
  const [load, replicas] = panels(result.toVegaLite());

  test("the load panel has a point per 5 minutes, each the period's maximum of requests per minute", () => {
    expect(load.data.values).toHaveLength(MINUTES / 5);
    expect(load.data.values.slice(0, 3)).toEqual([
      { hour: 0, value: 4, series: "offered" },
      { hour: 5 / 60, value: 6, series: "offered" },
      { hour: 10 / 60, value: 6, series: "offered" },
    ]);
    expect([load.width, load.height]).toEqual([720, 80]);
  });

  test("one row per app, labelled with its replica range, in the result's order, with its maxReplicas for the dashed rule", () => {
    expect(replicas.facet!.row).toMatchObject({ field: "series", sort: ["gateway (1-10)", "intent (0-5)"] });
    const of = (series: string): readonly PlotPoint[] => replicas.data.values.filter((point) => point.series === series);
    expect(of("gateway (1-10)")).toHaveLength(MINUTES / 5);
    expect(of("intent (0-5)")).toHaveLength(MINUTES / 5);
    // 12:00-12:05 holds the 3 minutes at 4 replicas; 10:00-10:05 intent's one minute at 3.
    expect(of("gateway (1-10)").find((point) => point.hour === 12)).toEqual({ hour: 12, value: 4, series: "gateway (1-10)", maxReplicas: 10 });
    expect(of("intent (0-5)").find((point) => point.hour === 10)).toEqual({ hour: 10, value: 3, series: "intent (0-5)", maxReplicas: 5 });
    expect(of("intent (0-5)").filter((point) => point.value > 0)).toHaveLength(1);
    expect(replicas.spec!.layer.map((layer) => layer.mark.type)).toEqual(["area", "rule"]);
  });

  test("options: width, row height and minutes per point", () => {
    const [wide, rows] = panels(result.toVegaLite({ width: 400, rowHeight: 30, minutesPerPoint: 60 }));
    expect(wide.data.values).toHaveLength(24);
    expect(wide.data.values[0]).toEqual({ hour: 0, value: 6, series: "offered" });
    expect([wide.width, wide.height, rows.spec!.width, rows.spec!.height]).toEqual([400, 60, 400, 30]);
  });

  test("bad options are named with their value and range, all at once", () => {
    expect(() => result.toVegaLite({ width: 50, rowHeight: 1_000, minutesPerPoint: 2.5 })).toThrow(
      new RangeError(
        "SimulationResult.toSvg: width must be an integer from 100 to 4000; got 50; rowHeight must be an integer from 20 to 400; got 1000; minutesPerPoint must be an integer from 1 to 60; got 2.5",
      ),
    );
    expect(() => result.toVegaLite({ minutesPerPoint: 7 })).toThrow(new RangeError("SimulationResult.toSvg: minutesPerPoint must divide the simulated 1440 minutes; got 7"));
  });
});

describe("SimulationResult.toSvg", () => {
  test("renders an SVG with the title, every app's row label and the time axis in the result's time zone", async () => {
    const svg = parseSvg(await result.toSvg());
    expect(svg.texts).toEqual(
      expect.arrayContaining([
        "Simulated day: offered load and replicas per app",
        "gateway (1-10)",
        "intent (0-5)",
        "hours from 00:00 on 2027-01-04 (Europe/Amsterdam); each point the maximum of 5 min",
        "requests / min",
      ]),
    );
    expect(Number(svg.attributes.width)).toBeGreaterThan(720);
  });

  test("without vega-lite installed, says what to install", async () => {
    try {
      await jest.isolateModulesAsync(async () => {
        jest.doMock("vega-lite", () => {
          throw Object.assign(new Error("Cannot find module 'vega-lite' from 'src/core/optional-peer.ts'"), { code: "MODULE_NOT_FOUND" });
        });
        const isolated = (await import("../../src/simulation")) as typeof simulation;
        const bare = new isolated.SimulationResult(result.apps, result.summary, result.timeline);
        await expect(bare.toSvg()).rejects.toThrow("SimulationResult.toSvg() needs the optional peer dependencies vega and vega-lite: npm install vega@^5.33.0 vega-lite@^5.23.0");
      });
    } finally {
      jest.dontMock("vega-lite");
    }
  });
});

describe("the README's simulated day", () => {
  test("its table and docs/simulated-day.svg are what `npm run docs:simulation` writes now", async () => {
    const root = join(__dirname, "..", "..");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const { block, svg } = await defaultSimulationOutputs();
    expect(readme).toContain(`<!-- simulation:start -->\n${block}\n<!-- simulation:end -->`);
    expect(readFileSync(join(root, PLOT_FILE), "utf8")).toBe(svg);
  });
});
