import { type IConstruct } from "constructs";
import type { HorizontalPodAutoscalerV2SpecBehavior } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { type Duration } from "../../src/core";
import { checkInteger, checkOneOf, checkWholeSeconds, invalid } from "../validation";

/** How a scaling policy limits a change: by a percentage of the current replicas, or by a number of pods. */
export type ScalingPolicyType = "Percent" | "Pods";
/** Which policy wins when several apply: the largest change (Max), the smallest (Min), or none (Disabled: no scaling that way). */
export type ScalingSelectPolicy = "Max" | "Min" | "Disabled";

/** One rate limit of a scaling direction: at most `value` (percent or pods) per `period`. */
export interface ScalingPolicy {
  /** "Percent" of the current replicas, or a number of "Pods". */
  readonly type: ScalingPolicyType;
  /** Largest change per period (integer >= 1). */
  readonly value: number;
  /** The period the change is counted over (1..1800 s, whole seconds). */
  readonly period: Duration;
}

/** The rules of one scaling direction (`behavior.scaleUp` / `behavior.scaleDown` of an autoscaling/v2 HPA). */
export interface ScalingRules {
  /** Time the recommendations are looked back over; the largest (scale-down) or smallest (scale-up) wins (0..3600 s). */
  readonly stabilizationWindow: Duration;
  /** The rate limits (at least one). */
  readonly policies: readonly ScalingPolicy[];
  /** Which policy applies when several do. @default "Max" (Kubernetes' default) */
  readonly selectPolicy?: ScalingSelectPolicy;
}

/**
 * How fast the autoscaler may scale each way; omitted directions keep Kubernetes' defaults (scale-down: 300 s
 * window, 100% per 15 s; scale-up: no window, the larger of 100% and 4 pods per 15 s).
 */
export interface ScalingBehavior {
  /** Scale-down rules. @default - Kubernetes' default */
  readonly scaleDown?: ScalingRules;
  /** Scale-up rules. @default - Kubernetes' default */
  readonly scaleUp?: ScalingRules;
}

const POLICY_TYPES: readonly ScalingPolicyType[] = ["Percent", "Pods"];
const SELECT_POLICIES: readonly ScalingSelectPolicy[] = ["Max", "Min", "Disabled"];

/** Fails, naming `scope`, the field and what is allowed, when `behavior` breaks the autoscaling/v2 API's limits. */
export function checkBehavior(scope: IConstruct, behavior: ScalingBehavior | undefined): void {
  for (const direction of ["scaleDown", "scaleUp"] as const) {
    const rules = behavior?.[direction];
    if (rules === undefined) continue;
    const what = `behavior.${direction}`;
    if (rules.stabilizationWindow === undefined) invalid(scope, `${what}.stabilizationWindow is required`, "Give a Duration from 0 to 3600 s, e.g. Duration.seconds(300)");
    checkWholeSeconds(scope, `${what}.stabilizationWindow`, rules.stabilizationWindow, 0, 3600);
    checkOneOf(scope, `${what}.selectPolicy`, rules.selectPolicy, SELECT_POLICIES);
    const policies = rules.policies ?? [];
    if (policies.length === 0) invalid(scope, `${what}.policies is empty`, 'Give at least one policy, e.g. { type: "Percent", value: 100, period: Duration.seconds(15) }');
    policies.forEach((policy, i) => {
      checkOneOf(scope, `${what}.policies[${i}].type`, policy.type, POLICY_TYPES);
      checkInteger(scope, `${what}.policies[${i}].value`, policy.value, 1, 2_147_483_647);
      if (policy.period === undefined) invalid(scope, `${what}.policies[${i}].period is required`, "Give a Duration from 1 to 1800 s");
      checkWholeSeconds(scope, `${what}.policies[${i}].period`, policy.period, 1, 1800);
    });
  }
}

/** The Kubernetes API's default `selectPolicy`: the policy that allows the largest change. */
const DEFAULT_SELECT_POLICY: ScalingSelectPolicy = "Max";

/** `behavior` as the `behavior` block of a `kubernetes_horizontal_pod_autoscaler_v2`. */
export function behaviorBlock(behavior: ScalingBehavior): HorizontalPodAutoscalerV2SpecBehavior {
  const rules = (r: ScalingRules) => ({
    stabilizationWindowSeconds: r.stabilizationWindow.toWholeSeconds(),
    // Always written: the provider sends an unset select_policy as "", which the API server rejects
    // (selectPolicy: Unsupported value: ""); "Max" is the API's own default.
    selectPolicy: r.selectPolicy ?? DEFAULT_SELECT_POLICY,
    policy: r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.period.toWholeSeconds() })),
  });
  return { scaleDown: behavior.scaleDown ? [rules(behavior.scaleDown)] : undefined, scaleUp: behavior.scaleUp ? [rules(behavior.scaleUp)] : undefined };
}

/** `behavior` as the Kubernetes API writes it (camelCase), for KEDA's `advanced.horizontalPodAutoscalerConfig.behavior`. */
export function behaviorObject(behavior: ScalingBehavior): Record<string, unknown> {
  const rules = (r: ScalingRules) => ({
    stabilizationWindowSeconds: r.stabilizationWindow.toWholeSeconds(),
    ...(r.selectPolicy ? { selectPolicy: r.selectPolicy } : {}),
    policies: r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.period.toWholeSeconds() })),
  });
  return { ...(behavior.scaleDown ? { scaleDown: rules(behavior.scaleDown) } : {}), ...(behavior.scaleUp ? { scaleUp: rules(behavior.scaleUp) } : {}) };
}
