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
    const { timeZone, start, end, desiredReplicas } = this.options;
    check(target, timeZoneProblem(timeZone));
    check(target, cronProblem(start));
    check(target, cronProblem(end));
    if (start.trim() === end.trim()) invalid(target, `schedule start and end are the same ("${start}")`, "A cron window needs different start and end expressions");
    const most = isKnownNumber(target.maxReplicas) ? target.maxReplicas : CONTAINER_APP_MAX_REPLICAS;
    checkInteger(target, "desiredReplicas", desiredReplicas, 1, most, "desiredReplicas must be at least 1 (a window at 0 needs no rule) and at most the app's maxReplicas");
    super.validate(target);
  }
}
