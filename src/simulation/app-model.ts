import type { ContainerAppModel, StackValue } from "../operations/terraform-stack";
import { DEFAULT_COOLDOWN_SECONDS, DEFAULT_POLLING_SECONDS } from "./assumptions";

/**
 * How requests use an app: an `entry` app (external ingress) carries each request from arrival to answer; a `relay`
 * (internal, scaled on CPU or memory only, like the SLIM gateway) carries it while the agents work; a `visited` app
 * (an agent) serves one part of it.
 */
export type AppRole = "entry" | "relay" | "visited";

/** A cron floor of an app: `desiredReplicas` from each `start` to the next `end`, local time in `timeZone`. */
export interface CronFloor {
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  readonly desiredReplicas: number;
}

/** What the simulation knows of one container app, read from its synthesized `azurerm_container_app`. */
export interface SimulatedAppSpec {
  /** The key results are reported under: the platform's component name, or the app's Azure name. */
  readonly key: string;
  readonly logicalId: string;
  readonly role: AppRole;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cooldownSeconds: number;
  readonly pollingSeconds: number;
  /** Concurrent requests per replica of its HTTP or TCP rule, if it has one. */
  readonly concurrencyTarget: number | undefined;
  /** Target CPU utilization (0-1) of its CPU rule, if it has one. */
  readonly cpuTarget: number | undefined;
  readonly cronFloors: readonly CronFloor[];
  /** vCPUs and GiB of one replica. */
  readonly cpu: number;
  readonly memoryGi: number;
}

/** The literal of `value`, or a RangeError naming the app and attribute when Terraform only knows it at apply time. */
function literal(app: ContainerAppModel, attribute: string, value: StackValue<number> | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value.kind === "literal") return value.value;
  throw new RangeError(
    `container app ${app.logicalId}: ${attribute} is the Terraform expression \${${value.expression}}, known only at apply time; the simulation needs a number (give the app a literal ${attribute})`,
  );
}

/**
 * Reads one app's scaling configuration. Unsupported rules (queues, memory, other KEDA scalers) do not scale the app
 * in the simulation.
 * @param key the name results use for it
 */
export function simulatedApp(app: ContainerAppModel, key: string): SimulatedAppSpec {
  let concurrencyTarget: number | undefined;
  let cpuTarget: number | undefined;
  const cronFloors: CronFloor[] = [];
  for (const rule of app.scaleRules) {
    if (rule.kind === "http" || rule.kind === "tcp") {
      concurrencyTarget = literal(app, `${rule.kind}_scale_rule ${rule.name} concurrent_requests`, rule.concurrentRequests, 10);
    } else if (rule.type === "cpu" && rule.metadata.type === "Utilization") {
      cpuTarget = Number(rule.metadata.value) / 100;
    } else if (rule.type === "cron") {
      const { start, end, timezone, desiredReplicas } = rule.metadata;
      if (start !== undefined && end !== undefined && timezone !== undefined) cronFloors.push({ start, end, timeZone: timezone, desiredReplicas: Number(desiredReplicas) });
    }
  }
  const scalesOnLoad = concurrencyTarget !== undefined;
  const role: AppRole = app.ingress?.external === true ? "entry" : !scalesOnLoad && cpuTarget !== undefined ? "relay" : "visited";
  return {
    key,
    logicalId: app.logicalId,
    role,
    minReplicas: literal(app, "min_replicas", app.minReplicas, 0),
    maxReplicas: literal(app, "max_replicas", app.maxReplicas, 10),
    cooldownSeconds: literal(app, "cooldown_period_in_seconds", app.cooldownSeconds, DEFAULT_COOLDOWN_SECONDS),
    pollingSeconds: literal(app, "polling_interval_in_seconds", app.pollingIntervalSeconds, DEFAULT_POLLING_SECONDS),
    concurrencyTarget,
    cpuTarget,
    cronFloors,
    cpu: app.cpu ?? 0.5,
    memoryGi: app.memoryGi ?? 1,
  };
}
