import { type Duration } from "../core/duration";
import { integerRangeProblem } from "../core/ranges";

/** The evaluation frequencies and windows Azure accepts for one kind of alert rule. */
export interface AlertTimingRule {
  /** The kind of rule, for messages (e.g. "metric alert"). */
  readonly kind: string;
  /** Accepted evaluation frequencies, ISO-8601 as Azure spells them. */
  readonly frequencies: readonly string[];
  /** Accepted windows (look-back of one evaluation), ISO-8601 as Azure spells them. */
  readonly windows: readonly string[];
}

/**
 * `azurerm_monitor_metric_alert`: `frequency` and `window_size` as the azurerm provider (v4.55) validates
 * them. Azure also rejects a window shorter than the frequency.
 */
export const METRIC_ALERT_TIMING: AlertTimingRule = {
  kind: "metric alert",
  frequencies: ["PT1M", "PT5M", "PT15M", "PT30M", "PT1H"],
  windows: ["PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H", "P1D"],
};

/**
 * `azurerm_monitor_scheduled_query_rules_alert_v2`: `evaluation_frequency` and `window_duration` as the
 * azurerm provider (v4.55) validates them. The window is the query's look-back; its longest value, two
 * days, is also the longest time range Azure lets a log alert query.
 */
export const LOG_ALERT_TIMING: AlertTimingRule = {
  kind: "log alert",
  frequencies: ["PT1M", "PT5M", "PT10M", "PT15M", "PT30M", "PT45M", "PT1H", "PT2H", "PT3H", "PT4H", "PT5H", "PT6H", "P1D"],
  windows: ["PT1M", "PT5M", "PT10M", "PT15M", "PT30M", "PT45M", "PT1H", "PT2H", "PT3H", "PT4H", "PT5H", "PT6H", "P1D", "P2D"],
};

/** A sentence describing why `frequency` and `window` are not accepted by `rule`, or undefined when they are. */
export function alertTimingProblem(rule: AlertTimingRule, frequency: Duration, window: Duration): string | undefined {
  const iso = { frequency: frequency.toIsoString(), window: window.toIsoString() };
  if (!rule.frequencies.includes(iso.frequency)) {
    return `frequency ${iso.frequency} (${frequency}) is not one a ${rule.kind} accepts; use one of ${rule.frequencies.join(", ")}`;
  }
  if (!rule.windows.includes(iso.window)) {
    return `window ${iso.window} (${window}) is not one a ${rule.kind} accepts; use one of ${rule.windows.join(", ")}`;
  }
  if (window.toMilliseconds() < frequency.toMilliseconds()) {
    return `window ${iso.window} is shorter than frequency ${iso.frequency}: each evaluation must look back at least as far as the time since the previous one`;
  }
  return undefined;
}

/** A sentence describing why `severity` is not an Azure alert severity (0 critical .. 4 verbose), or undefined. */
export function severityProblem(severity: number): string | undefined {
  return integerRangeProblem("severity", severity, 0, 4);
}

/** A sentence describing why `value` is not a finite number above 0, or undefined when it is. */
export function positiveProblem(what: string, value: number): string | undefined {
  return Number.isFinite(value) && value > 0 ? undefined : `${what} must be a number above 0; got ${value}`;
}

/** A sentence describing why `value` is not strictly between 0 and 100, or undefined when it is. */
export function percentProblem(what: string, value: number): string | undefined {
  return Number.isFinite(value) && value > 0 && value < 100 ? undefined : `${what} must be a number above 0 and below 100; got ${value}`;
}

