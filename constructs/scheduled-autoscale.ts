import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import {
  MonitorAutoscaleSetting,
  type MonitorAutoscaleSettingProfile,
  type MonitorAutoscaleSettingProfileRule,
} from "@cdktf/provider-azurerm/lib/monitor-autoscale-setting";
import { Duration, generateName, NAME_RULES, nameProblem } from "../src/core";
import {
  type OutsideWindows,
  Weekday,
  Weekdays,
  WeeklySchedule,
  type WindowCapacity,
  windowsTimeZone,
} from "../src/core/weekly-schedule";
import { ScaledAgentApp } from "./scaled-agent-app";
import { applyWeeklySchedule, type ScheduleDefinition } from "./scaling/weekly-schedule-rules";
import { check, checkOneOf, checkWholeMinutes, invalid } from "./validation";

/** Where the `azurerm_monitor_autoscale_setting` of a VM scale set or App Service plan target is created. */
export interface MonitorAutoscalePlacement {
  /** Resource group of the autoscale setting (usually the target's). */
  readonly resourceGroupName: string;
  /** Azure region of the autoscale setting (usually the target's), e.g. "eastus2". */
  readonly location: string;
}

/** Options of {@link ScheduledAutoscaleTarget.cpuAbove} and {@link ScheduledAutoscaleTarget.cpuBelow}. */
export interface CpuRuleOptions {
  /** Period the CPU is aggregated over (5 min..12 h). @default Duration.minutes(5) */
  readonly window?: Duration;
  /** Instances added or removed. @default 1 */
  readonly changeCount?: number;
  /** Wait after a scale action before the next (1 min..1 week). @default Duration.minutes(5) */
  readonly cooldown?: Duration;
  /** Granularity of the metric (1 min..12 h). @default Duration.minutes(1) */
  readonly timeGrain?: Duration;
}

/** How an autoscale rule compares the aggregated metric with its threshold (`metric_trigger.operator`). */
export enum AutoscaleOperator {
  /** Above the threshold. */
  GREATER_THAN = "GreaterThan",
  /** At or above the threshold. */
  GREATER_THAN_OR_EQUAL = "GreaterThanOrEqual",
  /** Below the threshold. */
  LESS_THAN = "LessThan",
  /** At or below the threshold. */
  LESS_THAN_OR_EQUAL = "LessThanOrEqual",
  /** Equal to the threshold. */
  EQUALS = "Equals",
  /** Not equal to the threshold. */
  NOT_EQUALS = "NotEquals",
}

/** How an autoscale rule combines the instances' values per time grain (`metric_trigger.statistic`). */
export enum AutoscaleStatistic {
  /** The instances' average. */
  AVERAGE = "Average",
  /** The highest instance value. */
  MAX = "Max",
  /** The lowest instance value. */
  MIN = "Min",
  /** The sum over the instances. */
  SUM = "Sum",
}

/** How an autoscale rule combines the time grains in its window (`metric_trigger.time_aggregation`). */
export enum AutoscaleTimeAggregation {
  /** The grains' average. */
  AVERAGE = "Average",
  /** The number of values. */
  COUNT = "Count",
  /** The highest grain. */
  MAXIMUM = "Maximum",
  /** The lowest grain. */
  MINIMUM = "Minimum",
  /** The sum of the grains. */
  TOTAL = "Total",
  /** The last grain. */
  LAST = "Last",
}

/** Whether an autoscale rule scales out or in (`scale_action.direction`). */
export enum AutoscaleDirection {
  /** Scale out. */
  INCREASE = "Increase",
  /** Scale in. */
  DECREASE = "Decrease",
}

/** What an autoscale rule's `changeCount` means (`scale_action.type`). */
export enum AutoscaleChangeType {
  /** A number of instances. */
  CHANGE_COUNT = "ChangeCount",
  /** A percentage of the current instances. */
  PERCENT_CHANGE_COUNT = "PercentChangeCount",
  /** The exact instance count. */
  EXACT_COUNT = "ExactCount",
}

