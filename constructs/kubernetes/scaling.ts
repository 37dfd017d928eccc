import { Token } from "cdktf";
import { type IConstruct } from "constructs";
import { NAME_RULES, nameProblem } from "../../src/core";
import { type ScheduleScaleOptions, type UtilizationScaleOptions } from "../scale-rules";
import { cleanRuleName } from "../scaling/app-scaling";
import { checkSchedule } from "../scaling/cron-rule";
import { check, checkInteger, invalid, isKnownNumber } from "../validation";
import { type HpaMetric } from "./hpa";
import { type KedaTrigger } from "./keda";
import { type KubernetesAzureQueueScaleOptions, type KubernetesServiceBusScaleOptions, type PodsMetricScaleOptions } from "./scale-options";

/** A Kubernetes quantity, e.g. "100", "0.5", "500m", "2Gi". */
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[mkMGTPE]|[KMGTPE]i)?$/;

/** What the scaling rules need of the app. */
export interface KubernetesScalingTarget extends IConstruct {
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** A rule of the app: a native HPA metric (CPU, memory, a pods metric) or a KEDA-only trigger (queue, Service Bus, cron). */
type Rule = { readonly name: string; readonly hpa: HpaMetric } | { readonly name: string; readonly keda: KedaTrigger };

/**
 * The scaling rules of one `KubernetesAgentApp`, appended by its `scaleOn*` methods and rendered at synth. Without a
 * KEDA-only rule they become one native `HorizontalPodAutoscaler`; with one, everything becomes one KEDA
 * `ScaledObject` (CPU and memory as KEDA cpu/memory triggers), because KEDA creates its own HPA for the Deployment
 * and two HPAs on one Deployment fight over its replicas. A pods metric has no KEDA form and is then rejected.
 */
export class KubernetesScaling {
  private readonly rules: Rule[] = [];

  constructor(private readonly target: KubernetesScalingTarget) {}

  /** Whether the rules need KEDA (a queue, Service Bus or cron trigger). */
  get usesKeda(): boolean {
    return this.rules.some((rule) => "keda" in rule);
  }

  /** Whether a KEDA trigger authenticates with the app's workload identity. */
  get usesWorkloadIdentity(): boolean {
    return this.rules.some((rule) => "keda" in rule && rule.keda.authenticated);
  }

  /** Adds a CPU or memory utilization target. */
  addUtilization(resource: "cpu" | "memory", options: UtilizationScaleOptions): void {
    checkInteger(this.target, `${resource} targetUtilizationPercent`, options.targetUtilizationPercent, 1, 100);
    this.add(options.name, resource, { kind: "resource", resource, averageUtilization: options.targetUtilizationPercent });
  }

  /** Adds a per-pod custom metric target. */
  addPodsMetric(options: PodsMetricScaleOptions): void {
    if (!options.metricName) invalid(this.target, "scaleOnPodsMetric needs a metricName", 'Name the metric the custom-metrics API serves, e.g. "http_requests_per_second"');
    const value = typeof options.averageValue === "number" ? (isKnownNumber(options.averageValue) ? String(options.averageValue) : Token.asString(options.averageValue)) : options.averageValue;
    if (!Token.isUnresolved(value) && (!QUANTITY.test(value) || Number.parseFloat(value) <= 0)) {
      invalid(this.target, `scaleOnPodsMetric averageValue "${value}" is not a positive Kubernetes quantity`, 'Use a number or a quantity such as "100" or "500m"');
    }
    this.add(options.name, `pods-${options.metricName}`, { kind: "pods", metricName: options.metricName, averageValue: value });
  }

  /** Adds a KEDA azure-queue trigger. */
  addAzureQueue(options: KubernetesAzureQueueScaleOptions): void {
    if (!options.queueName) invalid(this.target, "scaleOnAzureQueue needs a queueName");
    if (!options.accountName) invalid(this.target, "scaleOnAzureQueue needs the storage accountName", "The scaler reads the queue with the app's workload identity, so it needs the account name, not a connection string");
    const queueLength = options.queueLength ?? 5;
    checkInteger(this.target, "queueLength", queueLength, 1, Number.MAX_SAFE_INTEGER);
    this.addKeda(options.name, `azure-queue-${options.queueName}`, "azure-queue", { accountName: options.accountName, queueName: options.queueName, queueLength: String(queueLength) }, true);
  }

