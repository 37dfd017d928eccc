import { integerRangeProblem } from "../core/ranges";
import { type CostPriceTable, HOURS_PER_MONTH, HOURS_PER_WEEK } from "./prices";
import { numberProblem } from "./validation";

/**
 * A replica floor a schedule holds for part of every week (a KEDA cron rule, e.g. business hours
 * 60 h/week at 2 replicas). Outside every window the app sits at its `minReplicas`.
 */
export interface CostScheduleWindow {
  /** Hours per week the window lasts (windows of one component must not overlap; together at most 168). */
  readonly hoursPerWeek: number;
  /** Replicas held during the window; at least the component's `minReplicas`, at most its `maxReplicas`. */
  readonly minReplicas: number;
}

/** One container app, as {@link CostEstimate} prices it. */
export interface CostComponent {
  /** Row label in the cost table, unique within an estimate. */
  readonly name: string;
  /** vCPU per replica (sum over its containers), 0.25 to 4. */
  readonly cpu: number;
  /** Memory per replica in GiB (sum over its containers), 0.5 to 8. */
  readonly memoryGi: number;
  /** Configured minimum replica count (0 scales to zero), 0 to 300. */
  readonly minReplicas: number;
  /** Configured maximum replica count, 1 to 300, at least `minReplicas`. */
  readonly maxReplicas: number;
  /** Weekly windows with a higher floor (KEDA cron rules). @default [] (the floor is `minReplicas` all week) */
  readonly schedule?: readonly CostScheduleWindow[];
  /**
   * Share (0 to 1) of the time at `minReplicas` that those replicas are busy and billed at the active
   * rate rather than the idle rate. @default 0 (floor replicas idle all the time)
   */
  readonly activeShare?: number;
}

/** Replica-seconds of one month, split by billing rate. */
export interface ReplicaUsage {
  /** vCPU-seconds billed at the active rate. */
  readonly activeVcpuSeconds: number;
  /** vCPU-seconds billed at the idle rate. */
  readonly idleVcpuSeconds: number;
  /** GiB-seconds billed at the active rate. */
  readonly activeGibSeconds: number;
  /** GiB-seconds billed at the idle rate. */
  readonly idleGibSeconds: number;
}

/** One month of one component (or of all) in one scenario, before the free grant. */
export interface ScenarioCost extends ReplicaUsage {
  /** Cost in USD of the usage at the price table's rates, before the free grant. */
  readonly usd: number;
}

/** The monthly cost range of one component. */
export interface ComponentCost {
  /** The component as priced, defaults filled in. */
  readonly component: Required<CostComponent>;
  /** Replicas at their floors all month: idle at `minReplicas` (but for `activeShare`), active in windows above it. */
  readonly min: ScenarioCost;
  /** `maxReplicas` replicas active for all 730 hours. */
  readonly max: ScenarioCost;
}

const SECONDS_PER_WEEKLY_HOUR = (HOURS_PER_MONTH / HOURS_PER_WEEK) * 3_600;

/** Every problem with `component` (at position `index` in the list), as sentences. */
export function componentProblems(component: CostComponent, index: number): string[] {
  const c = component;
  const at = `components[${index}]${typeof c.name === "string" && c.name !== "" ? ` ("${c.name}")` : ""}`;
  const problems = [
    typeof c.name === "string" && c.name.trim() !== "" ? undefined : `${at}.name must be a non-empty string; got ${JSON.stringify(c.name)}`,
    numberProblem(`${at}.cpu`, c.cpu, { min: 0.25, max: 4 }),
    numberProblem(`${at}.memoryGi`, c.memoryGi, { min: 0.5, max: 8 }),
    integerRangeProblem(`${at}.minReplicas`, c.minReplicas, 0, 300),
    integerRangeProblem(`${at}.maxReplicas`, c.maxReplicas, 1, 300),
    c.minReplicas > c.maxReplicas ? `${at}: minReplicas (${c.minReplicas}) must not exceed maxReplicas (${c.maxReplicas})` : undefined,
    c.activeShare === undefined ? undefined : numberProblem(`${at}.activeShare`, c.activeShare, { min: 0, max: 1 }),
  ];
  const windows = c.schedule ?? [];
  windows.forEach((window, i) => {
    problems.push(
      numberProblem(`${at}.schedule[${i}].hoursPerWeek`, window.hoursPerWeek, { min: 0, minExclusive: true, max: HOURS_PER_WEEK }),
      integerRangeProblem(`${at}.schedule[${i}].minReplicas`, window.minReplicas, c.minReplicas, c.maxReplicas)?.concat(
        " (a KEDA cron rule only adds replicas above minReplicas, up to maxReplicas; lower minReplicas to the lowest floor)",
      ),
    );
  });
  const weekly = windows.reduce((sum, window) => sum + window.hoursPerWeek, 0);
  if (weekly > HOURS_PER_WEEK) problems.push(`${at}.schedule windows total ${weekly} hours per week; a week has only ${HOURS_PER_WEEK}`);
  return problems.filter((problem): problem is string => problem !== undefined);
}

