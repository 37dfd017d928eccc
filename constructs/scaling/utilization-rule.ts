import { type UtilizationScaleOptions } from "../scale-rules";
import { checkInteger } from "../validation";
import { KedaRule } from "./keda-rule";
import { type ScaleRuleTarget } from "./scale-rule";

/** Keeps the replicas' average CPU or memory near a target (KEDA cpu / memory scaler); cannot scale from zero. */
export class UtilizationRule extends KedaRule {
  constructor(
    resource: "cpu" | "memory",
    private readonly options: UtilizationScaleOptions,
  ) {
    super(options.name, `${resource}-utilization`, resource, { type: "Utilization", value: String(options.targetUtilizationPercent) });
  }

  validate(target: ScaleRuleTarget): void {
    checkInteger(target, "targetUtilizationPercent", this.options.targetUtilizationPercent, 1, 100);
    super.validate(target);
  }
}
