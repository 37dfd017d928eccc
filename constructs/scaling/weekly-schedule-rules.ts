import { Annotations } from "cdktf";
import { type IConstruct } from "constructs";
import { CONTAINER_APP_MAX_REPLICAS, timeZoneProblem } from "../../src/core";
import { type OutsideWindows, type ReplicaBounds, type ScheduleWindow, WeeklySchedule, type WindowCapacity } from "../../src/core/weekly-schedule";
import { type ScheduleScaleOptions } from "../scale-rules";
import { check, invalid, isKnownNumber } from "../validation";

/** A weekly schedule: windows in one IANA time zone, and the capacity outside them. */
export interface ScheduleDefinition {
  /** IANA time zone the windows are read in, e.g. "America/New_York". */
  readonly timeZone: string;
  /** Named windows (at least one, none overlapping). */
  readonly windows: readonly ScheduleWindow[];
  /** WindowCapacity when no window is in force. @default - for a Container App, its own minReplicas and maxReplicas; required for other targets */
  readonly outside?: OutsideWindows;
}

/** What a weekly schedule needs of a container app. A `ScaledAgentApp` is one. */
export interface WeeklyScheduleTarget {
  /** The app's Azure name, for messages. */
  readonly appName: string;
  /** Fewest replicas: the floor outside windows. */
  readonly minReplicas: number;
  /** Most replicas: windows cannot ask for more. */
  readonly maxReplicas: number;
  /** Names of the app's scale rules so far. */
  readonly scaleRuleNames: readonly string[];
  /** Adds one cron rule. */
  scaleOnSchedule(options: ScheduleScaleOptions): unknown;
}

/**
 * Applies a weekly schedule to a container app as KEDA cron rules: one per window whose minReplicas is at least 1,
 * named after the window, holding that many replicas. A container app's own minReplicas is its floor outside
 * windows; per-window maxima and defaults cannot be expressed, so they become warnings. Errors and warnings are
 * reported on `scope`.
 * @returns the names of the cron rules added
 */
export function applyWeeklySchedule(scope: IConstruct, app: WeeklyScheduleTarget, schedule: ScheduleDefinition): string[] {
  check(scope, timeZoneProblem(schedule.timeZone));
  // A maxReplicas from a Terraform variable is only known at plan time: windows are then checked against the service's 300.
  const maxReplicas = isKnownNumber(app.maxReplicas) ? app.maxReplicas : CONTAINER_APP_MAX_REPLICAS;
  const outside = schedule.outside ?? { minReplicas: isKnownNumber(app.minReplicas) ? app.minReplicas : 0, maxReplicas };
  const parsed = WeeklySchedule.parse(schedule.windows, outside, { maxReplicas, source: `the maxReplicas of Container App "${app.appName}"; raise it on the app` });
  if ("problem" in parsed) invalid(scope, parsed.problem);
  const weekly = parsed.value;
  const warn = (message: string): void => void Annotations.of(scope).addWarning(message);
  const names: string[] = [];
  for (const [i, window] of weekly.windows.entries()) {
    const what = `window "${window.name}"`;
    unappliedBounds(what, schedule.windows[i]!, window.capacity, app, `its cron rule holds minReplicas ${window.capacity.minReplicas} instead`).forEach(warn);
    if (isKnownNumber(app.minReplicas) && window.capacity.minReplicas < app.minReplicas) {
      warn(`${what}: minReplicas ${window.capacity.minReplicas} cannot be applied: the app's own minReplicas ${app.minReplicas} is the floor at all times`);
    }
    if (window.capacity.minReplicas === 0) continue;
    if (app.scaleRuleNames.includes(window.name)) {
      invalid(scope, `${what}: Container App "${app.appName}" already has a scale rule named "${window.name}"`, "Rename the window");
    }
    const cron = weekly.cronWindow(window);
    app.scaleOnSchedule({ name: window.name, timeZone: schedule.timeZone, start: cron.start, end: cron.end, desiredReplicas: window.capacity.minReplicas });
    names.push(window.name);
  }
  if (weekly.outside.capacity.minReplicas !== app.minReplicas) {
    warn(`outside: minReplicas ${weekly.outside.capacity.minReplicas} cannot be applied to a Container App: outside windows its own minReplicas ${app.minReplicas} is the floor. Set minReplicas on the ScaledAgentApp instead`);
  }
  if (schedule.outside) unappliedBounds("outside", schedule.outside, weekly.outside.capacity, app, `the app's minReplicas ${app.minReplicas} applies instead`).forEach(warn);
  return names;
}

/** Warnings for the bounds a Container App cannot apply: a maximum other than the app's, and a default. */
function unappliedBounds(what: string, given: ReplicaBounds, capacity: WindowCapacity, app: WeeklyScheduleTarget, instead: string): string[] {
  const warnings: string[] = [];
  if (isKnownNumber(app.maxReplicas) && capacity.maxReplicas !== app.maxReplicas) {
    warnings.push(`${what}: maxReplicas ${capacity.maxReplicas} cannot be applied to a Container App (KEDA cron rules only raise the floor); the app's maxReplicas ${app.maxReplicas} applies instead`);
  }
  if (given.defaultReplicas !== undefined && given.defaultReplicas !== capacity.minReplicas) {
    warnings.push(`${what}: defaultReplicas ${given.defaultReplicas} cannot be applied to a Container App; ${instead}`);
  }
  return warnings;
}