/** The USD cost of `usage` at the table's active and idle rates. */
function usageUsd(usage: ReplicaUsage, prices: CostPriceTable): number {
  return (
    usage.activeVcpuSeconds * prices.activeVcpuSecond +
    usage.idleVcpuSeconds * prices.idleVcpuSecond +
    usage.activeGibSeconds * prices.activeGibSecond +
    usage.idleGibSeconds * prices.idleGibSecond
  );
}

/** Usage of `replicas` replicas of `c` for `seconds`, the `activeShare` of it at the active rate. */
function usage(c: Required<CostComponent>, replicas: number, seconds: number, activeShare: number): ReplicaUsage {
  const vcpu = replicas * c.cpu * seconds;
  const gib = replicas * c.memoryGi * seconds;
  return {
    activeVcpuSeconds: vcpu * activeShare,
    idleVcpuSeconds: vcpu * (1 - activeShare),
    activeGibSeconds: gib * activeShare,
    idleGibSeconds: gib * (1 - activeShare),
  };
}

/** Adds up usages field by field. */
export function sumUsage(usages: readonly ReplicaUsage[]): ReplicaUsage {
  const total = { activeVcpuSeconds: 0, idleVcpuSeconds: 0, activeGibSeconds: 0, idleGibSeconds: 0 };
  for (const u of usages) {
    total.activeVcpuSeconds += u.activeVcpuSeconds;
    total.idleVcpuSeconds += u.idleVcpuSeconds;
    total.activeGibSeconds += u.activeGibSeconds;
    total.idleGibSeconds += u.idleGibSeconds;
  }
  return total;
}

/**
 * Prices one valid component (see {@link componentProblems}). Min: outside the schedule windows the
 * `minReplicas` floor replicas are idle (active for `activeShare` of the time); inside a window above
 * `minReplicas` every replica is billed active, because Azure bills all replicas of a revision scaled
 * above its minimum at the active rate. Max: `maxReplicas` active replicas for all 730 hours.
 */
export function componentCost(component: CostComponent, prices: CostPriceTable): ComponentCost {
  const c: Required<CostComponent> = { ...component, schedule: component.schedule ?? [], activeShare: component.activeShare ?? 0 };
  const windowHours = c.schedule.reduce((sum, window) => sum + window.hoursPerWeek, 0);
  const atFloor = (replicas: number, weeklyHours: number): ReplicaUsage =>
    usage(c, replicas, weeklyHours * SECONDS_PER_WEEKLY_HOUR, replicas > c.minReplicas ? 1 : c.activeShare);
  const min = sumUsage([atFloor(c.minReplicas, HOURS_PER_WEEK - windowHours), ...c.schedule.map((w) => atFloor(w.minReplicas, w.hoursPerWeek))]);
  const max = usage(c, c.maxReplicas, HOURS_PER_MONTH * 3_600, 1);
  return {
    component: c,
    min: { ...min, usd: usageUsd(min, prices) },
    max: { ...max, usd: usageUsd(max, prices) },
  };
}
