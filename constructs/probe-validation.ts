import { type IConstruct } from "constructs";
import { ProbeTransport } from "./scale-rules";
import { type AgentAppProbes } from "./scaled-agent-app-props";
import { checkInteger, checkOneOf, checkWholeSeconds, invalid } from "./validation";

/** What a platform allows of a probe's timings: inclusive [min, max] per field. */
export interface ProbeLimits {
  readonly initialDelaySeconds: readonly [number, number];
  readonly intervalSeconds: readonly [number, number];
  readonly timeoutSeconds: readonly [number, number];
  readonly failureThreshold: readonly [number, number];
}

/** Container Apps' probe limits (azure-facts: initialDelaySeconds 0-60, periodSeconds 1-240, timeoutSeconds 1-240, failureThreshold 1-10). */
export const CONTAINER_APPS_PROBE_LIMITS: ProbeLimits = { initialDelaySeconds: [0, 60], intervalSeconds: [1, 240], timeoutSeconds: [1, 240], failureThreshold: [1, 10] };

/** Kubernetes' probe limits: only the lower bounds of the API (0 delay, 1 s period and timeout, 1 failure). */
export const KUBERNETES_PROBE_LIMITS: ProbeLimits = {
  initialDelaySeconds: [0, Number.MAX_SAFE_INTEGER],
  intervalSeconds: [1, Number.MAX_SAFE_INTEGER],
  timeoutSeconds: [1, Number.MAX_SAFE_INTEGER],
  failureThreshold: [1, Number.MAX_SAFE_INTEGER],
};

/** Checks every probe of `probes` against `limits` (transport, port, path, timings), failing with the construct path. */
export function checkProbes(scope: IConstruct, probes: AgentAppProbes | undefined, limits: ProbeLimits): void {
  for (const [kind, probe] of Object.entries(probes ?? {})) {
    if (!probe) continue;
    checkOneOf(scope, `probes.${kind}.transport`, probe.transport, Object.values(ProbeTransport));
    checkInteger(scope, `probes.${kind}.port`, probe.port, 1, 65535);
    checkWholeSeconds(scope, `probes.${kind}.initialDelay`, probe.initialDelay, ...limits.initialDelaySeconds);
    checkWholeSeconds(scope, `probes.${kind}.interval`, probe.interval, ...limits.intervalSeconds);
    checkWholeSeconds(scope, `probes.${kind}.timeout`, probe.timeout, ...limits.timeoutSeconds);
    if (probe.failureThreshold !== undefined) checkInteger(scope, `probes.${kind}.failureThreshold`, probe.failureThreshold, ...limits.failureThreshold);
    if (probe.path !== undefined && probe.transport === ProbeTransport.TCP) invalid(scope, `probes.${kind}.path "${probe.path}" is set on a TCP probe`, "A TCP probe only opens a connection: remove path, or use transport HTTP or HTTPS");
    if (probe.path !== undefined && !probe.path.startsWith("/")) invalid(scope, `probes.${kind}.path "${probe.path}" must start with "/"`);
  }
}