/** A metric rule of an Azure autoscale profile: when `metric` crosses `threshold`, change the instance count. */
export interface ScheduledAutoscaleRule {
  /** Metric name, e.g. "Percentage CPU" (VM scale set) or "CpuPercentage" (App Service plan). */
  readonly metric: string;
  /** Metric namespace, for guest or custom metrics. @default - the resource's standard metrics */
  readonly metricNamespace?: string;
  /** Resource the metric is read from. @default - the target itself */
  readonly metricResourceId?: string;
  /** Comparison of the aggregated metric with the threshold. */
  readonly operator: AutoscaleOperator;
  /** Threshold the metric is compared with. */
  readonly threshold: number;
  /** Period the metric is aggregated over (whole minutes, 5 min..12 h). */
  readonly window: Duration;
  /** Granularity of the metric (whole minutes, 1 min..12 h, at most `window`). @default Duration.minutes(1) */
  readonly timeGrain?: Duration;
  /** How the instances' values are combined per time grain. @default AutoscaleStatistic.AVERAGE */
  readonly statistic?: AutoscaleStatistic;
  /** How the time grains in the window are combined. @default AutoscaleTimeAggregation.AVERAGE */
  readonly timeAggregation?: AutoscaleTimeAggregation;
  /** Scale out (INCREASE) or in (DECREASE). */
  readonly direction: AutoscaleDirection;
  /** Instances (or percent, or exact count; see `changeType`) to change by: integer >= 1 (>= 0 for EXACT_COUNT). */
  readonly changeCount: number;
  /** What `changeCount` means. @default AutoscaleChangeType.CHANGE_COUNT */
  readonly changeType?: AutoscaleChangeType;
  /** Wait after a scale action before the next (whole minutes, 1 min..1 week). */
  readonly cooldown: Duration;
}

interface TargetKind {
  /** For messages, e.g. "VM scale set". */
  readonly label: string;
  /** ARM resource type of the target, e.g. "Microsoft.Compute/virtualMachineScaleSets". */
  readonly resourceType: string;
  /** The target's host CPU metric. */
  readonly cpuMetric: string;
}

const VM_SCALE_SET: TargetKind = { label: "VM scale set", resourceType: "Microsoft.Compute/virtualMachineScaleSets", cpuMetric: "Percentage CPU" };
const APP_SERVICE_PLAN: TargetKind = { label: "App Service plan", resourceType: "Microsoft.Web/serverfarms", cpuMetric: "CpuPercentage" };

/**
 * A target that Azure Monitor autoscale can scale: a VM scale set or an App Service plan (a Container
 * App is scaled by passing the `ScaledAgentApp` itself). Also builds CPU rules with the target's own
 * CPU metric name.
 */
export class ScheduledAutoscaleTarget {
  /** A VM scale set (uniform or flexible), by resource id; its host CPU metric is "Percentage CPU". */
  static vmScaleSet(resourceId: string, placement: MonitorAutoscalePlacement): ScheduledAutoscaleTarget {
    return new ScheduledAutoscaleTarget(VM_SCALE_SET, resourceId, placement);
  }

  /** An App Service plan, by resource id; its host CPU metric is "CpuPercentage". */
  static appServicePlan(resourceId: string, placement: MonitorAutoscalePlacement): ScheduledAutoscaleTarget {
    return new ScheduledAutoscaleTarget(APP_SERVICE_PLAN, resourceId, placement);
  }

  /** What kind of resource this is, e.g. "VM scale set". */
  readonly label: string;
  /** ARM resource type, e.g. "Microsoft.Compute/virtualMachineScaleSets". */
  readonly resourceType: string;
  /** Name of the target's host CPU metric ("Percentage CPU" or "CpuPercentage"). */
  readonly cpuMetric: string;

  private constructor(
    kind: TargetKind,
    /** Resource id of the target. */
    readonly resourceId: string,
    /** Where the autoscale setting is created. */
    readonly placement: MonitorAutoscalePlacement,
  ) {
    this.label = kind.label;
    this.resourceType = kind.resourceType;
    this.cpuMetric = kind.cpuMetric;
  }

  /** Scales out when the target's average CPU exceeds `percent`. */
  cpuAbove(percent: number, options: CpuRuleOptions = {}): ScheduledAutoscaleRule {
    return this.cpuRule(AutoscaleOperator.GREATER_THAN, AutoscaleDirection.INCREASE, percent, options);
  }

  /** Scales in when the target's average CPU falls below `percent`. */
  cpuBelow(percent: number, options: CpuRuleOptions = {}): ScheduledAutoscaleRule {
    return this.cpuRule(AutoscaleOperator.LESS_THAN, AutoscaleDirection.DECREASE, percent, options);
  }

