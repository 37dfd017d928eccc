import { numberProblem, throwIfProblems } from "../capacity/validation";
import { loadOptional } from "../core/optional-peer";
import type { SimulatedAppResult, SimulationTimeline } from "./simulation-result";

/** Options of `SimulationResult.toSvg()`. */
export interface SimulationPlotOptions {
  /** Width of each panel's plotting area, in pixels (100 to 4,000). @default 720 */
  readonly width?: number;
  /** Height of each app's replicas panel, in pixels (20 to 400); the offered-load panel is twice as high. @default 40 */
  readonly rowHeight?: number;
  /** Minutes per plotted point (1 to 60, dividing the simulated minutes): each point is the period's maximum. @default 5 */
  readonly minutesPerPoint?: number;
}

/** One plotted point of a series. */
interface PlotPoint {
  readonly hour: number;
  readonly value: number;
  readonly series: string;
}

const LIMITS = { width: [100, 4_000], rowHeight: [20, 400], minutesPerPoint: [1, 60] } as const;

/** The options with their defaults, or a RangeError naming every bad one. */
function resolveOptions(options: SimulationPlotOptions, minutes: number): Required<SimulationPlotOptions> {
  const resolved = { width: options.width ?? 720, rowHeight: options.rowHeight ?? 40, minutesPerPoint: options.minutesPerPoint ?? 5 };
  const ranges = (Object.keys(LIMITS) as (keyof typeof LIMITS)[]).map((name) => numberProblem(name, resolved[name], { min: LIMITS[name][0], max: LIMITS[name][1], integer: true }));
  const inRange = ranges.every((problem) => problem === undefined);
  throwIfProblems("SimulationResult.toSvg", [
    ...ranges,
    inRange && minutes % resolved.minutesPerPoint !== 0 ? `minutesPerPoint must divide the simulated ${minutes} minutes; got ${resolved.minutesPerPoint}` : undefined,
  ]);
  return resolved;
}

/** `perMinute` as one point per `step` minutes, each the period's maximum, at the period's start hour. */
function downsample(perMinute: readonly number[], step: number, series: string): PlotPoint[] {
  const points: PlotPoint[] = [];
  for (let minute = 0; minute < perMinute.length; minute += step) {
    points.push({ hour: minute / 60, value: Math.max(...perMinute.slice(minute, minute + step)), series });
  }
  return points;
}

/** An app's row label: its key and replica range, "intent (0-10)". */
function rowLabel(key: string, app: SimulatedAppResult): string {
  return `${key} (${app.minReplicas}-${app.maxReplicas})`;
}

/**
 * The Vega-Lite specification of a simulated period: on top the offered load (requests per minute), below one row per
 * app with its replicas (each row its own scale, a dashed line at its maxReplicas), on one time axis (hours from the
 * first simulated midnight, in the simulation's time zone).
 */
export function simulationPlotSpec(apps: Readonly<Record<string, SimulatedAppResult>>, timeline: SimulationTimeline, options: SimulationPlotOptions = {}): Record<string, unknown> {
  const { width, rowHeight, minutesPerPoint } = resolveOptions(options, timeline.offeredPerMinute.length);
  const hours = timeline.offeredPerMinute.length / 60;
  const x = {
    field: "hour",
    type: "quantitative",
    title: `hours from 00:00 on ${timeline.startDate} (${timeline.timeZone}); each point the maximum of ${minutesPerPoint} min`,
    scale: { domain: [0, hours], nice: false },
    axis: { values: Array.from({ length: Math.floor(hours / 3) + 1 }, (_, i) => i * 3) },
  };
  const rows = Object.entries(apps).map(([key, app]) => rowLabel(key, app));
  const step = { type: "area", line: true, opacity: 0.35, interpolate: "step-after" };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `Simulated ${timeline.days === 1 ? "day" : `${timeline.days} days`}: offered load and replicas per app`,
    config: { font: "sans-serif", view: { stroke: null } },
    vconcat: [
      {
        width,
        height: 2 * rowHeight,
        data: { values: downsample(timeline.offeredPerMinute, minutesPerPoint, "offered") },
        mark: step,
        encoding: {
          x: { ...x, title: null },
          y: { field: "value", type: "quantitative", title: "requests / min" },
        },
      },
      {
        data: {
          values: Object.entries(apps).flatMap(([key, app]) =>
            downsample(app.replicasPerMinute, minutesPerPoint, rowLabel(key, app)).map((point) => ({ ...point, maxReplicas: app.maxReplicas })),
          ),
        },
        facet: { row: { field: "series", type: "nominal", sort: rows, title: null, header: { labelAngle: 0, labelAlign: "right", labelOrient: "left", labelPadding: 8 } } },
        spacing: 4,
        resolve: { scale: { y: "independent" } },
        spec: {
          width,
          height: rowHeight,
          layer: [
            {
              mark: { ...step, color: "#4c78a8" },
              encoding: { x, y: { field: "value", type: "quantitative", title: null, axis: { tickCount: 2 }, scale: { domainMin: 0 } } },
            },
            { mark: { type: "rule", strokeDash: [4, 3], color: "#e45756" }, encoding: { y: { field: "maxReplicas", aggregate: "max", type: "quantitative" } } },
          ],
        },
      },
    ],
  };
}

/** Minimal shapes of the vega and vega-lite modules used here (both optional peers, loaded on first use). */
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}
interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: "none" }) => { toSVG(): Promise<string>; finalize(): void };
}

/** The optional peers and their supported ranges (the CommonJS 5.x lines), as the install hint names them. */
const VEGA_INSTALL = "vega@^5.33.0 vega-lite@^5.23.0";

/** Renders a Vega-Lite specification to an SVG document with vega and vega-lite, headless (no canvas, no browser). */
export async function renderVegaLiteSvg(spec: Record<string, unknown>): Promise<string> {
  const vegaLite = loadOptional<VegaLiteModule>("vega-lite", "SimulationResult.toSvg()", VEGA_INSTALL);
  const vega = loadOptional<VegaModule>("vega", "SimulationResult.toSvg()", VEGA_INSTALL);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
