import { CONSUMPTION_CPU_MEMORY, parseMemoryGi } from "./container-resources";

/** Name and type of the built-in Consumption workload profile of a workload-profiles (v2) environment. */
export const CONSUMPTION_WORKLOAD_PROFILE = "Consumption";

/** A dedicated workload profile type: a VM size of the environment's nodes. */
export interface WorkloadProfileTypeInfo {
  /** The `workload_profile_type` value, e.g. "D4". */
  readonly name: WorkloadProfileType;
  /** vCPU of one node: the most one app's containers may request on it. */
  readonly cpu: number;
  /** Memory of one node in GiB: the most one app's containers may request on it. */
  readonly memoryGi: number;
}

/** The dedicated workload profile types the azurerm provider (v4.55) accepts, besides the Consumption ones. */
export enum WorkloadProfileType {
  /** General purpose, 4 vCPU, 16 GiB. */
  D4 = "D4",
  /** General purpose, 8 vCPU, 32 GiB. */
  D8 = "D8",
  /** General purpose, 16 vCPU, 64 GiB. */
  D16 = "D16",
  /** General purpose, 32 vCPU, 128 GiB. */
  D32 = "D32",
  /** Memory optimized, 4 vCPU, 32 GiB. */
  E4 = "E4",
  /** Memory optimized, 8 vCPU, 64 GiB. */
  E8 = "E8",
  /** Memory optimized, 16 vCPU, 128 GiB. */
  E16 = "E16",
  /** Memory optimized, 32 vCPU, 256 GiB. */
  E32 = "E32",
  /** GPU (one A100), 24 vCPU, 220 GiB. */
  NC24_A100 = "NC24-A100",
  /** GPU (two A100), 48 vCPU, 440 GiB. */
  NC48_A100 = "NC48-A100",
  /** GPU (four A100), 96 vCPU, 880 GiB. */
  NC96_A100 = "NC96-A100",
}

/**
 * Sizes of the dedicated workload profile types (Microsoft Learn, "Workload profiles in Azure Container Apps",
 * checked 2026-12; type names as the azurerm provider v4.55 validates them): general purpose D, memory optimized E,
 * GPU NC-A100.
 */
export const WORKLOAD_PROFILE_TYPES: readonly WorkloadProfileTypeInfo[] = [
  { name: WorkloadProfileType.D4, cpu: 4, memoryGi: 16 },
  { name: WorkloadProfileType.D8, cpu: 8, memoryGi: 32 },
  { name: WorkloadProfileType.D16, cpu: 16, memoryGi: 64 },
  { name: WorkloadProfileType.D32, cpu: 32, memoryGi: 128 },
  { name: WorkloadProfileType.E4, cpu: 4, memoryGi: 32 },
  { name: WorkloadProfileType.E8, cpu: 8, memoryGi: 64 },
  { name: WorkloadProfileType.E16, cpu: 16, memoryGi: 128 },
  { name: WorkloadProfileType.E32, cpu: 32, memoryGi: 256 },
  { name: WorkloadProfileType.NC24_A100, cpu: 24, memoryGi: 220 },
  { name: WorkloadProfileType.NC48_A100, cpu: 48, memoryGi: 440 },
  { name: WorkloadProfileType.NC96_A100, cpu: 96, memoryGi: 880 },
];

/** Most vCPU one app may request on the Consumption profile of a workload-profiles environment. */
export const CONSUMPTION_PROFILE_MAX_CPU = 4;

/**
 * Checks one app's total CPU and memory against the profile it runs on. Returns a sentence describing the problem,
 * or undefined when Azure accepts the pair:
 * - the Consumption profile: 0.25 to 4 vCPU in steps of 0.25, with twice as many GiB of memory;
 * - a dedicated profile: at most the node's vCPU and memory.
 */
export function workloadCpuMemoryProblem(profile: WorkloadProfileType | typeof CONSUMPTION_WORKLOAD_PROFILE, cpu: number, memory: string): string | undefined {
  const gib = parseMemoryGi(memory);
  if (gib === undefined) return `memory "${memory}" is not in canonical "<n>Gi" form (e.g. "0.5Gi", "1Gi", "1.5Gi")`;
  if (!(typeof cpu === "number" && cpu > 0)) return `cpu must be a positive number of vCPU; got ${JSON.stringify(cpu)}`;
  if (profile === CONSUMPTION_WORKLOAD_PROFILE) {
    const quarters = cpu * 4;
    if (Number.isInteger(quarters) && cpu <= CONSUMPTION_PROFILE_MAX_CPU && gib === cpu * 2) return undefined;
    const examples = CONSUMPTION_CPU_MEMORY.map((pair) => `${pair.cpu}/${pair.memory}`).join(", ");
    return `cpu ${cpu} with memory ${memory} is not a combination the Consumption workload profile accepts: 0.25 to ${CONSUMPTION_PROFILE_MAX_CPU} vCPU in steps of 0.25 with twice as many GiB (${examples}, ... 4/8Gi), summed over containers`;
  }
  const type = WORKLOAD_PROFILE_TYPES.find((candidate) => candidate.name === profile);
  if (!type) return `workload profile type "${profile}" is not known; use one of ${WORKLOAD_PROFILE_TYPES.map((t) => t.name).join(", ")}`;
  if (cpu <= type.cpu && gib <= type.memoryGi) return undefined;
  return `cpu ${cpu} with memory ${memory} does not fit a ${type.name} workload profile node (${type.cpu} vCPU, ${type.memoryGi} GiB); request at most that, or use a larger profile type`;
}
