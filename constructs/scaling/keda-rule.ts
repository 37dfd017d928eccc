import { CUSTOM_SCALE_RULE_TYPES, HOST_METRIC_SCALE_RULE_TYPES } from "../../src/core";
import { type ScaleRuleAuthentication } from "../scale-rules";
import { invalid } from "../validation";
import { authenticationBlock, checkAuthentication, requireNonZeroMinimum } from "./checks";
import { ScaleRule, type ScaleRuleBlock, type ScaleRuleTarget } from "./scale-rule";

/**
 * A rule rendered as a `custom_scale_rule`: a KEDA scaler type the provider accepts, its metadata and secrets. The
 * base of every scaler that has no block of its own (CPU, memory, cron, Service Bus, and any other KEDA scaler).
 */
export abstract class KedaRule extends ScaleRule {
  protected constructor(
    requestedName: string | undefined,
    baseName: string,
    /** KEDA scaler type, e.g. "cron". */
    readonly type: string,
    /** Scaler metadata, as KEDA documents it for `type`. */
    readonly metadata: { readonly [key: string]: string },
    /** Secrets passed to the scaler. */
    readonly authentication: readonly ScaleRuleAuthentication[] = [],
  ) {
    super(requestedName, baseName);
  }

  validate(target: ScaleRuleTarget): void {
    if (!CUSTOM_SCALE_RULE_TYPES.includes(this.type)) {
      invalid(target, `scale rule type "${this.type}" is not one the azurerm provider accepts`, `Use one of: ${CUSTOM_SCALE_RULE_TYPES.join(", ")}`);
    }
    if (HOST_METRIC_SCALE_RULE_TYPES.includes(this.type)) requireNonZeroMinimum(target, this.type);
    if (Object.keys(this.metadata).length === 0) invalid(target, `scale rule of type "${this.type}" needs metadata (see the KEDA scaler's documentation)`);
    for (const auth of this.authentication) checkAuthentication(target, auth);
  }

  render(name: string): ScaleRuleBlock {
    return {
      attribute: "custom_scale_rule",
      block: {
        name,
        customRuleType: this.type,
        metadata: { ...this.metadata },
        authentication: this.authentication.length > 0 ? this.authentication.map(authenticationBlock) : undefined,
      },
    };
  }
}
