import { type AzureQueueScaleOptions } from "../scale-rules";
import { checkInteger, invalid } from "../validation";
import { authenticationBlock, checkAuthentication, requireAuthentication } from "./checks";
import { ScaleRule, type ScaleRuleBlock, type ScaleRuleTarget } from "./scale-rule";

/** Scales on the length of an Azure Storage queue (`azure_queue_scale_rule`, which Azure runs only with authentication). */
export class AzureQueueRule extends ScaleRule {
  constructor(private readonly options: AzureQueueScaleOptions) {
    super(options.name, `azure-queue-${options.queueName}`);
  }

  validate(target: ScaleRuleTarget): void {
    checkInteger(target, "queueLength", this.options.queueLength, 1, Number.MAX_SAFE_INTEGER);
    if (!this.options.queueName) invalid(target, "scaleOnAzureQueue needs a queueName");
    requireAuthentication(target, "scaleOnAzureQueue", this.options.authentication, "the storage connection string");
    checkAuthentication(target, this.options.authentication);
  }

  render(name: string): ScaleRuleBlock {
    const { queueName, queueLength, authentication } = this.options;
    return { attribute: "azure_queue_scale_rule", block: { name, queueName, queueLength, authentication: [authenticationBlock(authentication)] } };
  }
}