  private cpuRule(operator: AutoscaleOperator, direction: AutoscaleDirection, percent: number, options: CpuRuleOptions): ScheduledAutoscaleRule {
    return {
      metric: this.cpuMetric,
      operator,
      threshold: percent,
      direction,
      window: options.window ?? Duration.minutes(5),
      timeGrain: options.timeGrain,
      changeCount: options.changeCount ?? 1,
      cooldown: options.cooldown ?? Duration.minutes(5),
    };
  }
}

export type { ScheduleDefinition } from "./scaling/weekly-schedule-rules";

/** Props of {@link ScheduledAutoscale}. */
export interface ScheduledAutoscaleProps extends ScheduleDefinition {
  /** What is scaled: a `ScaledAgentApp` (KEDA cron rules), or `ScheduledAutoscaleTarget.vmScaleSet()` / `.appServicePlan()` (an Azure autoscale setting). */
  readonly target: ScaledAgentApp | ScheduledAutoscaleTarget;
  /** Metric rules, copied into every profile (VM scale set and App Service plan only; at most 10). @default - none: the capacity follows the schedule alone */
  readonly rules?: readonly ScheduledAutoscaleRule[];
  /** Name of the autoscale setting (VM scale set and App Service plan only). @default - generated from the construct id and a hash of its path */
  readonly settingName?: string;
}

const MAX_PROFILES = 20;
const MAX_RULES = 10;
const ARM_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+/i;

/**
 * Schedule-driven capacity expressed once (named weekly windows in an IANA time zone, and the capacity
 * outside them) and applied in the form the target supports:
 * - a `ScaledAgentApp`: one KEDA cron scale rule per window whose minReplicas is at least 1, holding
 *   that many replicas; the app's own minReplicas is the floor outside windows. Per-window maxima and
 *   defaults cannot be expressed and are reported as warnings.
 * - a VM scale set or App Service plan: an `azurerm_monitor_autoscale_setting` (construct id
 *   `Resource`) with a recurrence profile per window start and explicit profiles that restore the
 *   `outside` capacity when windows end, in the Windows time zone Azure wants; metric rules are copied
 *   into every profile. The first profile is the setting's default profile, holding the outside
 *   capacity: Azure never reaches it once weekly recurrences exist, it is kept as the fallback.
 */
export class ScheduledAutoscale extends Construct {
  /**
   * The spec's retail schedule in US Eastern time: business hours Monday to Friday 08:00-20:00 (2-16
   * replicas, default 4), weekend all day (0-4, default 1), off-peak otherwise (0-4, default 1).
   */
  static retailSchedule(): Required<ScheduleDefinition> {
    return {
      timeZone: "America/New_York",
      windows: [
        { name: "business-hours", days: Weekdays.MONDAY_TO_FRIDAY, start: "08:00", end: "20:00", minReplicas: 2, maxReplicas: 16, defaultReplicas: 4 },
        { name: "weekend", days: [Weekday.SATURDAY, Weekday.SUNDAY], start: "00:00", end: "24:00", minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 },
      ],
      outside: { name: "off-peak", minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 },
    };
  }

  /** The autoscale setting (VM scale set and App Service plan targets; undefined for a Container App). */
  readonly resource?: MonitorAutoscaleSetting;
  /** Names of the cron scale rules added to a Container App target (empty for other targets). */
  readonly cronRuleNames: readonly string[];

  constructor(scope: Construct, id: string, props: ScheduledAutoscaleProps) {
    super(scope, id);
    if (props.target instanceof ScaledAgentApp) {
      this.cronRuleNames = this.scheduleApp(props.target, props);
    } else {
      this.cronRuleNames = [];
      this.resource = this.autoscaleSetting(props.target, props);
    }
  }

  private parse(props: ScheduledAutoscaleProps, outside: OutsideWindows, maxReplicas: number, source: string): WeeklySchedule {
    const parsed = WeeklySchedule.parse(props.windows, outside, { maxReplicas, source });
    if ("problem" in parsed) invalid(this, parsed.problem);
    return parsed.value;
  }

  private scheduleApp(app: ScaledAgentApp, props: ScheduledAutoscaleProps): string[] {
    if (props.rules && props.rules.length > 0) {
      invalid(this, `rules apply to VM scale sets and App Service plans; got ${props.rules.length} for Container App "${app.appName}"`, "Scale a Container App on metrics with its scaleOn* methods (e.g. scaleOnHttpConcurrency)");
    }
    if (props.settingName !== undefined) invalid(this, "settingName applies to VM scale sets and App Service plans; a Container App is scheduled with cron scale rules");
    return applyWeeklySchedule(this, app, props);
  }

