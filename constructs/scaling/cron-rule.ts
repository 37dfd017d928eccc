import { type IConstruct } from "constructs";
import { CONTAINER_APP_MAX_REPLICAS, cronProblem, timeZoneProblem } from "../../src/core";
import { type ScheduleScaleOptions } from "../scale-rules";
import { check, checkInteger, invalid, isKnownNumber } from "../validation";
import { KedaRule } from "./keda-rule";
import { type ScaleRuleTarget } from "./scale-rule";

/** Holds at least `desiredReplicas` replicas between two cron times in an IANA time zone (KEDA cron scaler). */
export class CronRule extends KedaRule {
  constructor(private readonly options: ScheduleScaleOptions) {
    super(options.name, "schedule", "cron", { timezone: options.timeZone, start: options.start, end: options.end, desiredReplicas: String(options.desiredReplicas) });
  }

  validate(target: ScaleRuleTarget): void {
    checkSchedule(target, this.options, CONTAINER_APP_MAX_REPLICAS);
    super.validate(target);
  }
}

/**
 * Checks a cron window against the app it is added to (a container app or a Kubernetes app): the IANA time zone, both
 * 5-field cron expressions, different start and end, and `desiredReplicas` from 1 to the app's maxReplicas
 * (`mostWhenUnknown` when maxReplicas is a Terraform token).
 */
export function checkSchedule(target: IConstruct & { readonly maxReplicas: number }, options: ScheduleScaleOptions, mostWhenUnknown: number): void {
  const { timeZone, start, end, desiredReplicas } = options;
  check(target, timeZoneProblem(timeZone));
  check(target, cronProblem(start));
  check(target, cronProblem(end));
  if (start.trim() === end.trim()) invalid(target, `schedule start and end are the same ("${start}")`, "A cron window needs different start and end expressions");
  const most = isKnownNumber(target.maxReplicas) ? target.maxReplicas : mostWhenUnknown;
  checkInteger(target, "desiredReplicas", desiredReplicas, 1, most, "desiredReplicas must be at least 1 (a window at 0 needs no rule) and at most the app's maxReplicas");
}
