import { type UtilizationScaleOptions } from "../scale-rules";
import { checkInteger } from "../validation";
import { KedaRule } from "./keda-rule";
import { type ScaleRuleTarget } from "./scale-rule";

/** What a {@link UtilizationRule} keeps near its target: the replicas' average CPU or memory (the KEDA scaler type). */
export enum UtilizationResource {
  /** Average CPU, in percent of the requested vCPU. */
  CPU = "cpu",
  /** Average memory, in percent of the requested memory. */
  MEMORY = "memory",
}

/** Keeps the replicas' average CPU or memory near a target (KEDA cpu / memory scaler); cannot scale from zero. */
export class UtilizationRule extends KedaRule {
  constructor(
    resource: UtilizationResource,
    private readonly options: UtilizationScaleOptions,
  ) {
    super(options.name, `${resource}-utilization`, resource, { type: "Utilization", value: String(options.targetUtilizationPercent) });
  }

  validate(target: ScaleRuleTarget): void {
    checkInteger(target, "targetUtilizationPercent", this.options.targetUtilizationPercent, 1, 100);
    super.validate(target);
  }
}