  private autoscaleSetting(target: ScheduledAutoscaleTarget, props: ScheduledAutoscaleProps): MonitorAutoscaleSetting {
    this.checkTarget(target);
    if (!props.outside) {
      invalid(this, `outside is required for a ${target.label}: it is the capacity restored when a window ends`, "Set outside: { minReplicas, maxReplicas, defaultReplicas }");
    }
    if (props.settingName !== undefined) check(this, nameProblem(props.settingName, NAME_RULES.autoscaleSetting));
    const timeZone = windowsTimeZone(props.timeZone);
    if ("problem" in timeZone) invalid(this, timeZone.problem);
    const schedule = this.parse(props, props.outside, 1000, "Azure autoscale's limit");
    const rules = props.rules ?? [];
    if (rules.length > MAX_RULES) invalid(this, `${rules.length} rules given; Azure autoscale allows at most ${MAX_RULES} per profile`, "Remove rules");
    const ruleBlocks = rules.map((rule, i) => this.ruleBlock(target, rule, i + 1));

    const recurring = schedule.recurrenceProfiles();
    const count = recurring.length + 1;
    if (count > MAX_PROFILES) {
      const ends = recurring.length - schedule.windows.length;
      invalid(
        this,
        `the schedule expands to ${count} profiles (1 default, ${schedule.windows.length} window starts, ${ends} window ends that restore "${schedule.outside.name}"); Azure autoscale allows at most ${MAX_PROFILES}`,
        "Use fewer windows, or end windows at shared times (or when another window starts) so that fewer end profiles are needed",
      );
    }
    const profile = (name: string, capacity: WindowCapacity): MonitorAutoscaleSettingProfile => ({
      name,
      capacity: { minimum: capacity.minReplicas, maximum: capacity.maxReplicas, default: capacity.defaultReplicas },
      rule: ruleBlocks.length > 0 ? ruleBlocks : undefined,
    });
    const profiles = [
      profile(schedule.outside.name, schedule.outside.capacity),
      ...recurring.map((p) => ({ ...profile(p.name, p.capacity), recurrence: { timezone: timeZone.value, days: [...p.days], hours: [p.hour], minutes: [p.minute] } })),
    ];
    this.warnStuckAtZero(target, rules, [schedule.outside, ...recurring]);

    return new MonitorAutoscaleSetting(this, "Resource", {
      name: props.settingName ?? generateName({ parts: ["autoscale", this.node.id], uniqueFrom: this.node.path, rule: NAME_RULES.autoscaleSetting }),
      resourceGroupName: target.placement.resourceGroupName,
      location: target.placement.location,
      targetResourceId: target.resourceId,
      profile: profiles,
    });
  }

