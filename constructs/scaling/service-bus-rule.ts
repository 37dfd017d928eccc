import { type ServiceBusScaleOptions } from "../scale-rules";
import { checkInteger, invalid } from "../validation";
import { requireAuthentication } from "./checks";
import { KedaRule } from "./keda-rule";
import { type ScaleRuleTarget } from "./scale-rule";

/** Messages of a Service Bus queue or topic subscription per replica above which one is added (KEDA azure-servicebus). */
const DEFAULT_MESSAGE_COUNT = 5;

/** Scales on the messages of a Service Bus queue, or of a topic subscription (KEDA azure-servicebus scaler). */
export class ServiceBusRule extends KedaRule {
  constructor(private readonly options: ServiceBusScaleOptions) {
    const entity: Record<string, string> = options.queueName !== undefined ? { queueName: options.queueName } : { topicName: options.topicName!, subscriptionName: options.subscriptionName! };
    super(
      options.name,
      `service-bus-${options.queueName ?? options.topicName}`,
      "azure-servicebus",
      { namespace: options.namespace, ...entity, messageCount: String(options.messageCount ?? DEFAULT_MESSAGE_COUNT) },
      options.authentication ? [options.authentication] : [],
    );
  }

  validate(target: ScaleRuleTarget): void {
    const options = this.options;
    checkInteger(target, "messageCount", options.messageCount ?? DEFAULT_MESSAGE_COUNT, 1, Number.MAX_SAFE_INTEGER);
    requireAuthentication(target, "scaleOnServiceBus", options.authentication, "the Service Bus connection string");
    const usesQueue = options.queueName !== undefined;
    const usesTopic = options.topicName !== undefined || options.subscriptionName !== undefined;
    if (usesQueue === usesTopic || (usesTopic && (!options.topicName || !options.subscriptionName))) {
      invalid(target, "scaleOnServiceBus needs either queueName, or topicName with subscriptionName");
    }
    super.validate(target);
  }
}
