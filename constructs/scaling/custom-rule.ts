import { type CustomScaleOptions } from "../scale-rules";
import { invalid } from "../validation";
import { KedaRule } from "./keda-rule";
import { type ScaleRuleTarget } from "./scale-rule";

/** KEDA scaler types that have a method of their own on ScaledAgentApp, which validates them. */
const DEDICATED_SCALE_METHODS: Readonly<Record<string, string>> = {
  cron: "scaleOnSchedule",
  cpu: "scaleOnCpuUtilization",
  memory: "scaleOnMemoryUtilization",
  http: "scaleOnHttpConcurrency",
  tcp: "scaleOnTcpConcurrency",
};

/** Any KEDA scaler the azurerm provider accepts, except those with a rule of their own (cron, cpu, memory, http, tcp). */
export class CustomRule extends KedaRule {
  constructor(options: CustomScaleOptions) {
    super(options.name, options.type, options.type, options.metadata, options.authentication);
  }

  validate(target: ScaleRuleTarget): void {
    const dedicated = DEDICATED_SCALE_METHODS[this.type];
    if (dedicated) invalid(target, `scale rule type "${this.type}" has its own method, which validates it`, `Use ${dedicated}() instead of scaleOnCustom()`);
    super.validate(target);
  }
}