  /** Adds a KEDA azure-servicebus trigger. */
  addServiceBus(options: KubernetesServiceBusScaleOptions): void {
    const usesQueue = options.queueName !== undefined;
    const usesTopic = options.topicName !== undefined || options.subscriptionName !== undefined;
    if (usesQueue === usesTopic || (usesTopic && (!options.topicName || !options.subscriptionName))) {
      invalid(this.target, "scaleOnServiceBus needs either queueName, or topicName with subscriptionName");
    }
    if (!options.namespace) invalid(this.target, "scaleOnServiceBus needs the Service Bus namespace name");
    const messageCount = options.messageCount ?? 5;
    checkInteger(this.target, "messageCount", messageCount, 1, Number.MAX_SAFE_INTEGER);
    const entity: Record<string, string> = usesQueue ? { queueName: options.queueName! } : { topicName: options.topicName!, subscriptionName: options.subscriptionName! };
    this.addKeda(options.name, `service-bus-${options.queueName ?? options.topicName}`, "azure-servicebus", { namespace: options.namespace, ...entity, messageCount: String(messageCount) }, true);
  }

  /** Adds a KEDA cron trigger (the same rules as a container app's `scaleOnSchedule`). */
  addSchedule(options: ScheduleScaleOptions): void {
    checkSchedule(this.target, options, Number.MAX_SAFE_INTEGER);
    const { timeZone, start, end, desiredReplicas } = options;
    this.addKeda(options.name, "schedule", "cron", { timezone: timeZone, start, end, desiredReplicas: String(desiredReplicas) }, false);
  }

  /** Problems of the rules as a whole, for the app's synth-time validation (the methods may be called in any order). */
  problems(): string[] {
    const path = this.target.node.path;
    const min = this.target.minReplicas;
    const problems: string[] = [];
    if (this.rules.length === 0) return problems;
    if (this.usesKeda) {
      const pods = this.rules.find((rule) => "hpa" in rule && rule.hpa.kind === "pods");
      if (pods) {
        problems.push(
          `${path}: the pods metric rule "${pods.name}" cannot be combined with KEDA triggers (queue, Service Bus, schedule): KEDA creates the Deployment's HPA from its own triggers, ` +
            "and a second, native HPA on the same Deployment would fight it over the replicas. Scale on the metric with a KEDA prometheus trigger instead, or drop the KEDA triggers",
        );
      }
    } else if (min === 0) {
      problems.push(
        `${path}: minReplicas is 0, but a native HorizontalPodAutoscaler cannot scale to zero (CPU, memory and pods metrics need running pods). Set minReplicas to at least 1, or add a KEDA trigger (scaleOnAzureQueue, scaleOnServiceBus) that can wake it`,
      );
    }
    return problems;
  }

  /** The native HPA's metric list (empty when KEDA is used). */
  hpaMetrics(): HpaMetric[] {
    return this.usesKeda ? [] : this.rules.flatMap((rule) => ("hpa" in rule ? [rule.hpa] : []));
  }

  /** The KEDA triggers: the KEDA-only rules, and CPU/memory as KEDA cpu/memory triggers. */
  kedaTriggers(): KedaTrigger[] {
    return this.rules.flatMap((rule): KedaTrigger[] => {
      if ("keda" in rule) return [rule.keda];
      if (rule.hpa.kind === "pods") return [];
      return [{ name: rule.name, type: rule.hpa.resource, metricType: "Utilization", metadata: { value: String(rule.hpa.averageUtilization) }, authenticated: false }];
    });
  }

  private addKeda(requested: string | undefined, base: string, type: string, metadata: Record<string, string>, authenticated: boolean): void {
    const name = this.uniqueName(requested, base);
    this.rules.push({ name, keda: { name, type, metadata, authenticated } });
  }

  private add(requested: string | undefined, base: string, hpa: HpaMetric): void {
    this.rules.push({ name: this.uniqueName(requested, base), hpa });
  }

  private uniqueName(requested: string | undefined, base: string): string {
    const taken = new Set(this.rules.map((rule) => rule.name));
    if (requested !== undefined) {
      check(this.target, nameProblem(requested, NAME_RULES.scaleRule));
      if (taken.has(requested)) invalid(this.target, `scale rule name "${requested}" is used twice`, "Rule names must be unique within an app");
      return requested;
    }
    const clean = cleanRuleName(base);
    let name = clean;
    for (let n = 2; taken.has(name); n++) name = `${clean}-${n}`;
    return name;
  }
}