  private checkTarget(target: ScheduledAutoscaleTarget): void {
    if (!Token.isUnresolved(target.resourceId)) {
      const type = target.resourceType.replace(/\./g, "\\.");
      if (!new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${type}/[^/]+$`, "i").test(target.resourceId)) {
        invalid(this, `target "${target.resourceId}" is not a ${target.label} resource id`, `Pass /subscriptions/<id>/resourceGroups/<group>/providers/${target.resourceType}/<name>, or the id attribute of the resource`);
      }
    }
    if (!target.placement.resourceGroupName || !target.placement.location) {
      invalid(this, `the ${target.label} target needs a resourceGroupName and a location for its autoscale setting`);
    }
  }

  private ruleBlock(target: ScheduledAutoscaleTarget, rule: ScheduledAutoscaleRule, n: number): MonitorAutoscaleSettingProfileRule {
    const what = `rule ${n} (${rule.metric})`;
    if (!rule.metric) invalid(this, `rule ${n} has no metric`, `Name a metric of the ${target.label}, e.g. "${target.cpuMetric}"`);
    const otherCpu = [VM_SCALE_SET, APP_SERVICE_PLAN].find((kind) => kind.cpuMetric === rule.metric && kind.cpuMetric !== target.cpuMetric);
    if (otherCpu && this.readsTarget(target, rule)) {
      invalid(this, `${what}: "${rule.metric}" is the ${otherCpu.label} CPU metric; a ${target.label} reports CPU as "${target.cpuMetric}"`, "Use target.cpuAbove()/cpuBelow(), or the right metric name");
    }
    if (rule.metricResourceId !== undefined && !Token.isUnresolved(rule.metricResourceId) && !ARM_ID.test(rule.metricResourceId)) {
      invalid(this, `${what}: metricResourceId "${rule.metricResourceId}" is not an Azure resource id`, "Pass /subscriptions/<id>/resourceGroups/<group>/providers/<type>/<name>, or the id attribute of the resource");
    }
    const statistic = rule.statistic ?? AutoscaleStatistic.AVERAGE;
    const timeAggregation = rule.timeAggregation ?? AutoscaleTimeAggregation.AVERAGE;
    const changeType = rule.changeType ?? AutoscaleChangeType.CHANGE_COUNT;
    checkOneOf(this, `${what}: operator`, rule.operator, Object.values(AutoscaleOperator));
    checkOneOf(this, `${what}: statistic`, statistic, Object.values(AutoscaleStatistic));
    checkOneOf(this, `${what}: timeAggregation`, timeAggregation, Object.values(AutoscaleTimeAggregation));
    checkOneOf(this, `${what}: direction`, rule.direction, Object.values(AutoscaleDirection));
    checkOneOf(this, `${what}: changeType`, changeType, Object.values(AutoscaleChangeType));
    if (!Number.isFinite(rule.threshold)) invalid(this, `${what}: threshold must be a finite number; got ${rule.threshold}`);
    const changeMin = changeType === AutoscaleChangeType.EXACT_COUNT ? 0 : 1;
    if (!Number.isInteger(rule.changeCount) || rule.changeCount < changeMin) {
      invalid(this, `${what}: changeCount must be an integer >= ${changeMin}; got ${rule.changeCount}`);
    }
    const timeGrain = rule.timeGrain ?? Duration.minutes(1);
    checkWholeMinutes(this, `${what}: timeGrain`, timeGrain, Duration.minutes(1), Duration.hours(12));
    checkWholeMinutes(this, `${what}: window`, rule.window, Duration.minutes(5), Duration.hours(12));
    checkWholeMinutes(this, `${what}: cooldown`, rule.cooldown, Duration.minutes(1), Duration.days(7));
    if (timeGrain.toMilliseconds() > rule.window.toMilliseconds()) {
      invalid(this, `${what}: timeGrain (${timeGrain}) is longer than window (${rule.window})`, "A window must hold at least one time grain");
    }
    return {
      metricTrigger: {
        metricName: rule.metric,
        metricNamespace: rule.metricNamespace,
        metricResourceId: rule.metricResourceId ?? target.resourceId,
        operator: rule.operator,
        statistic,
        threshold: rule.threshold,
        timeAggregation,
        timeGrain: timeGrain.toIsoString(),
        timeWindow: rule.window.toIsoString(),
      },
      scaleAction: { direction: rule.direction, type: changeType, value: rule.changeCount, cooldown: rule.cooldown.toIsoString() },
    };
  }

  private readsTarget(target: ScheduledAutoscaleTarget, rule: ScheduledAutoscaleRule): boolean {
    return (rule.metricResourceId ?? target.resourceId) === target.resourceId;
  }

  /**
   * Every metric of a VM scale set or App Service plan (CPU, memory, network, disk, HTTP queue) is
   * reported by its running instances: at 0 instances there is nothing to trigger a scale-out, unless
   * a scale-out rule reads another resource.
   */
  private warnStuckAtZero(target: ScheduledAutoscaleTarget, rules: readonly ScheduledAutoscaleRule[], profiles: ReadonlyArray<{ name: string; capacity: WindowCapacity }>): void {
    const hostMetrics = [...new Set(rules.filter((rule) => this.readsTarget(target, rule)).map((rule) => `"${rule.metric}"`))];
    if (hostMetrics.length === 0 || rules.some((rule) => rule.direction === AutoscaleDirection.INCREASE && !this.readsTarget(target, rule))) return;
    for (const { name } of profiles.filter((p) => p.capacity.minReplicas === 0)) {
      Annotations.of(this).addWarning(
        `profile "${name}" has minimum 0 and its rules read the ${target.label}'s own metrics (${hostMetrics.join(", ")}), which report nothing at 0 instances: once at 0, nothing scales it out until the next profile starts. ` +
          "Set minReplicas to at least 1, or add an Increase rule on another resource's metric (e.g. a queue's length)",
      );
    }
  }
}
