import { markdownTable } from "../capacity/markdown";
import { formatNumber } from "../core/format";
import type { AppRole } from "./app-model";
import { renderVegaLiteSvg, simulationPlotSpec, type SimulationPlotOptions } from "./simulation-plot";

/** What one app did over the simulated days. */
export interface SimulatedAppResult {
  /** How requests use it (see `AppRole`). */
  readonly role: AppRole;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Most replicas running (started or starting) at once. */
  readonly peakReplicas: number;
  /** Replicas running, integrated over time, in hours. */
  readonly replicaHours: number;
  /** Times it scaled from zero. */
  readonly coldStarts: number;
  /** Minutes it ran at maxReplicas. */
  readonly saturatedMinutes: number;
  /** Its replica-seconds at the Container Apps prices (active, or idle at minReplicas without requests), per month. */
  readonly monthlyCostUsd: number;
  /** Replicas running at the start of each minute. */
  readonly replicasPerMinute: readonly number[];
}

/** The platform-wide outcome of the simulated days. */
export interface SimulationSummary {
  /** Requests answered before the caller's timeout. */
  readonly servedRequests: number;
  /** Requests still waiting, or not answered, when the caller's timeout passed. */
  readonly unservedRequests: number;
  /** Median and 95th percentile of the answered requests' time from arrival to answer. */
  readonly p50LatencySeconds: number;
  readonly p95LatencySeconds: number;
  /** Every app's replica-seconds at the Container Apps prices, scaled to a 730-hour month (no free grant, no requests or tokens). */
  readonly monthlyCostUsd: number;
}

/** When and how long the simulation ran, and the load it offered. */
export interface SimulationTimeline {
  /** Requests that arrived in each minute. */
  readonly offeredPerMinute: readonly number[];
  /** Time zone of the day's shape and of the minutes. */
  readonly timeZone: string;
  /** First day, `YYYY-MM-DD`. */
  readonly startDate: string;
  /** Days simulated (1 to 7). */
  readonly days: number;
}

/** The result of a simulation: per app and platform-wide, with the minute-by-minute timeline. */
export class SimulationResult {
  /**
   * @param apps per app, by key (the platform's component names)
   * @param summary platform-wide
   * @param timeline the offered load and the period
   */
  constructor(
    readonly apps: Readonly<Record<string, SimulatedAppResult>>,
    readonly summary: SimulationSummary,
    readonly timeline: SimulationTimeline,
  ) {}

  /**
   * The simulated period as an SVG chart: the offered load on top, the replicas of every app below, on one time axis.
   * Rendered with vega-lite and vega (optional peers: `npm install vega vega-lite`), headless.
   * @param options panel width and height, minutes per plotted point
   * @throws RangeError for a bad option; Error with the install command when vega or vega-lite is missing
   */
  toSvg(options: SimulationPlotOptions = {}): Promise<string> {
    return renderVegaLiteSvg(this.toVegaLite(options));
  }

  /** The Vega-Lite specification `toSvg()` renders, for a team that renders or embeds it itself (e.g. in a notebook). */
  toVegaLite(options: SimulationPlotOptions = {}): Record<string, unknown> {
    return simulationPlotSpec(this.apps, this.timeline, options);
  }

  /** A Markdown table, one row per app (replica range, peak, replica-hours, cold starts, saturated minutes, monthly cost), then the summary. */
  table(): string {
    const n = (value: number, digits = 0): string => formatNumber(value, digits);
    const rows = Object.entries(this.apps).map(([key, app]) => [
      key,
      app.role,
      `${app.minReplicas}-${app.maxReplicas}`,
      n(app.peakReplicas),
      n(app.replicaHours, 1),
      n(app.coldStarts),
      n(app.saturatedMinutes, 1),
      `$${formatNumber(app.monthlyCostUsd, 2, 2)}`,
    ]);
    const s = this.summary;
    const served = s.servedRequests + s.unservedRequests === 0 ? 1 : s.servedRequests / (s.servedRequests + s.unservedRequests);
    return [
      markdownTable(["App", "Role", "Replicas (min-max)", "Peak replicas", "Replica-hours", "Cold starts", "Minutes at max", "Monthly cost"], rows),
      `Requests: ${n(s.servedRequests)} served, ${n(s.unservedRequests)} unserved (${n(served * 100, 2)}% served); latency p50 ${n(s.p50LatencySeconds, 1)} s, p95 ${n(s.p95LatencySeconds, 1)} s; ` +
        `compute $${formatNumber(s.monthlyCostUsd, 2, 2)} a month (${this.timeline.days} simulated day${this.timeline.days === 1 ? "" : "s"} from ${this.timeline.startDate}, ${this.timeline.timeZone}).`,
    ].join("\n\n");
  }
}
