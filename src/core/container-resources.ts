/**
 * The CPU / memory combinations Azure Container Apps accepts on the Consumption plan. The service
 * checks the SUM over all containers of an app (the azurerm provider only checks cpu >= 0.1).
 */
export const CONSUMPTION_CPU_MEMORY: ReadonlyArray<{ readonly cpu: number; readonly memory: string }> = [
  { cpu: 0.25, memory: "0.5Gi" },
  { cpu: 0.5, memory: "1Gi" },
  { cpu: 0.75, memory: "1.5Gi" },
  { cpu: 1, memory: "2Gi" },
  { cpu: 1.25, memory: "2.5Gi" },
  { cpu: 1.5, memory: "3Gi" },
  { cpu: 1.75, memory: "3.5Gi" },
  { cpu: 2, memory: "4Gi" },
];

const CANONICAL_MEMORY = /^(0|[1-9]\d*)(\.\d*[1-9])?Gi$/;

/** Memory in GiB from a canonical `<n>Gi` string (`"1Gi"`, `"0.5Gi"`), or undefined when not canonical. */
export function parseMemoryGi(memory: string): number | undefined {
  return CANONICAL_MEMORY.test(memory) ? Number(memory.slice(0, -2)) : undefined;
}

/** The canonical `<n>Gi` string for a number of GiB (`0.5` -> `"0.5Gi"`). */
export function formatMemoryGi(gib: number): string {
  return `${Number(gib.toFixed(4))}Gi`;
}

/**
 * Checks one app's total CPU (vCPU) and memory (canonical `<n>Gi`) against the Consumption pairs.
 * Returns a sentence describing the problem, or undefined when the pair is allowed.
 */
export function cpuMemoryProblem(cpu: number, memory: string): string | undefined {
  const gib = parseMemoryGi(memory);
  if (gib === undefined) {
    return `memory "${memory}" is not in canonical "<n>Gi" form (e.g. "0.5Gi", "1Gi", "1.5Gi")`;
  }
  const allowed = CONSUMPTION_CPU_MEMORY.some((pair) => pair.cpu === cpu && parseMemoryGi(pair.memory) === gib);
  if (allowed) return undefined;
  const pairs = CONSUMPTION_CPU_MEMORY.map((pair) => `${pair.cpu}/${pair.memory}`).join(", ");
  return `cpu ${cpu} with memory ${memory} is not a combination Azure Container Apps accepts; allowed cpu/memory pairs (summed over containers): ${pairs}`;
}

/** Most replicas a container app may have (`max_replicas` 1..300). */
export const CONTAINER_APP_MAX_REPLICAS = 300;
